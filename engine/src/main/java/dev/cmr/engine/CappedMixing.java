package dev.cmr.engine;

import java.util.List;

/**
 * The decoupled, capped mixing of CMR (CMR.md, section 6): {@code g = g_task + gamma * g_spec}
 * with {@code gamma = min(1, rho ||g_task|| / (||g_spec|| + 1e-12))}, norms global L2 over all
 * parameters.
 *
 * <p>Consequences: {@code ||gamma g_spec|| <= rho ||g_task||}, and
 * {@code <g, g_task> >= (1 - rho) ||g_task||^2}, so for {@code rho < 1} the mixed update is a
 * descent direction for the task loss. When {@code g_spec = 0} (for example {@code lambda = 0})
 * the task gradient is left bit-for-bit unchanged.
 */
public final class CappedMixing {
  /** Added to {@code ||g_spec||} in the denominator of {@code gamma}. */
  public static final double NORM_FLOOR = 1e-12;

  private CappedMixing() {}

  /**
   * The mixing factor {@code gamma = min(1, rho * taskNorm / (spectralNorm + 1e-12))} for the
   * given global L2 norms. Pure function; thread-safe.
   *
   * @param taskNorm global L2 norm {@code ||g_task||} of the task gradient, {@code >= 0}
   * @param spectralNorm global L2 norm {@code ||g_spec||} of the spectral gradient,
   *     {@code >= 0}
   * @param rho the cap, {@code >= 0} (CMR uses values in {@code [0, 1]})
   * @return {@code gamma} in {@code [0, 1]}; 0 when {@code taskNorm} or {@code rho} is 0
   * @throws IllegalArgumentException if an argument is negative, NaN or infinite
   */
  public static double gamma(double taskNorm, double spectralNorm, double rho) {
    requireNonNegative("taskNorm", taskNorm);
    requireNonNegative("spectralNorm", spectralNorm);
    requireNonNegative("rho", rho);
    return Math.min(1.0, rho * taskNorm / (spectralNorm + NORM_FLOOR));
  }

  /**
   * Mixes in place: {@code task[i] += gamma * spectral[i]} for every parameter tensor
   * {@code i}, with {@code gamma} from the global norms of both lists. A null entry of
   * {@code spectral} is a zero gradient (biases). Each sum is formed in double and rounded
   * once to float. {@code task} is modified, {@code spectral} is not; nothing is modified when
   * an exception is thrown. Not thread-safe on shared lists or arrays.
   *
   * @param task one task-gradient array per parameter tensor, updated in place to
   *     {@code g_task + gamma g_spec}; no entry may be null
   * @param spectral one spectral-gradient array per tensor, each as long as its task array,
   *     or null for a tensor without a spectral term; not modified
   * @param rho the cap, finite and {@code >= 0}
   * @return the {@code gamma} used
   * @throws IllegalArgumentException if the lists differ in size, a pair of arrays differs in
   *     length, a task entry is null, an entry is NaN or infinite (naming list, tensor and
   *     index), or {@code rho} is negative or not finite
   */
  public static double mix(List<float[]> task, List<float[]> spectral, double rho) {
    requireNonNegative("rho", rho);
    checkLists(task == null, spectral == null, task == null ? 0 : task.size(),
        spectral == null ? 0 : spectral.size());
    double taskSq = 0;
    double specSq = 0;
    for (int i = 0; i < task.size(); i++) {
      float[] t = task.get(i);
      float[] s = spectral.get(i);
      checkPair(i, t == null, t == null ? 0 : t.length, s == null ? -1 : s.length);
      taskSq += sumOfSquares(t, "task", i);
      if (s != null) {
        specSq += sumOfSquares(s, "spectral", i);
      }
    }
    double taskNorm = finiteNorm(taskSq, "task");
    double specNorm = finiteNorm(specSq, "spectral");
    double g = gamma(taskNorm, specNorm, rho);
    if (specNorm == 0 || g == 0) {
      return g;
    }
    for (int i = 0; i < task.size(); i++) {
      float[] t = task.get(i);
      float[] s = spectral.get(i);
      if (s == null) {
        continue;
      }
      for (int j = 0; j < t.length; j++) {
        t[j] = (float) (t[j] + g * s[j]);
      }
    }
    return g;
  }

