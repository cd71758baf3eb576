package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.Blas2;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lanczos edges against known spectra, its stopping rule, restarts and bad input. */
class LanczosTest {

  /** {@code A = Q diag(values) Q^T} with a random orthogonal {@code Q}, as an operator. */
  private static Lanczos.SymmetricOperator rotated(double[] values, long seed) {
    int n = values.length;
    double[] q = TestMatrices.orthonormalColumns(new Random(seed), n, n);
    double[] tmp = new double[n];
    return (x, y) -> {
      Blas2.gemv(true, n, n, 1, q, 0, n, x, 0, 0, tmp, 0);
      for (int i = 0; i < n; i++) {
        tmp[i] *= values[i];
      }
      Blas2.gemv(false, n, n, 1, q, 0, n, tmp, 0, 0, y, 0);
    };
  }

  private static double[] uniform(int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = hi - (hi - lo) * i / (n - 1.0);
    }
    return v;
  }

  @Test
  void smallOperatorsGiveTheExactEdges() {
    for (int n : new int[] {1, 2, 3, 17}) {
      double[] values = n == 1 ? new double[] {2.5} : uniform(n, -1.5, 4);
      Lanczos lanczos = new Lanczos(n, new Lanczos.Options(50, 0, 1e-12));
      Lanczos.Result r = lanczos.run(rotated(values, n), null, 3, 0, true);
      assertTrue(r.converged(), "n=" + n);
      assertEquals(values[0], r.lambdaMax(), 1e-12, "n=" + n);
      assertEquals(values[n - 1], r.lambdaMin(), 1e-12, "n=" + n);
      assertTrue(r.iterations() <= n, "n=" + n + ": " + r.iterations());
    }
  }

  @Test
  void estimatesAreWithinTheToleranceAndRitzVectorsAreEigenvectors() {
    int n = 400;
    double[] values = uniform(n, 0.1, 1.0);
    double tol = 1e-4;
    Lanczos lanczos = new Lanczos(n, new Lanczos.Options(150, 3, tol));
    Lanczos.SymmetricOperator op = rotated(values, 11);
    Lanczos.Result r = lanczos.run(op, null, 8, 0, true);
    assertTrue(r.converged());
    assertTrue(r.lambdaMax() <= 1.0 + 1e-12 && r.lambdaMax() >= 1.0 * (1 - tol),
        "" + r.lambdaMax());
    assertTrue(r.lambdaMin() >= 0.1 - 1e-12 && r.lambdaMin() <= 0.1 * (1 + tol),
        "" + r.lambdaMin());
    assertTrue(r.errorMax() <= tol * r.lambdaMax());
    double[] y = new double[n];
    op.apply(r.vectorMax(), y);
    double rayleigh = 0;
    for (int i = 0; i < n; i++) {
      rayleigh += y[i] * r.vectorMax()[i];
    }
    assertEquals(r.lambdaMax(), rayleigh, 1e-12);
  }

  @Test
  void restartsRunWhenOneCycleIsTooShortAndTheBudgetIsBounded() {
    int n = 200;
    double[] values = uniform(n, 0.01, 1.0);
    Lanczos lanczos = new Lanczos(n, new Lanczos.Options(10, 2, 1e-9));
    Lanczos.Result r = lanczos.run(rotated(values, 2), null, 4, 0, true);
    assertFalse(r.converged());
    assertEquals(2, r.restartsUsed());
    assertEquals(30, r.iterations());
    assertTrue(r.lambdaMax() <= 1.0 + 1e-12 && r.lambdaMin() >= 0.01 - 1e-12);
  }

  @Test
  void warmStartFromNearbyVectorsConvergesFaster() {
    int n = 500;
    double[] values = uniform(n, 0.2, 1.0);
    Lanczos.SymmetricOperator op = rotated(values, 5);
    Lanczos lanczos = new Lanczos(n, new Lanczos.Options(200, 0, 1e-6));
    Lanczos.Result cold = lanczos.run(op, null, 1, 0, true);
    Lanczos.Result warm = lanczos.run(op, new double[][] {cold.vectorMax(), cold.vectorMin()},
        2, 0, true);
    assertTrue(cold.converged() && warm.converged());
    assertTrue(warm.iterations() < cold.iterations(),
        warm.iterations() + " vs " + cold.iterations());
    assertEquals(cold.lambdaMax(), warm.lambdaMax(), 1e-6);
  }

  @Test
  void zeroOperatorAndMaxOnlyRuns() {
    Lanczos lanczos = new Lanczos(5, Lanczos.Options.defaults());
    Lanczos.Result r = lanczos.run((x, y) -> java.util.Arrays.fill(y, 0), null, 1, 1e-6, true);
    assertTrue(r.converged());
    assertEquals(0.0, r.lambdaMax(), 0.0);
    assertEquals(0.0, r.lambdaMin(), 0.0);
    Lanczos.Result maxOnly = lanczos.run(rotated(new double[] {3, 2, 1, 0, 0}, 1), null, 1, 0,
        false);
    assertEquals(3.0, maxOnly.lambdaMax(), 1e-9);
    assertTrue(Double.isNaN(maxOnly.lambdaMin()));
    assertNull(maxOnly.vectorMin());
  }

  @Test
  void runsAreReproducible() {
    int n = 120;
    Lanczos.SymmetricOperator op = rotated(uniform(n, 0.3, 2), 7);
    Lanczos.Result a = new Lanczos(n, Lanczos.Options.defaults()).run(op, null, 99, 0, true);
    Lanczos.Result b = new Lanczos(n, Lanczos.Options.defaults()).run(op, null, 99, 0, true);
    assertEquals(a.lambdaMax(), b.lambdaMax(), 0.0);
    assertArrayEquals(a.vectorMin(), b.vectorMin(), 0.0);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Lanczos.Options(0, 1, 1e-3));
    assertEquals("maxIterations must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(5, -1, 1e-3));
    assertEquals("restarts must be >= 0, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(5, 1, 1.0));
    assertEquals("tolerance must be in (0, 1), got 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(5, 1, Double.NaN));
    e = assertThrows(IllegalArgumentException.class,
        () -> new Lanczos(0, Lanczos.Options.defaults()));
    assertEquals("dimension n must be >= 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Lanczos(3, null));
    Lanczos lanczos = new Lanczos(3, Lanczos.Options.defaults());
    Lanczos.SymmetricOperator identity = (x, y) -> System.arraycopy(x, 0, y, 0, 3);
    e = assertThrows(IllegalArgumentException.class, () -> lanczos.run(null, null, 0, 0, true));
    assertEquals("operator op must not be null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> lanczos.run(identity, new double[][] {new double[2]}, 0, 0, true));
    assertEquals("warmStart[0] must have 3 elements, got 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> lanczos.run(identity, new double[][] {{1, Double.NaN, 0}}, 0, 0, true));
    assertTrue(e.getMessage().contains("warmStart[0]") && e.getMessage().contains("column 1"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> lanczos.run(identity, null, 0, -1, true));
    assertEquals("floor must be finite and >= 0, got -1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> lanczos.run((x, y) -> y[1] = Double.POSITIVE_INFINITY, null, 0, 0, true));
    assertTrue(e.getMessage().contains("operator result"), e.getMessage());
  }
}
