package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.SymmetricEigen;
import net.jqwik.api.Example;

/**
 * Regression cases for an engine defect the properties found, each the exact matrix a
 * generator produced (rebuild it with the same call).
 *
 * <p>The implicit symmetric QR iteration once deflated only when
 * {@code |e_i| <= eps (|d_i| + |d_{i+1}|)} and allowed 30 steps per eigenvalue. A block of
 * eigenvalues that are tiny or tightly clustered compared with {@code ||T||} keeps its
 * off-diagonal entries at the rounding level of {@code ||T||}, far above that relative
 * threshold, and the iteration gave up with {@code NoConvergenceException}: on 1500 random
 * cases of up to 100 x 100, 33 failures of {@code CmrRegularizer.valueAndGradient} (geometric
 * spectra with kappa from about 7e7, exactly repeated levels from kappa about 5e3) and more of
 * {@code SymmetricEigen} on {@code W^T W} of wide {@code W} (large null space).
 */
class EngineDefectExamples {

  /** Three exactly repeated levels, kappa 5e3, 88 x 96. */
  @Example
  void regularizerOnRepeatedSingularValues() {
    assertRegularizerSucceeds(Generators.build(88, 96, SpectrumKind.REPEATED,
        5133.259337943107, 1.0, 4615494499978991791L, false));
  }

  /** A geometric spread with kappa 9.3e9, 59 x 66. */
  @Example
  void regularizerOnAnIllConditionedGeometricSpectrum() {
    assertRegularizerSucceeds(Generators.build(59, 66, SpectrumKind.GEOMETRIC,
        9.288927182148073E9, 1.0, 5387216200183577447L, false));
  }

  /** {@code W^T W} of a 42 x 149 matrix with equal singular values: 107 zero eigenvalues. */
  @Example
  void eigenvaluesOfAWideGramMatrix() {
    MatrixCase m = Generators.build(42, 149, SpectrumKind.RANDOM, 1.0, 0.9397233105646379,
        1354L, false);
    double[] gram = Dense.gram(m.w(), m.rows(), m.cols());
    double[] lambda = SymmetricEigen.decompose(gram, m.cols(), true).eigenvalues();
    double tol = 8 * m.cols() * Dense.EPS * m.lambdaMax();
    assertTrue(Math.abs(lambda[0] - m.lambdaMax()) <= tol, "lambda_1 = " + lambda[0]);
    assertTrue(Math.abs(lambda[m.cols() - 1]) <= tol, "lambda_n = " + lambda[m.cols() - 1]);
  }

  private static void assertRegularizerSucceeds(MatrixCase m) {
    double[] g = new double[m.w().length];
    double value = new CmrRegularizer(Configs.FULL).valueAndGradient(m.w(), m.rows(), m.cols(),
        g);
    assertTrue(Double.isFinite(value), "R = " + value);
    double bound = new CmrRegularizer(Configs.FULL).gradientBound(m.w(), m.rows(), m.cols());
    assertTrue(Dense.frobenius(g) <= bound, "||grad|| within gradientBound");
  }
}
