package dev.cmr.engine;

import dev.cmr.kernels.Blas1;
import dev.cmr.kernels.Blas2;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The extreme eigenvalues of a symmetric operator given only as a matrix-vector product, by
 * the Lanczos process (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section 10.1),
 * with their Ritz vectors.
 *
 * <p>For CMR the operator is the Gram operator {@code x -> W^T (W x)}, two matrix-vector
 * products with {@code W}; {@code W^T W} is never formed. The largest Ritz value of the Krylov
 * space bounds {@code lambda_max} from below and the smallest bounds {@code lambda_min} from
 * above, both converging from the inside.
 *
 * <p><b>Reorthogonalization.</b> Full: every new Lanczos vector is orthogonalized against the
 * whole basis twice (classical Gram-Schmidt, repeated, on the {@link Blas2} kernels), so the
 * basis stays orthonormal to rounding and no spurious copies of converged Ritz values appear.
 * It costs {@code 4 n j} flops at step {@code j}, small next to the operator for the Krylov
 * dimensions used here ({@code j <= maxIterations}, and {@code n} for small operators, where
 * the process ends with the exact spectrum). When a vector vanishes (an invariant subspace was
 * found) the process continues with a fresh random vector orthogonal to the basis.
 *
 * <p><b>Start.</b> Cold: a Gaussian vector from {@code seed}. Warm: the sum of the given unit
 * vectors (typically the previous training step's Ritz vectors, whose matrix changed a little)
 * plus a seeded random component of relative weight {@value #WARM_NOISE}, which keeps every
 * eigenvector represented in the start.
 *
 * <p><b>Stopping criterion.</b> Every {@value #CHECK_INTERVAL} steps (and at the last one) the
 * eigenvalues of the tridiagonal matrix {@code T_j} are computed, with the two edge
 * eigenvectors. A Ritz pair {@code (theta, x = Q y)} has the
 * residual {@code rho = ||A x - theta x|| = beta_j |y_j|}, so an eigenvalue of {@code A} lies
 * within {@code rho} of {@code theta}; with {@code delta} the distance to the nearest other Ritz
 * value the error estimate is {@code e = min(rho, rho^2 / delta)} (the second is the
 * Kato-Temple bound, with the Ritz gap standing in for the unknown true gap: the innermost
 * second Ritz value seen in any cycle of the run, and only from a Krylov dimension of
 * {@value #MIN_GAP_DIMENSION} on, as small spaces overstate it). The process
 * stops when {@code e_max <= tolerance * theta_max} and, when the smallest eigenvalue is
 * wanted, {@code e_min <= tolerance * (max(theta_min, 0) + floor)}: the relative accuracy at
 * the scale on which the caller uses {@code lambda_min} (CMR's edge term takes
 * {@code ln(lambda_min + eps)}). Otherwise, after {@code maxIterations} steps, it restarts
 * from the sum of the two current edge Ritz vectors, at most {@code restarts} times; the
 * result then says it did not converge and carries the last estimates, which are still
 * bounds from the inside. The whole run is bounded by
 * {@code maxIterations * (restarts + 1)} operator applications.
 *
 * <p>Deterministic: the same operator, start, seed and options give bit-identical results.
 * An instance holds the Krylov basis as a reusable workspace and is not thread-safe.
 */
public final class Lanczos {
  /** Steps between two convergence checks. */
  public static final int CHECK_INTERVAL = 4;

  /**
   * Smallest Krylov dimension at which the Kato-Temple refinement is used: a smaller space
   * (the first checks of a warm or restarted cycle) sees few interior Ritz values and would
   * overstate the gap.
   */
  public static final int MIN_GAP_DIMENSION = 24;

  /** Relative weight of the random component added to a warm start. */
  public static final double WARM_NOISE = 0.1;

  /** A symmetric linear operator on {@code R^n}, applied as {@code y = A x}. */
  @FunctionalInterface
  public interface SymmetricOperator {
    /**
     * Writes {@code A x} into {@code y}; must not modify {@code x}.
     *
     * @param x the argument, {@code n} elements
     * @param y the result, {@code n} elements, overwritten
     */
    void apply(double[] x, double[] y);
  }

  /**
   * Limits and tolerance of a run.
   *
   * @param maxIterations largest Krylov dimension of one cycle, at least 1 (capped at
   *     {@code n})
   * @param restarts cycles after the first, at least 0
   * @param tolerance relative error target of the stopping criterion, in {@code (0, 1)}
   */
  public record Options(int maxIterations, int restarts, double tolerance) {
    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      }
      if (restarts < 0) {
        throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
      }
      if (!(tolerance > 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
      }
    }

    /**
     * The defaults used by matrix-free CMR: 120 steps, 2 restarts, tolerance {@code 1e-3}.
     *
     * @return the default options
     */
    public static Options defaults() {
      return new Options(120, 2, 1e-3);
    }
  }

  /**
   * The outcome of a run.
   *
   * @param lambdaMax largest Ritz value (a lower bound of {@code lambda_max})
   * @param vectorMax its unit Ritz vector
   * @param lambdaMin smallest Ritz value (an upper bound of {@code lambda_min}); NaN when not
   *     wanted
   * @param vectorMin its unit Ritz vector; null when not wanted
   * @param errorMax error estimate {@code e_max} of {@code lambdaMax}
   * @param errorMin error estimate {@code e_min} of {@code lambdaMin}; NaN when not wanted
   * @param iterations operator applications in all cycles
   * @param restartsUsed cycles after the first
   * @param converged whether the stopping criterion was met
   */
  public record Result(double lambdaMax, double[] vectorMax, double lambdaMin,
      double[] vectorMin, double errorMax, double errorMin, int iterations, int restartsUsed,
      boolean converged) {}

  private final int n;
  private final Options options;
  private final int dimension;
  private final double[] basis;
  private final double[] alpha;
  private final double[] beta;
  private final double[] work;
  private final double[] product;
  private final double[] coefficients;
  private double secondMax;
  private double secondMin;

  /**
   * A workspace for operators on {@code R^n}.
   *
   * @param n dimension, at least 1
   * @param options limits and tolerance
   * @throws IllegalArgumentException if {@code n < 1} or {@code options} is null
   */
  public Lanczos(int n, Options options) {
    if (n < 1) {
      throw new IllegalArgumentException("dimension n must be >= 1, got " + n);
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    this.n = n;
    this.options = options;
    this.dimension = Math.min(n, options.maxIterations());
    this.basis = new double[Math.multiplyExact(dimension, n)];
    this.alpha = new double[dimension];
    this.beta = new double[dimension];
    this.work = new double[n];
    this.product = new double[n];
    this.coefficients = new double[dimension];
  }

  /**
   * The dimension {@code n} of the operators this workspace serves.
   *
   * @return {@code n}
   */
  public int dimension() {
    return n;
  }

  /**
   * Runs the process on {@code op}.
   *
   * @param op the symmetric operator
   * @param warmStart start vectors (each of length {@code n}, finite, not all zero), or null
   *     or empty for a cold start
   * @param seed seed of the random start and of the vectors that replace a vanished one
   * @param floor added to {@code max(theta_min, 0)} in the relative criterion of the smallest
   *     eigenvalue, {@code >= 0}
   * @param wantMin whether the smallest eigenvalue is wanted (else only the largest is tested
   *     for convergence and returned)
   * @return the edge estimates
   * @throws IllegalArgumentException for a null operator, a warm-start vector of the wrong
   *     length or with a NaN or infinite entry, or a negative or non-finite floor
   */
  public Result run(SymmetricOperator op, double[][] warmStart, long seed, double floor,
      boolean wantMin) {
    if (op == null) {
      throw new IllegalArgumentException("operator op must not be null");
    }
    if (!(floor >= 0) || !Double.isFinite(floor)) {
      throw new IllegalArgumentException("floor must be finite and >= 0, got " + floor);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] start = new double[n];
    boolean warm = false;
    if (warmStart != null) {
      for (int i = 0; i < warmStart.length; i++) {
        double[] v = warmStart[i];
        if (v == null || v.length != n) {
          throw new IllegalArgumentException("warmStart[" + i + "] must have " + n
              + " elements, got " + (v == null ? "null" : v.length));
        }
        Checks.finite("warmStart[" + i + "]", v, n);
        double norm = Blas1.norm2(v, 0, n);
        if (norm > 0) {
          Blas1.axpy(1 / norm, v, 0, start, 0, n);
          warm = true;
        }
      }
    }
    double[] noise = new double[n];
    gaussian(noise, random);
    if (warm) {
      double startNorm = Blas1.norm2(start, 0, n);
      double noiseNorm = Blas1.norm2(noise, 0, n);
      if (startNorm > 0) {
        Blas1.axpy(WARM_NOISE * startNorm / noiseNorm, noise, 0, start, 0, n);
      } else {
        System.arraycopy(noise, 0, start, 0, n);
      }
    } else {
      System.arraycopy(noise, 0, start, 0, n);
    }

    int total = 0;
    secondMax = Double.NEGATIVE_INFINITY;
    secondMin = Double.POSITIVE_INFINITY;
    Cycle last = null;
    for (int cycle = 0; cycle <= options.restarts(); cycle++) {
      last = cycle(op, start, random, floor, wantMin);
      total += last.steps;
      if (last.converged || cycle == options.restarts()) {
        return new Result(last.thetaMax, last.vectorMax, wantMin ? last.thetaMin : Double.NaN,
            wantMin ? last.vectorMin : null, last.errorMax, wantMin ? last.errorMin : Double.NaN,
            total, cycle, last.converged);
      }
      Arrays.fill(start, 0);
      Blas1.axpy(1, last.vectorMax, 0, start, 0, n);
      if (wantMin) {
        Blas1.axpy(1, last.vectorMin, 0, start, 0, n);
      }
      if (!(Blas1.norm2(start, 0, n) > 0)) {
        gaussian(start, random);
      }
    }
    throw new AssertionError("unreachable");
  }

  /** One Lanczos cycle of at most {@link #dimension} steps from {@code start}. */
  private Cycle cycle(SymmetricOperator op, double[] start, SplittableRandom random,
      double floor, boolean wantMin) {
    double norm = Blas1.norm2(start, 0, n);
    System.arraycopy(start, 0, basis, 0, n);
    Blas1.scale(1 / norm, basis, 0, n);
    double scale = 0;
    Cycle result = null;
    for (int j = 0; j < dimension; j++) {
      int offset = j * n;
      System.arraycopy(basis, offset, work, 0, n);
      op.apply(work, product);
      Checks.finite("operator result A q", product, n);
      alpha[j] = Blas1.dot(basis, offset, product, 0, n);
      scale = Math.max(scale, Math.abs(alpha[j]) + (j > 0 ? beta[j - 1] : 0));
      // two passes of classical Gram-Schmidt against the whole basis q_0..q_j
      orthogonalize(product, j + 1);
      orthogonalize(product, j + 1);
      double b = Blas1.norm2(product, 0, n);
      boolean vanished = !(b > 64 * Tridiagonal.EPS * scale) || scale == 0;
      boolean lastStep = j + 1 == dimension;
      beta[j] = vanished ? 0 : b;
      if (lastStep || vanished || (j + 1) % CHECK_INTERVAL == 0) {
        result = ritz(j + 1, floor, wantMin);
        if (result.converged || lastStep) {
          return result;
        }
      }
      if (vanished) {
        // an invariant subspace: continue with a random vector orthogonal to the basis
        gaussian(product, random);
        orthogonalize(product, j + 1);
        orthogonalize(product, j + 1);
        b = Blas1.norm2(product, 0, n);
        if (!(b > 0)) {
          return ritz(j + 1, floor, wantMin);
        }
      }
      System.arraycopy(product, 0, basis, offset + n, n);
      Blas1.scale(1 / b, basis, offset + n, n);
    }
    return result;
  }

  /** {@code x -= Q Q^T x} over the first {@code k} basis vectors. */
  private void orthogonalize(double[] x, int k) {
    Blas2.gemv(false, k, n, 1, basis, 0, n, x, 0, 0, coefficients, 0);
    Blas2.gemv(true, k, n, -1, basis, 0, n, coefficients, 0, 1, x, 0);
  }

  /**
   * Ritz values and the edge Ritz vectors of the first {@code k} steps: all eigenvalues of
   * {@code T_k} by the implicit QR iteration without vectors ({@code O(k^2)}), the two edge
   * eigenvectors by inverse iteration on {@code T_k} ({@code O(k)} each).
   */
  private Cycle ritz(int k, double floor, boolean wantMin) {
    double[] dd = Arrays.copyOf(alpha, k);
    double[] ee = new double[k];
    System.arraycopy(beta, 0, ee, 0, k - 1);
    Tridiagonal.qrIterate(dd, ee, k, null, 0);
    Arrays.sort(dd);
    double thetaMax = dd[k - 1];
    double thetaMin = dd[0];
    double[] yMax = tridiagonalEigenvector(k, thetaMax);
    double[] yMin = tridiagonalEigenvector(k, thetaMin);
    double residualBeta = beta[k - 1];
    double rhoMax = residualBeta * Math.abs(yMax[k - 1]);
    double rhoMin = residualBeta * Math.abs(yMin[k - 1]);
    // Limitation: the Kato-Temple refinement uses the Ritz gap, which overstates the true gap
    // while an interior eigenvalue is still unresolved, so e is an estimate, not a bound.
    // the gaps use the innermost second Ritz values seen in any cycle of this run
    if (k > 1) {
      secondMax = Math.max(secondMax, dd[k - 2]);
      secondMin = Math.min(secondMin, dd[1]);
    }
    boolean refine = k >= Math.min(MIN_GAP_DIMENSION, n);
    double errorMax = refine ? estimate(rhoMax, thetaMax - secondMax) : rhoMax;
    double errorMin = refine ? estimate(rhoMin, secondMin - thetaMin) : rhoMin;
    boolean converged = errorMax <= options.tolerance() * Math.abs(thetaMax)
        && (!wantMin || errorMin <= options.tolerance() * (Math.max(thetaMin, 0) + floor));
    double[] vectorMax = new double[n];
    double[] vectorMin = new double[n];
    Blas2.gemv(true, k, n, 1, basis, 0, n, yMax, 0, 0, vectorMax, 0);
    Blas2.gemv(true, k, n, 1, basis, 0, n, yMin, 0, 0, vectorMin, 0);
    normalize(vectorMax);
    normalize(vectorMin);
    return new Cycle(thetaMax, vectorMax, thetaMin, vectorMin, errorMax, errorMin, k,
        converged);
  }

  /**
   * The unit eigenvector of {@code T_k} for its eigenvalue {@code theta}, by three steps of
   * inverse iteration with the LU factorization of {@code T_k - theta I} with partial
   * pivoting (as LAPACK's {@code dgttrf}); a zero pivot is replaced by
   * {@code eps ||T_k||}, the usual perturbation that makes the solve amplify the eigenvector.
   */
  private double[] tridiagonalEigenvector(int k, double theta) {
    double[] x = new double[k];
    if (k == 1) {
      x[0] = 1;
      return x;
    }
    double norm = 0;
    for (int i = 0; i < k; i++) {
      norm = Math.max(norm, Math.abs(alpha[i]) + (i > 0 ? beta[i - 1] : 0)
          + (i + 1 < k ? beta[i] : 0));
    }
    double tiny = Math.max(Tridiagonal.EPS * norm, Double.MIN_NORMAL);
    double[] d = new double[k];
    double[] dl = new double[k];
    double[] du = new double[k];
    double[] du2 = new double[k];
    boolean[] swapped = new boolean[k];
    for (int i = 0; i < k; i++) {
      d[i] = alpha[i] - theta;
      if (i + 1 < k) {
        dl[i] = beta[i];
        du[i] = beta[i];
      }
    }
    for (int i = 0; i < k - 1; i++) {
      if (Math.abs(d[i]) >= Math.abs(dl[i])) {
        if (d[i] != 0) {
          double fact = dl[i] / d[i];
          dl[i] = fact;
          d[i + 1] -= fact * du[i];
        } else {
          dl[i] = 0;
        }
      } else {
        double fact = d[i] / dl[i];
        d[i] = dl[i];
        dl[i] = fact;
        double temp = du[i];
        du[i] = d[i + 1];
        d[i + 1] = temp - fact * d[i + 1];
        if (i + 2 < k) {
          du2[i] = du[i + 1];
          du[i + 1] = -fact * du[i + 1];
        }
        swapped[i] = true;
      }
    }
    for (int i = 0; i < k; i++) {
      if (Math.abs(d[i]) < tiny) {
        d[i] = d[i] < 0 ? -tiny : tiny;
      }
    }
    for (int i = 0; i < k; i++) {
      x[i] = 1 + 0.5 * Math.sin(i + 1.0);
    }
    for (int iteration = 0; iteration < 3; iteration++) {
      for (int i = 0; i < k - 1; i++) {
        if (swapped[i]) {
          double temp = x[i];
          x[i] = x[i + 1];
          x[i + 1] = temp - dl[i] * x[i];
        } else {
          x[i + 1] -= dl[i] * x[i];
        }
      }
      x[k - 1] /= d[k - 1];
      x[k - 2] = (x[k - 2] - du[k - 2] * x[k - 1]) / d[k - 2];
      for (int i = k - 3; i >= 0; i--) {
        x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / d[i];
      }
      double big = 0;
      for (double v : x) {
        big = Math.max(big, Math.abs(v));
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        x[i] /= big;
        sum += x[i] * x[i];
      }
      double scale = 1 / Math.sqrt(sum);
      for (int i = 0; i < k; i++) {
        x[i] *= scale;
      }
    }
    return x;
  }

  private static double estimate(double rho, double gap) {
    return gap > 0 ? Math.min(rho, rho * rho / gap) : rho;
  }

  private void normalize(double[] v) {
    double norm = Blas1.norm2(v, 0, n);
    if (norm > 0) {
      Blas1.scale(1 / norm, v, 0, n);
    }
  }

  private void gaussian(double[] v, SplittableRandom random) {
    for (int i = 0; i < n; i++) {
      v[i] = gaussian(random);
    }
  }

  /** A standard normal deviate by the polar method; deterministic in the stream. */
  static double gaussian(SplittableRandom random) {
    while (true) {
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt(-2 * Math.log(s) / s);
      }
    }
  }

  private record Cycle(double thetaMax, double[] vectorMax, double thetaMin,
      double[] vectorMin, double errorMax, double errorMin, int steps, boolean converged) {}
}
