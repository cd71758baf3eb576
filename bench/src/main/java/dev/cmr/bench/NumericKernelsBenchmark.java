package dev.cmr.bench;

import dev.cmr.kernels.Blas2;
import dev.cmr.kernels.ChebyshevRecurrence;
import dev.cmr.kernels.Householder;
import dev.cmr.kernels.Kernels;
import dev.cmr.kernels.Rotations;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The level-2, reflector, rotation and Chebyshev kernels through their facades, scalar path
 * against vector path, on an {@code n x n} matrix (symmetric for {@code syr2}) and {@code n}
 * points, at odd sizes so that every vector tail runs.
 *
 * <p>Each {@code …Scalar} / {@code …Vector} pair has identical bodies; only the fork flags
 * differ ({@code -Dcmr.kernels=scalar}), because the path is chosen once per JVM. The setup
 * fails if the fork runs the other path, and checks one result of every kernel against a
 * plain loop, so a fast wrong kernel cannot win. Three 1 s warm-up iterations cover C2's
 * compilation of these short loops (the Vector API runs boxed until then); the heap is pinned
 * so GC sizing cannot differ between forks. Run:
 * {@code java -cp bench.jar:... org.openjdk.jmh.Main NumericKernelsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NumericKernelsBenchmark {
  private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
  private static final int DEGREE = 31;

  /** Matrix order and number of points. */
  @Param({"17", "255", "1003"})
  public int n;

  private double[] a;
  private double[] x;
  private double[] y;
  private double[] work;
  private double[] points;
  private double[] table;
  private double[] coef;
  private double[] sums;

  /** Builds inputs, checks the fork runs the intended path, and checks every kernel once. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String method = params.getBenchmark();
    boolean wantVector = method.endsWith("Vector");
    if (Kernels.isVectorized() != wantVector) {
      throw new IllegalStateException(method + " expected the " + (wantVector ? "vector"
          : "scalar") + " path but runs " + Kernels.description());
    }
    SplittableRandom random = new SplittableRandom(42);
    a = random.doubles((long) n * n, -1, 1).toArray();
    x = random.doubles(n, -1, 1).toArray();
    y = new double[n];
    work = new double[n];
    points = random.doubles(n, -1, 1).toArray();
    table = new double[(DEGREE + 1) * n];
    coef = random.doubles(DEGREE + 1, -1, 1).toArray();
    sums = new double[n];
    check();
  }

  private void check() {
    // gemv: row n/2 against a plain dot product
    Blas2.gemv(false, n, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
    int r = n / 2;
    double want = 0;
    for (int j = 0; j < n; j++) {
      want += a[r * n + j] * x[j];
    }
    expect(want, y[r], 1e-12 * n, "gemv row " + r);

    // basis and Clenshaw against cos(k acos x)
    ChebyshevRecurrence.basisT(points, 0, n, DEGREE, table, 0, n);
    ChebyshevRecurrence.clenshaw(coef, 0, DEGREE, points, 0, sums, 0, n);
    double theta = Math.acos(points[r]);
    expect(Math.cos(DEGREE * theta), table[DEGREE * n + r], 1e-12, "T_" + DEGREE);
    double sum = 0;
    for (int k = 0; k <= DEGREE; k++) {
      sum += coef[k] * Math.cos(k * theta);
    }
    expect(sum, sums[r], 1e-12, "Clenshaw");

    // a rotation by c = 0, s = 1 swaps rows 0 and 1 up to the sign of the second
    double a00 = a[0];
    double a10 = a[n];
    Rotations.rotate(a, 0, a, n, n, 0.0, 1.0);
    expect(a10, a[0], 0, "rotation");
    expect(-a00, a[n], 0, "rotation");
  }

  private static void expect(double want, double got, double tol, String what) {
    if (!(Math.abs(want - got) <= tol)) {
      throw new IllegalStateException(what + " = " + got + ", expected " + want);
    }
  }

  private double[] gemv() {
    Blas2.gemv(false, n, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
    return y;
  }

  private double[] gemvTransposed() {
    Blas2.gemv(true, n, n, 1.0, a, 0, n, x, 0, 0.0, y, 0);
    return y;
  }

  private double[] syr2() {
    // alpha alternates in sign so that A does not grow without bound across invocations
    Blas2.syr2(n, 1e-3, x, 0, y, 0, a, 0, n);
    Blas2.syr2(n, -1e-3, x, 0, y, 0, a, 0, n);
    return a;
  }

  private double[] reflectLeft() {
    // tau = 0 would return at once; any tau exercises the two passes
    Householder.applyLeft(1e-3, x, 0, a, 0, n, 0, n, 0, n, work, 0);
    return a;
  }

  private double[] rotateRows() {
    for (int i = 0; i + 1 < n; i += 2) {
      Rotations.rotate(a, i * n, a, (i + 1) * n, n, 0.8, 0.6);
    }
    return a;
  }

  private double[] basisT() {
    ChebyshevRecurrence.basisT(points, 0, n, DEGREE, table, 0, n);
    return table;
  }

  private double[] clenshaw() {
    ChebyshevRecurrence.clenshaw(coef, 0, DEGREE, points, 0, sums, 0, n);
    return sums;
  }

  /** {@code y = A x}, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] gemvVector() {
    return gemv();
  }

  /** {@code y = A x}, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] gemvScalar() {
    return gemv();
  }

  /** {@code y = A^T x}, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] gemvTransposedVector() {
    return gemvTransposed();
  }

  /** {@code y = A^T x}, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] gemvTransposedScalar() {
    return gemvTransposed();
  }

  /** Two symmetric rank-2 updates, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] syr2Vector() {
    return syr2();
  }

  /** Two symmetric rank-2 updates, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] syr2Scalar() {
    return syr2();
  }

  /** Householder reflector from the left on the whole matrix, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] reflectLeftVector() {
    return reflectLeft();
  }

  /** Householder reflector from the left on the whole matrix, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] reflectLeftScalar() {
    return reflectLeft();
  }

  /** Rotations of row pairs (0,1), (2,3), ..., vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] rotateRowsVector() {
    return rotateRows();
  }

  /** Rotations of row pairs (0,1), (2,3), ..., scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] rotateRowsScalar() {
    return rotateRows();
  }

  /** {@code T_0..T_31} at n points, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] basisTVector() {
    return basisT();
  }

  /** {@code T_0..T_31} at n points, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] basisTScalar() {
    return basisT();
  }

  /** Degree-31 Clenshaw sums at n points, vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g"})
  public double[] clenshawVector() {
    return clenshaw();
  }

  /** Degree-31 Clenshaw sums at n points, scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms1g", "-Xmx1g", "-Dcmr.kernels=scalar"})
  public double[] clenshawScalar() {
    return clenshaw();
  }
}
