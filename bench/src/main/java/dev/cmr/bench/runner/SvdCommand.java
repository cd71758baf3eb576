package dev.cmr.bench.runner;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.Subcommand;
import dev.cmr.bench.UsageException;
import dev.cmr.engine.Svd;
import dev.cmr.engine.SymmetricEigen;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ejml.EjmlVersion;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.decomposition.SingularValue;
import org.ojalgo.matrix.store.R064Store;

/**
 * {@code cmr bench svd [--json FILE] [--quick] [--python CMD]}: the SVD (values only and with
 * thin vectors) at 64, 128, 256, 512 square and 784 x 256, and the symmetric eigensolver at
 * 256, side by side in one run: ours ({@link Svd}, default Golub-Kahan), ojAlgo, EJML and
 * LAPACK through numpy (when a Python with numpy is found). All on one thread.
 *
 * <p>Per case every contender first runs once (its values are checked against ours: a
 * largest difference above {@code 1e-9 s_1} marks the contender WRONG) and warms up for
 * {@value #WARM_SECONDS} s and at least {@value #MIN_WARM_CALLS} calls; then {@value #ROUNDS}
 * rounds time a block of calls of each contender in turn (alternating, so a change in machine
 * load hits all alike), each block about {@value #BLOCK_SECONDS} s. The table gives the median
 * time per call and each peer's time divided by ours (above 1: ours is faster). The input is a
 * Gaussian matrix from a fixed seed (its scaled Gram matrix for the eigensolver).
 */
public final class SvdCommand implements Subcommand {
  private static final double WARM_SECONDS = 0.3;
  private static final double BLOCK_SECONDS = 0.08;
  private static final int ROUNDS = 7;
  /** Warm-up calls at least, whatever the time: the JIT compiles by invocation counts. */
  private static final int MIN_WARM_CALLS = 20;
  private static final int[][] SHAPES = {{64, 64}, {128, 128}, {256, 256}, {512, 512},
      {784, 256}};

  /** Creates the command. */
  public SvdCommand() {}

  @Override
  public String name() {
    return "svd";
  }

  @Override
  public String summary() {
    return "SVD and symmetric eigensolver: ours against ojAlgo, EJML and LAPACK (numpy)";
  }

  /** One timed case: a kind of call on one matrix. */
  private record Case(String kind, int m, int n) {
    String label() {
      return kind + " " + m + "x" + n;
    }
  }

  /** One implementation in the run. */
  private interface Peer extends AutoCloseable {
    String name();

    /** Describes what runs, or throws when it cannot run here. */
    String open() throws Exception;

    /** Takes the case's matrix ({@code m x n} row-major; not modified). */
    void load(Case c, double[] a) throws Exception;

    /** The values of one call, descending. */
    double[] values() throws Exception;

    /** Wall seconds of {@code calls} back-to-back calls. */
    double time(int calls) throws Exception;

    @Override
    void close();
  }

  /** A peer that runs in this JVM: each call is one {@link #once()}. */
  private abstract static class InProcessPeer implements Peer {
    /** One decomposition of the loaded case; its values, descending. */
    abstract double[] once();

    @Override
    public double[] values() {
      return once();
    }

