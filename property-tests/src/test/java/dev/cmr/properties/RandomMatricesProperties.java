package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The generators' own contract: {@link RandomMatrices#haarOrthogonal} is orthogonal to
 * {@code 8 n eps}, and Haar distributed in its first moments: for Haar {@code Q} in
 * {@code O(n)}, {@code E[Q_ij] = 0}, {@code E[Q_ij^2] = 1/n} and {@code E[tr Q] = 0}. Without
 * the sign fix of {@code diag(R)} the Householder Q has {@code Q_00 <= 0} always, so
 * {@code E[Q_00] < 0}: the first moment check fails.
 */
class RandomMatricesProperties {

  /** {@code Q^T Q = I} to {@code 8 n eps}. */
  @Property(seed = Seeds.FIXED)
  void haarFactorsAreOrthogonal(@ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll long seed) {
    double[] q = RandomMatrices.haarOrthogonal(n, new SplittableRandom(seed));
    double error = Dense.orthogonalityError(q, n, n);
    assertTrue(error <= 8 * n * Dense.EPS, "Q^T Q - I: " + error);
  }

  /** First and second moments of 4000 draws of a 3x3 Haar matrix, within 5 standard errors. */
  @Example
  void haarFactorsHaveHaarMoments() {
    int n = 3;
    int draws = 4000;
    SplittableRandom random = new SplittableRandom(Long.parseLong(Seeds.FIXED));
    double[] mean = new double[n * n];
    double[] square = new double[n * n];
    double trace = 0;
    for (int t = 0; t < draws; t++) {
      double[] q = RandomMatrices.haarOrthogonal(n, random);
      for (int i = 0; i < q.length; i++) {
        mean[i] += q[i] / draws;
        square[i] += q[i] * q[i] / draws;
      }
      trace += (q[0] + q[4] + q[8]) / draws;
    }
    // Var Q_ij = 1/n, Var Q_ij^2 <= E[Q_ij^4] <= 1, Var tr Q = 1
    double se = 1 / Math.sqrt(draws);
    for (int i = 0; i < n * n; i++) {
      assertEquals(0, mean[i], 5 * se / Math.sqrt(n), "E[Q_" + i / n + i % n + "]");
      assertEquals(1.0 / n, square[i], 5 * se, "E[Q_" + i / n + i % n + "^2]");
    }
    assertEquals(0, trace, 5 * se, "E[tr Q]");
  }
}
