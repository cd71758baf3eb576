package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Householder reflector of the bidiagonalization at every scale, subnormal included. */
class GolubKahanReflectorTest {

  @ParameterizedTest
  @ValueSource(doubles = {1, 1e-150, 1e-300, 1e-308, 3e-311, 4.9e-324, 1e300})
  void reflectorMapsTheColumnOntoItsFirstAxis(double scale) {
    double[] column = {0.25 * scale, -1.5 * scale, 0.5 * scale, scale, 0};
    double[] v = column.clone();
    double tau = GolubKahanSvd.makeReflector(v, 0, v.length);
    double beta = v[0];
    assertTrue(Double.isFinite(tau) && Double.isFinite(beta), "tau " + tau + ", beta " + beta);
    for (double x : v) {
      assertTrue(Double.isFinite(x), Arrays.toString(v));
    }
    // H x = x - tau v (v^T x), v = [1; v[1..]]: beta on the first axis and zeros below,
    // compared after scaling the column to about 1 by a power of two (exact), since products
    // of subnormals would underflow
    int exponent = Math.getExponent(scale * 0x1p100) - 100;
    double[] x = new double[column.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.scalb(column[i], -exponent);
    }
    double scaledBeta = Math.scalb(beta, -exponent);
    double vx = x[0];
    for (int i = 1; i < x.length; i++) {
      vx += v[i] * x[i];
    }
    double norm = 0;
    for (double xi : x) {
      norm += xi * xi;
    }
    norm = Math.sqrt(norm);
    // beta itself is rounded to the input's scale: a subnormal keeps fewer digits
    double tol = 1e-14 * norm + Math.scalb(Math.ulp(beta), -exponent);
    assertEquals(scaledBeta, x[0] - tau * vx, tol, "first entry");
    for (int i = 1; i < x.length; i++) {
      assertEquals(0, x[i] - tau * v[i] * vx, tol, "entry " + i);
    }
    assertEquals(norm, Math.abs(scaledBeta), tol, "|beta| = ||x||");
  }

  @Test
  void rankOneMatrixOfOnesHasOneNonZeroValue() {
    double[] ones = new double[70 * 50];
    Arrays.fill(ones, 1);
    Svd svd = Svd.decompose(ones, 70, 50, true, true, Svd.Algorithm.GOLUB_KAHAN);
    assertEquals(Math.sqrt(3500), svd.singularValues()[0], 1e-12);
    assertEquals(1, svd.rank());
  }
}
