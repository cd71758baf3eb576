package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.SymmetricEigen;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the symmetric eigensolver {@code A = V diag(lambda) V^T} on the Gram matrices
 * {@code W^T W} of generated {@code W} (eigenvalues {@code s_i^2} and {@code in - r} zeros),
 * and on indefinite matrices {@code Q diag(+-s) Q^T}:
 * <pre>
 *   ||A V - V diag(lambda)||_F <= 8 n eps ||A||_F,     max |V^T V - I| <= 8 n eps
 *   lambda_1 >= ... >= lambda_n,      |lambda_i - lambda_i(prescribed)| <= 8 n eps ||A||_2
 * </pre>
 * Scales stay within {@code 1e-75 .. 1e75} so that the Gram matrix itself neither overflows
 * nor underflows.
 */
class SymmetricEigenProperties {
  private static final double C = 8;

  @Provide
  Arbitrary<MatrixCase> matrices() {
    return Generators.matrices(150, -75, 75, 6, false);
  }

  /** The decomposition of {@code W^T W}. */
  @Property(seed = Seeds.FIXED)
  void gramMatricesDecompose(@ForAll("matrices") MatrixCase m) {
    m.collectStatistics();
    int n = m.cols();
    double[] prescribed = new double[n];
    for (int i = 0; i < m.rank(); i++) {
      prescribed[i] = m.s()[i] * m.s()[i];
    }
    assertDecomposes(Dense.gram(m.w(), m.rows(), n), n, prescribed);
  }

  /** The decomposition of an indefinite {@code Q diag(+-s) Q^T}. */
  @Property(seed = Seeds.FIXED)
  void indefiniteMatricesDecompose(@ForAll("matrices") MatrixCase m) {
    m.collectStatistics();
    int n = m.rank();
    SplittableRandom random = new SplittableRandom(m.seed() ^ 0x5DEECE66DL);
    double[] lambda = new double[n];
    int negative = 0;
    for (int i = 0; i < n; i++) {
      lambda[i] = random.nextBoolean() ? m.s()[i] : -m.s()[i];
      negative += lambda[i] < 0 ? 1 : 0;
    }
    Statistics.label("signs").collect(negative == 0 ? "definite" : negative == n
        ? "negative definite" : "indefinite");
    double[] q = RandomMatrices.haarOrthogonal(n, random);
    double[] a = Dense.compose(q, lambda, q, n, n);
    // symmetrize exactly: the solver reads the lower triangle, the residual uses all of A
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j * n + i] = a[i * n + j];
      }
    }
    double[] sorted = lambda.clone();
    Arrays.sort(sorted);
    double[] descending = new double[n];
    for (int i = 0; i < n; i++) {
      descending[i] = sorted[n - 1 - i];
    }
    assertDecomposes(a, n, descending);
  }

  private static void assertDecomposes(double[] a, int n, double[] prescribed) {
    SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
    double[] lambda = e.eigenvalues();
    double[] v = e.eigenvectors();
    double norm = Dense.frobenius(a);
    double[] av = Dense.multiply(a, v, n, n, n);
    double[] vl = Dense.compose(v, lambda, identity(n), n, n);
    double residual = Dense.distance(av, vl);
    assertTrue(residual <= C * n * Dense.EPS * norm, "||A V - V Lambda||_F = " + residual
        + " > " + C + " n eps ||A||_F, ||A||_F = " + norm);
    double orthogonality = Dense.orthogonalityError(v, n, n);
    assertTrue(orthogonality <= C * n * Dense.EPS, "V^T V - I: " + orthogonality);
    double spectralNorm = Math.max(Math.abs(prescribed[0]), Math.abs(prescribed[n - 1]));
    for (int i = 0; i < n; i++) {
      assertTrue(i == 0 || lambda[i] <= lambda[i - 1], "eigenvalues not descending at " + i);
      double tol = C * n * Dense.EPS * spectralNorm;
      assertTrue(Math.abs(lambda[i] - prescribed[i]) <= tol, "lambda_" + i + " = " + lambda[i]
          + ", prescribed " + prescribed[i] + ", tolerance " + tol);
    }
  }

  private static double[] identity(int n) {
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      a[i * n + i] = 1;
    }
    return a;
  }
}
