package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The workspace entry points of {@link Svd} and {@link SymmetricEigen}: the same bits as the
 * allocating ones, reuse across shapes and refusal of bad outputs
 * ({@link WorkspaceAllocationTest} checks that warm calls allocate nothing).
 */
class WorkspaceTest {
  /** {rows, cols, kind}: 0 random, 1 rank 3, 2 zero. */
  private static final int[][] SHAPES = {
    {0, 0, 0}, {1, 1, 0}, {0, 5, 0}, {5, 0, 0}, {1, 7, 0}, {7, 1, 0}, {40, 12, 0},
    {100, 20, 0}, {150, 70, 0}, {90, 90, 0}, {30, 70, 0}, {70, 160, 0}, {50, 30, 1},
    {30, 80, 1}, {6, 4, 2}, {3, 9, 2}
  };

  static double[] matrix(int rows, int cols, int kind, long seed) {
    Random rnd = new Random(seed);
    double[] a = new double[rows * cols];
    if (kind == 0) {
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextGaussian();
      }
    } else if (kind == 1) {
      int k = 3;
      double[] l = new double[rows * k];
      double[] r = new double[k * cols];
      Arrays.setAll(l, i -> rnd.nextGaussian());
      Arrays.setAll(r, i -> rnd.nextGaussian());
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          for (int t = 0; t < k; t++) {
            a[i * cols + j] += l[i * k + t] * r[t * cols + j];
          }
        }
      }
    }
    return a;
  }

  static double[] symmetric(int n, boolean zero, long seed) {
    Random rnd = new Random(seed);
    double[] a = new double[n * n];
    for (int i = 0; i < n && !zero; i++) {
      for (int j = 0; j <= i; j++) {
        double x = rnd.nextGaussian();
        a[i * n + j] = x;
        a[j * n + i] = x;
      }
    }
    return a;
  }

  /** Checks one shape against the allocating entry points with the given workspace. */
  private static void assertSameAsAllocating(int[] shape, Svd.Workspace ws) {
    int m = shape[0];
    int n = shape[1];
    int r = Math.min(m, n);
    double[] a = matrix(m, n, shape[2], 31L * m + n);
    String what = m + "x" + n + " kind " + shape[2];

    double[] values = new double[r];
    Svd.singularValues(a, m, n, values, ws);
    assertArrayEquals(Svd.singularValues(a, m, n), values, 0, what);
    assertEquals(Svd.decompose(a, m, n, false, false).iterations(), ws.iterations(), what);

    Svd ref = Svd.decompose(a, m, n, true, true);
    double[] s = new double[r];
    double[] u = new double[m * r];
    double[] v = new double[n * r];
    Svd.decompose(a, m, n, s, u, v, ws);
    assertArrayEquals(ref.singularValues(), s, 0, what);
    assertArrayEquals(ref.u(), u, 0, what);
    assertArrayEquals(ref.v(), v, 0, what);
    assertEquals(ref.iterations(), ws.iterations(), what);
    assertEquals(ref.offDiagonal(), ws.offDiagonal(), 0, what);

    // one factor at a time, into longer arrays whose tails stay untouched
    double[] uOnly = new double[m * r + 3];
    Arrays.fill(uOnly, 7);
    Svd.decompose(a, m, n, s, uOnly, null, ws);
    assertArrayEquals(Svd.decompose(a, m, n, true, false).u(), Arrays.copyOf(uOnly, m * r),
        0, what);
    assertArrayEquals(new double[] {7, 7, 7}, Arrays.copyOfRange(uOnly, m * r, m * r + 3));
    double[] vOnly = new double[n * r];
    Svd.decompose(a, m, n, s, null, vOnly, ws);
    assertArrayEquals(Svd.decompose(a, m, n, false, true).v(), vOnly, 0, what);
  }

  @Test
  void svdGivesTheBitsOfTheAllocatingEntryPoints() {
    for (int[] shape : SHAPES) {
      assertSameAsAllocating(shape, new Svd.Workspace());
    }
  }

  @Test
  void oneSvdWorkspaceServesEveryShape() {
    Svd.Workspace ws = new Svd.Workspace();
    int[][] order = {{150, 70, 0}, {7, 1, 0}, {40, 12, 0}, {0, 5, 0}, {30, 80, 1},
      {150, 70, 0}, {90, 90, 0}, {6, 4, 2}, {100, 20, 0}, {70, 160, 0}};
    for (int[] shape : order) {
      assertSameAsAllocating(shape, ws);
    }
    for (int[] shape : SHAPES) {
      assertSameAsAllocating(shape, ws);
    }
  }

  private static void assertEigenSameAsAllocating(int n, boolean zero,
      SymmetricEigen.Workspace ws) {
    double[] a = symmetric(n, zero, 17L * n);
    String what = "order " + n + (zero ? " zero" : "");
    double[] values = new double[n];
    SymmetricEigen.decompose(a, n, values, null, ws);
    SymmetricEigen plain = SymmetricEigen.decompose(a, n, false);
    assertArrayEquals(plain.eigenvalues(), values, 0, what);
    assertEquals(plain.qrSteps(), ws.qrSteps(), what);

    SymmetricEigen ref = SymmetricEigen.decompose(a, n, true);
    double[] vectors = new double[n * n];
    SymmetricEigen.decompose(a, n, values, vectors, ws);
    assertArrayEquals(ref.eigenvalues(), values, 0, what);
    assertArrayEquals(ref.eigenvectors(), vectors, 0, what);
    assertEquals(ref.qrSteps(), ws.qrSteps(), what);
  }

  @Test
  void eigenGivesTheBitsOfTheAllocatingEntryPoint() {
    for (int n : new int[] {0, 1, 2, 5, 40, 80, 130}) {
      assertEigenSameAsAllocating(n, false, new SymmetricEigen.Workspace());
    }
    assertEigenSameAsAllocating(6, true, new SymmetricEigen.Workspace());
  }

  @Test
  void oneEigenWorkspaceServesEveryOrder() {
    SymmetricEigen.Workspace ws = new SymmetricEigen.Workspace();
    for (int n : new int[] {130, 5, 0, 40, 130, 1, 80, 2}) {
      assertEigenSameAsAllocating(n, false, ws);
    }
    assertEigenSameAsAllocating(6, true, ws);
  }

  private static void assertRefused(Runnable call, String... words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), e.getMessage() + " lacks " + w);
    }
  }

  @Test
  void badOutputsAreRefusedByNameBeforeAnythingIsWritten() {
    int m = 9;
    int n = 5;
    double[] a = matrix(m, n, 0, 3);
    double[] s = filled(n);
    double[] u = filled(m * n);
    double[] v = filled(n * n);
    Svd.Workspace ws = new Svd.Workspace();
    assertRefused(() -> Svd.decompose(a, m, n, filled(n - 1), u, v, ws), "s", "5", "4");
    assertRefused(() -> Svd.decompose(a, m, n, null, u, v, ws), "s", "null");
    assertRefused(() -> Svd.decompose(a, m, n, s, filled(m * n - 1), v, ws), "u", "45", "44");
    assertRefused(() -> Svd.decompose(a, m, n, s, u, filled(n * n - 2), ws), "v", "25", "23");
    assertRefused(() -> Svd.decompose(a, m, n, s, u, v, null), "ws", "null");
    assertRefused(() -> Svd.singularValues(a, m, n, new double[2], ws), "out", "5", "2");
    assertRefused(() -> Svd.decompose(a, m, n, s, u, u, ws), "u and v", "same");
    assertRefused(() -> Svd.decompose(a, m, n, u, u, v, ws), "s and u", "same");
    assertRefused(() -> Svd.decompose(a, m, n, v, null, v, ws), "s and v", "same");
    double[] square = matrix(n, n, 0, 4);
    double[] squareCopy = square.clone();
    assertRefused(() -> Svd.decompose(square, n, n, s, square, null, ws), "u and matrix a");
    assertRefused(() -> Svd.singularValues(square, n, n, square, ws), "out and matrix a");
    assertArrayEquals(squareCopy, square);
    double[] bad = a.clone();
    bad[2 * n + 3] = Double.NaN;
    assertRefused(() -> Svd.decompose(bad, m, n, s, u, v, ws), "row 2", "column 3");
    assertRefused(() -> Svd.decompose(a, m, n + 1, s, u, v, ws), "matrix a");
    assertArrayEquals(filled(n), s);
    assertArrayEquals(filled(m * n), u);
    assertArrayEquals(filled(n * n), v);

    double[] g = symmetric(4, false, 5);
    double[] values = filled(4);
    double[] vectors = filled(16);
    SymmetricEigen.Workspace ew = new SymmetricEigen.Workspace();
    assertRefused(() -> SymmetricEigen.decompose(g, 4, filled(3), vectors, ew),
        "values", "4", "3");
    assertRefused(() -> SymmetricEigen.decompose(g, 4, null, vectors, ew), "values", "null");
    assertRefused(() -> SymmetricEigen.decompose(g, 4, values, filled(15), ew),
        "vectors", "16", "15");
    assertRefused(() -> SymmetricEigen.decompose(g, 4, values, vectors, null), "ws");
    assertRefused(() -> SymmetricEigen.decompose(g, 4, vectors, vectors, ew),
        "values and vectors", "same");
    double[] gCopy = g.clone();
    assertRefused(() -> SymmetricEigen.decompose(g, 4, values, g, ew), "vectors and matrix a");
    assertArrayEquals(gCopy, g);
    double[] skew = g.clone();
    skew[1] += 1;
    assertRefused(() -> SymmetricEigen.decompose(skew, 4, values, vectors, ew), "symmetric");
    assertArrayEquals(filled(4), values);
    assertArrayEquals(filled(16), vectors);
  }

  private static double[] filled(int length) {
    double[] x = new double[length];
    Arrays.fill(x, -3.5);
    return x;
  }
}
