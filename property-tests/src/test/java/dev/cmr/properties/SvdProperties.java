package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.Svd;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of the thin SVD {@code A = U diag(s) V^T} ({@code r = min(m, n)}) on every
 * generated matrix, shapes 1x1 to 300x300, scales {@code 1e-150} to {@code 1e150}, condition
 * up to {@code 1e12}, exact zeros and ties:
 * <pre>
 *   ||A - U S V^T||_F <= 8 n eps ||A||_F                     (backward stability)
 *   max |U^T U - I|, max |V^T V - I| <= 8 n eps             (orthonormal columns)
 *   s_1 >= s_2 >= ... >= s_r >= 0
 *   |s_i - s_i(prescribed)| <= 8 n eps s_1                  (Weyl: relative to s_i, the
 *                                                            tolerance grows with s_1 / s_i)
 * </pre>
 * with {@code n = max(m, n)}. The prescribed values are those of {@code Q diag(s) P^T} before
 * rounding, which itself perturbs the matrix by about {@code r eps s_1}.
 */
class SvdProperties {
  private static final double C = 8;

  @Provide
  Arbitrary<MatrixCase> matrices() {
    return Generators.matrices(300, -150, 150, 12, false);
  }

  /** Reconstruction, orthonormal factors, order and sign, prescribed values. */
  @Property(seed = Seeds.FIXED)
  void decompositionInvariants(@ForAll("matrices") MatrixCase m) {
    m.collectStatistics();
    int rows = m.rows();
    int cols = m.cols();
    int r = m.rank();
    int n = Math.max(rows, cols);
    Svd svd = Svd.decompose(m.w(), rows, cols, true, true);
    double[] s = svd.singularValues();
    double[] u = svd.u();
    double[] v = svd.v();

    double error = Dense.distance(m.w(), Dense.compose(u, s, v, rows, cols));
    double norm = Dense.frobenius(m.w());
    assertTrue(error <= C * n * Dense.EPS * norm, "||A - U S V^T||_F = " + error
        + " > " + C + " n eps ||A||_F with ||A||_F = " + norm);
    double uError = Dense.orthogonalityError(u, rows, r);
    double vError = Dense.orthogonalityError(v, cols, r);
    assertTrue(uError <= C * n * Dense.EPS, "U^T U - I: " + uError);
    assertTrue(vError <= C * n * Dense.EPS, "V^T V - I: " + vError);

    for (int i = 0; i < r; i++) {
      assertTrue(s[i] >= 0, "s_" + i + " = " + s[i] + " is negative");
      if (i > 0) {
        assertTrue(s[i] <= s[i - 1], "s_" + i + " = " + s[i] + " > s_" + (i - 1) + " = "
            + s[i - 1]);
      }
      double tol = C * n * Dense.EPS * m.s()[0];
      assertTrue(Math.abs(s[i] - m.s()[i]) <= tol, "s_" + i + " = " + s[i]
          + ", prescribed " + m.s()[i] + ", tolerance " + tol);
    }
  }
}