    @Override
    public double time(int calls) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        once();
      }
      return (System.nanoTime() - start) * 1e-9;
    }

    @Override
    public void close() {}
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Path json = null;
    boolean quick = false;
    String python = "python3";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--json" -> {
          if (i + 1 >= args.size()) {
            err.println("cmr bench svd: --json needs a file name");
            return BenchMain.USAGE;
          }
          json = Path.of(args.get(++i));
          try {
            Subcommand.requireJsonFolder(json);
          } catch (UsageException e) {
            err.println("cmr bench svd: " + e.getMessage());
            return BenchMain.USAGE;
          }
        }
        case "--python" -> {
          if (i + 1 >= args.size()) {
            err.println("cmr bench svd: --python needs a command");
            return BenchMain.USAGE;
          }
          python = args.get(++i);
        }
        case "--quick" -> quick = true;
        case "--help", "-h" -> {
          out.print("usage: cmr bench svd [--json FILE] [--quick] [--python CMD]\n"
              + "  SVD (values, thin vectors) at 64..512 and 784x256, symmetric eigen at 256:\n"
              + "  ours against ojAlgo, EJML and LAPACK (numpy), one thread, medians.\n"
              + "  --quick: fewer rounds and shorter blocks (a smoke run, not a measurement)\n");
          return BenchMain.OK;
        }
        default -> {
          err.println("cmr bench svd: unknown option '" + arg + "' (see --help)");
          return BenchMain.USAGE;
        }
      }
    }
    System.setProperty("cmr.threads", "1");
    List<Case> cases = new ArrayList<>();
    for (int[] s : SHAPES) {
      cases.add(new Case("svd-values", s[0], s[1]));
      cases.add(new Case("svd-vectors", s[0], s[1]));
    }
    cases.add(new Case("eig-values", 256, 256));
    cases.add(new Case("eig-vectors", 256, 256));

    List<Peer> peers = List.of(new Ours(), new OjAlgo(), new Ejml(), new Numpy(python));
    Map<String, String> descriptions = new LinkedHashMap<>();
    List<Peer> open = new ArrayList<>();
    for (Peer p : peers) {
      try {
        descriptions.put(p.name(), p.open());
        open.add(p);
      } catch (Exception e) {
        descriptions.put(p.name(), "missing (" + e.getMessage() + ")");
        p.close();
      }
    }
    for (Map.Entry<String, String> d : descriptions.entrySet()) {
      err.println("cmr bench svd: " + d.getKey() + ": " + d.getValue());
    }
    int rounds = quick ? 3 : ROUNDS;
    double block = quick ? 0.02 : BLOCK_SECONDS;
    double warm = quick ? 0.05 : WARM_SECONDS;
    Map<String, Map<String, String>> table = new LinkedHashMap<>();
    boolean wrong = false;
    try {
      for (Case c : cases) {
        double[] a = matrix(c);
        Map<String, String> row = new LinkedHashMap<>();
        Map<String, Double> medians = new LinkedHashMap<>();
        double[] reference = null;
        List<Peer> live = new ArrayList<>();
        for (Peer p : open) {
          try {
            p.load(c, a);
            double[] v = p.values();
            if (reference == null) {
              reference = v;
            } else if (!agrees(reference, v)) {
              row.put(p.name(), "WRONG");
              wrong = true;
              continue;
            }
            long end = System.nanoTime() + (long) (warm * 1e9);
            for (int k = 0; k < MIN_WARM_CALLS || System.nanoTime() < end; k++) {
              p.time(1);
            }
            live.add(p);
          } catch (Exception e) {
            row.put(p.name(), "error (" + e.getMessage() + ")");
          }
        }
        Map<String, int[]> calls = new LinkedHashMap<>();
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (Peer p : live) {
          double once = p.time(1);
          calls.put(p.name(), new int[] {Math.max(1, (int) (block / Math.max(once, 1e-6)))});
          samples.put(p.name(), new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
          for (Peer p : live) {
            int k = calls.get(p.name())[0];
            samples.get(p.name()).add(p.time(k) / k);
          }
        }
        for (Peer p : live) {
          List<Double> s = samples.get(p.name());
          s.sort(null);
          double median = s.get(s.size() / 2);
          medians.put(p.name(), median);
          row.put(p.name(), String.format(Locale.ROOT, "%.3f", median * 1e3));
        }
        Double ours = medians.get("cmr");
        if (ours != null) {
          for (Map.Entry<String, Double> e : medians.entrySet()) {
            if (!e.getKey().equals("cmr")) {
              row.put(e.getKey() + "/cmr", String.format(Locale.ROOT, "%.2f",
                  e.getValue() / ours));
            }
          }
        }
        table.put(c.label(), row);
        err.println("cmr bench svd: " + c.label() + " " + row);
      }
    } catch (Exception e) {
      err.println("cmr bench svd: failed: " + e);
      return BenchMain.FAILED;
    } finally {
      for (Peer p : open) {
        p.close();
      }
    }
    out.print(render(table, open));
    out.flush();
    if (json != null) {
      StringBuilder text = new StringBuilder("{\n  \"benchmark\": \"svd\",\n  \"unit\": \"ms\",\n"
          + "  \"threads\": 1,\n  \"contenders\": {");
      String sep = "";
      for (Map.Entry<String, String> d : descriptions.entrySet()) {
        text.append(sep).append("\n    ").append(quote(d.getKey())).append(": ")
            .append(quote(d.getValue()));
        sep = ",";
      }
      text.append("\n  },\n  \"cases\": {");
      sep = "";
      for (Map.Entry<String, Map<String, String>> r : table.entrySet()) {
        text.append(sep).append("\n    ").append(quote(r.getKey())).append(": {");
        String inner = "";
        for (Map.Entry<String, String> cell : r.getValue().entrySet()) {
          text.append(inner).append(quote(cell.getKey())).append(": ");
          String v = cell.getValue();
          text.append(v.matches("[0-9.]+") ? v : quote(v));
          inner = ", ";
        }
        text.append("}");
        sep = ",";
      }
      text.append("\n  }\n}\n");
      try {
        Json.writeAtomically(json, text.toString());
        err.println("cmr bench svd: wrote " + json);
      } catch (IOException e) {
        err.println("cmr bench svd: cannot write " + json + ": " + e.getMessage());
        return BenchMain.FAILED;
      }
    }
    return wrong ? BenchMain.FAILED : BenchMain.OK;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String render(Map<String, Map<String, String>> table, List<Peer> open) {
    List<String> columns = new ArrayList<>();
    for (Peer p : open) {
      columns.add(p.name());
    }
    for (Peer p : open) {
      if (!p.name().equals("cmr")) {
        columns.add(p.name() + "/cmr");
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-22s", "case (ms per call)"));
    for (String c : columns) {
      s.append(String.format(Locale.ROOT, " %12s", c));
    }
    s.append('\n');
    for (Map.Entry<String, Map<String, String>> r : table.entrySet()) {
      s.append(String.format(Locale.ROOT, "%-22s", r.getKey()));
      for (String c : columns) {
        s.append(String.format(Locale.ROOT, " %12s", r.getValue().getOrDefault(c, "-")));
      }
      s.append('\n');
    }
    return s.toString();
  }

  /** Values agree to {@code 1e-9} of the largest. */
  static boolean agrees(double[] reference, double[] v) {
    if (v.length != reference.length) {
      return false;
    }
    double scale = reference.length == 0 ? 1 : Math.abs(reference[0]);
    for (int i = 0; i < v.length; i++) {
      if (!(Math.abs(v[i] - reference[i]) <= 1e-9 * scale)) {
        return false;
      }
    }
    return true;
  }

  /** A Gaussian matrix from a fixed seed; for the eigensolver, {@code G^T G / n}. */
  static double[] matrix(Case c) {
    Random random = new Random(20261204L + 31L * c.m() + c.n());
    double[] g = new double[c.m() * c.n()];
    for (int i = 0; i < g.length; i++) {
      g[i] = random.nextGaussian();
    }
    if (!c.kind().startsWith("eig")) {
      return g;
    }
    int n = c.n();
    double[] s = new double[n * n];
    for (int k = 0; k < c.m(); k++) {
      for (int i = 0; i < n; i++) {
        double gi = g[k * n + i] / n;
        for (int j = 0; j < n; j++) {
          s[i * n + j] += gi * g[k * n + j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        s[j * n + i] = s[i * n + j];
      }
    }
    return s;
  }

  private static double[] descending(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    for (int i = 0; i < s.length / 2; i++) {
      double t = s[i];
      s[i] = s[s.length - 1 - i];
      s[s.length - 1 - i] = t;
    }
    return s;
  }

  /** Ours: {@link Svd} (Golub-Kahan) and {@link SymmetricEigen}. */
  private static final class Ours extends InProcessPeer {
    private Case c;
    private double[] a;

    @Override
    public String name() {
      return "cmr";
    }

    @Override
    public String open() {
      return "dev.cmr.engine Svd (Golub-Kahan) / SymmetricEigen, 1 thread";
    }

    @Override
    public void load(Case c, double[] a) {
      this.c = c;
      this.a = a;
    }

    @Override
    double[] once() {
      return switch (c.kind()) {
        case "svd-values" -> Svd.decompose(a, c.m(), c.n(), false, false).singularValues();
        case "svd-vectors" -> Svd.decompose(a, c.m(), c.n(), true, true).singularValues();
        case "eig-values" -> SymmetricEigen.decompose(a, c.n(), false).eigenvalues();
        default -> SymmetricEigen.decompose(a, c.n(), true).eigenvalues();
      };
    }
  }

  /** ojAlgo's {@code SingularValue.R064} and {@code Eigenvalue.R064} (hermitian). */
  private static final class OjAlgo extends InProcessPeer {
    private Case c;
    private R064Store store;

    @Override
    public String name() {
      return "ojalgo";
    }

    @Override
    public String open() {
      Package p = SingularValue.class.getPackage();
      String version = p == null ? null : p.getImplementationVersion();
      return "ojAlgo " + (version == null ? "55.1.0" : version)
          + " SingularValue.R064 / Eigenvalue.R064 (hermitian)";
    }

    @Override
    public void load(Case c, double[] a) {
      this.c = c;
      store = R064Store.FACTORY.make(c.m(), c.n());
      for (int i = 0; i < c.m(); i++) {
        for (int j = 0; j < c.n(); j++) {
          store.set(i, j, a[i * c.n() + j]);
        }
      }
    }

    @Override
    double[] once() {
      if (c.kind().startsWith("svd")) {
        SingularValue<Double> svd = SingularValue.R064.make(store);
        if (c.kind().equals("svd-values")) {
          svd.computeValuesOnly(store);
        } else {
          svd.decompose(store);
          svd.getU();
          svd.getV();
        }
        double[] s = new double[Math.min(c.m(), c.n())];
        svd.getSingularValues(s);
        return s;
      }
      Eigenvalue<Double> eig = Eigenvalue.R064.make(store, true);
      if (c.kind().equals("eig-values")) {
        eig.computeValuesOnly(store);
      } else {
        eig.decompose(store);
        eig.getV();
      }
      double[] v = new double[c.n()];
      for (int i = 0; i < c.n(); i++) {
        v[i] = eig.getEigenvalues().get(i).getReal();
      }
      return descending(v);
    }
  }

  /** EJML's {@code DecompositionFactory_DDRM.svd} (compact) and {@code eig} (symmetric). */
  private static final class Ejml extends InProcessPeer {
    private Case c;
    private DMatrixRMaj matrix;

    @Override
    public String name() {
      return "ejml";
    }

    @Override
    public String open() {
      return "EJML " + EjmlVersion.VERSION + " DecompositionFactory_DDRM svd / eig (symmetric)";
    }

    @Override
    public void load(Case c, double[] a) {
      this.c = c;
      matrix = DMatrixRMaj.wrap(c.m(), c.n(), a.clone());
    }

    @Override
    double[] once() {
      DMatrixRMaj copy = matrix.copy();
      if (c.kind().startsWith("svd")) {
        boolean vectors = c.kind().equals("svd-vectors");
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
            DecompositionFactory_DDRM.svd(c.m(), c.n(), vectors, vectors, true);
        if (!svd.decompose(copy)) {
          throw new IllegalStateException("EJML SVD failed");
        }
        if (vectors) {
          svd.getU(null, false);
          svd.getV(null, false);
        }
        return descending(Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues()));
      }
      boolean vectors = c.kind().equals("eig-vectors");
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(c.n(), vectors,
          true);
      if (!eig.decompose(copy)) {
        throw new IllegalStateException("EJML eigendecomposition failed");
      }
      double[] v = new double[c.n()];
      for (int i = 0; i < c.n(); i++) {
        v[i] = eig.getEigenvalue(i).real;
      }
      return descending(v);
    }
  }

  /** LAPACK through numpy in a Python process (script {@code numpy_svd.py}), one thread. */
  private static final class Numpy implements Peer {
    private final String python;
    private Path folder;
    private Process process;
    private Writer requests;
    private BufferedReader replies;
    private Case c;

    Numpy(String python) {
      this.python = python;
    }

    @Override
    public String name() {
      return "numpy";
    }

    @Override
    public String open() throws Exception {
      folder = Files.createTempDirectory("cmr-bench-svd-");
      Path script = folder.resolve("numpy_svd.py");
      try (InputStream in = SvdCommand.class.getResourceAsStream("numpy_svd.py")) {
        if (in == null) {
          throw new IOException("resource numpy_svd.py is missing from the bench jar");
        }
        Files.copy(in, script);
      }
      ProcessBuilder builder = new ProcessBuilder(python, script.toString());
      for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
        builder.environment().put(v, "1");
      }
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      process = builder.start();
      requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      replies = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String version = "?";
      while (true) {
        String line = replies.readLine();
        if (line == null) {
          throw new IOException("'" + python + "' with numpy did not start");
        }
        if (line.startsWith("info\tnumpy\t")) {
          version = line.substring("info\tnumpy\t".length());
        }
        if (line.equals("ready")) {
          break;
        }
      }
      return "numpy " + version + " linalg.svd / eigvalsh / eigh (LAPACK), 1 thread";
    }

    private String ask(String request) throws IOException {
      requests.write(request + "\n");
      requests.flush();
      String line = replies.readLine();
      if (line == null) {
        throw new IOException("the numpy process ended");
      }
      if (line.startsWith("error")) {
        throw new IOException("numpy: " + line);
      }
      return line;
    }

    @Override
    public void load(Case c, double[] a) throws IOException {
      this.c = c;
      ByteBuffer bytes = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asDoubleBuffer().put(a);
      Path file = folder.resolve("matrix.f64");
      Files.write(file, bytes.array());
      ask("load " + file + " " + c.m() + " " + c.n());
    }

    @Override
    public double[] values() throws IOException {
      String[] words = ask("values " + c.kind()).trim().split(" ");
      double[] v = new double[words.length];
      for (int i = 0; i < words.length; i++) {
        v[i] = Double.parseDouble(words[i]);
      }
      return v;
    }

    @Override
    public double time(int calls) throws IOException {
      return Double.parseDouble(ask("time " + c.kind() + " " + calls));
    }

    @Override
    public void close() {
      if (process != null) {
        process.destroy();
        process = null;
      }
      if (folder != null) {
        try (var files = Files.list(folder)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(p);
          }
          Files.deleteIfExists(folder);
        } catch (IOException e) {
          // a left-over temporary folder is harmless
        }
        folder = null;
      }
    }
  }
}