  /**
   * Double precision variant of {@link #mix(List, List, double)}: in place
   * {@code task[i] += gamma * spectral[i]}, with {@code gamma} from the global norms of both
   * lists. {@code task} is modified, {@code spectral} is not; nothing is modified when an
   * exception is thrown.
   *
   * @param task one task-gradient array per parameter tensor, updated in place; no entry may
   *     be null
   * @param spectral one spectral-gradient array per tensor, each as long as its task array,
   *     or null for a tensor without a spectral term; not modified
   * @param rho the cap, finite and {@code >= 0}
   * @return the {@code gamma} used
   * @throws IllegalArgumentException if the lists differ in size, a pair of arrays differs in
   *     length, a task entry is null, an entry is NaN or infinite (naming list, tensor and
   *     index), or {@code rho} is negative or not finite
   */
  public static double mixDouble(List<double[]> task, List<double[]> spectral, double rho) {
    requireNonNegative("rho", rho);
    checkLists(task == null, spectral == null, task == null ? 0 : task.size(),
        spectral == null ? 0 : spectral.size());
    double taskSq = 0;
    double specSq = 0;
    for (int i = 0; i < task.size(); i++) {
      double[] t = task.get(i);
      double[] s = spectral.get(i);
      checkPair(i, t == null, t == null ? 0 : t.length, s == null ? -1 : s.length);
      taskSq += sumOfSquares(t, "task", i);
      if (s != null) {
        specSq += sumOfSquares(s, "spectral", i);
      }
    }
    double taskNorm = finiteNorm(taskSq, "task");
    double specNorm = finiteNorm(specSq, "spectral");
    double g = gamma(taskNorm, specNorm, rho);
    if (specNorm == 0 || g == 0) {
      return g;
    }
    for (int i = 0; i < task.size(); i++) {
      double[] t = task.get(i);
      double[] s = spectral.get(i);
      if (s != null) {
        Vectors.axpy(g, s, t, 0, t.length);
      }
    }
    return g;
  }

  /**
   * Global L2 norm {@code sqrt(sum_i sum_j t_i[j]^2)} of a list of tensors (null entries
   * count as zero), summed in double. Reads only.
   *
   * @param tensors the parameter tensors; not modified
   * @return the global norm, 0 for an empty list
   * @throws IllegalArgumentException if {@code tensors} is null or an entry holds NaN or
   *     infinity (naming tensor and index)
   */
  public static double globalNorm(List<float[]> tensors) {
    if (tensors == null) {
      throw new IllegalArgumentException("tensors must not be null");
    }
    double sq = 0;
    for (int i = 0; i < tensors.size(); i++) {
      float[] t = tensors.get(i);
      if (t != null) {
        sq += sumOfSquares(t, "tensor", i);
      }
    }
    return Math.sqrt(sq);
  }

  private static double sumOfSquares(float[] a, String list, int index) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    if (!Double.isFinite(s)) {
      for (int j = 0; j < a.length; j++) {
        if (!Float.isFinite(a[j])) {
          throw nonFinite(list, index, j, a[j]);
        }
      }
    }
    return s;
  }

  private static double sumOfSquares(double[] a, String list, int index) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    if (!Double.isFinite(s)) {
      for (int j = 0; j < a.length; j++) {
        if (!Double.isFinite(a[j])) {
          throw nonFinite(list, index, j, a[j]);
        }
      }
      throw new IllegalArgumentException("the " + list + " gradient " + index
          + " is too large: its squared norm overflows");
    }
    return s;
  }

  private static IllegalArgumentException nonFinite(String list, int index, int j,
      double value) {
    return new IllegalArgumentException("the " + list + " gradient " + index
        + " must be finite, but its entry " + j + " is " + value);
  }

  private static double finiteNorm(double sumSq, String list) {
    if (!Double.isFinite(sumSq)) {
      throw new IllegalArgumentException("the global norm of the " + list
          + " gradients overflows (sum of squares " + sumSq + ")");
    }
    return Math.sqrt(sumSq);
  }

  private static void checkLists(boolean taskNull, boolean specNull, int taskSize,
      int specSize) {
    if (taskNull || specNull) {
      throw new IllegalArgumentException(
          (taskNull ? "task" : "spectral") + " gradient list must not be null");
    }
    if (taskSize != specSize) {
      throw new IllegalArgumentException("task and spectral gradient lists must have the same "
          + "size, got " + taskSize + " and " + specSize);
    }
  }

  private static void checkPair(int index, boolean taskNull, int taskLength, int specLength) {
    if (taskNull) {
      throw new IllegalArgumentException("task gradient " + index + " must not be null");
    }
    if (specLength >= 0 && specLength != taskLength) {
      throw new IllegalArgumentException("task and spectral gradient " + index
          + " must have the same length, got " + taskLength + " and " + specLength);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
  }
}
