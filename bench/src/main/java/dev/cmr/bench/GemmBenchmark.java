package dev.cmr.bench;

import dev.cmr.kernels.Gemm;
import dev.cmr.kernels.Kernels;
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
 * SGEMM and DGEMM through {@link Gemm}, scalar path against vector path.
 *
 * <p>The {@code …Scalar} and {@code …Vector} methods have identical bodies; only their fork
 * flags differ ({@code -Dcmr.kernels=scalar}), because the path is chosen once per JVM. The
 * setup fails if the fork runs the other path, and checks sampled elements of the product
 * against a double-precision dot product, so a fast wrong kernel cannot win.
 *
 * <p>Shapes are {@code m x k x n}: the MLP's first layer (batch 128, 784 inputs, 256 units),
 * a hidden layer and a cube. Three warm-up iterations of 1 s cover C2's compilation of the
 * micro-kernel (about 0.5 s); the heap is pinned so GC sizing cannot differ between forks.
 * Run: {@code java -cp bench.jar:... org.openjdk.jmh.Main GemmBenchmark -rf json}; pass
 * wider shapes with {@code -p shape=1024x1024x1024}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
  private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** {@code m x k x n}. */
  @Param({"128x784x256", "256x256x256", "512x512x512"})
  public String shape;

  /** Transposes of A and B: {@code NT} is the MLP forward pass {@code X W^T}. */
  @Param({"NT"})
  public String trans;

  /** Threads one call may use (capped at the available processors). */
  @Param({"1", "2"})
  public int threads;

  private int m;
  private int n;
  private int k;
  private boolean transA;
  private boolean transB;
  private float[] fa;
  private float[] fb;
  private float[] fc;
  private double[] da;
  private double[] db;
  private double[] dc;

  /** Builds inputs, checks the fork runs the intended path, and checks one product. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String method = params.getBenchmark();
    boolean wantVector = method.endsWith("Vector");
    if (Kernels.isVectorized() != wantVector) {
      throw new IllegalStateException(method + " expected the " + (wantVector ? "vector"
          : "scalar") + " path but runs " + Kernels.description());
    }
    String[] dims = shape.split("x");
    m = Integer.parseInt(dims[0]);
    k = Integer.parseInt(dims[1]);
    n = Integer.parseInt(dims[2]);
    transA = trans.charAt(0) == 'T';
    transB = trans.charAt(1) == 'T';
    Kernels.setThreads(Math.min(threads, Runtime.getRuntime().availableProcessors()));
    SplittableRandom random = new SplittableRandom(42);
    da = random.doubles((long) m * k, -1, 1).toArray();
    db = random.doubles((long) k * n, -1, 1).toArray();
    dc = new double[m * n];
    fa = toFloat(da);
    fb = toFloat(db);
    fc = new float[m * n];
    sgemm();
    dgemm();
    for (int sample = 0; sample < 64; sample++) {
      int i = random.nextInt(m);
      int j = random.nextInt(n);
      double want = 0;
      double abs = 0;
      for (int p = 0; p < k; p++) {
        double t = (transA ? fa[p * m + i] : fa[i * k + p])
            * (double) (transB ? fb[j * k + p] : fb[p * n + j]);
        want += t;
        abs += Math.abs(t);
      }
      check(want, fc[i * n + j], abs * k * 1e-6, i, j, "sgemm");
      want = 0;
      for (int p = 0; p < k; p++) {
        want += (transA ? da[p * m + i] : da[i * k + p]) * (transB ? db[j * k + p] : db[p * n + j]);
      }
      check(want, dc[i * n + j], abs * k * 1e-14, i, j, "dgemm");
    }
  }

  private static void check(double want, double got, double tol, int i, int j, String what) {
    if (!(Math.abs(want - got) <= tol)) {
      throw new IllegalStateException(what + " C[" + i + "][" + j + "] = " + got
          + ", expected " + want);
    }
  }

  private static float[] toFloat(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  private float[] sgemm() {
    Gemm.sgemm(transA, transB, m, n, k, 1f, fa, fb, 0f, fc);
    return fc;
  }

  private double[] dgemm() {
    Gemm.dgemm(transA, transB, m, n, k, 1.0, da, db, 0.0, dc);
    return dc;
  }

  /** Single precision on the vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms2g", "-Xmx2g"})
  public float[] sgemmVector() {
    return sgemm();
  }

  /** Single precision on the scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms2g", "-Xmx2g", "-Dcmr.kernels=scalar"})
  public float[] sgemmScalar() {
    return sgemm();
  }

  /** Double precision on the vector path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms2g", "-Xmx2g"})
  public double[] dgemmVector() {
    return dgemm();
  }

  /** Double precision on the scalar path. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {VECTOR_MODULE, "-Xms2g", "-Xmx2g", "-Dcmr.kernels=scalar"})
  public double[] dgemmScalar() {
    return dgemm();
  }
}
