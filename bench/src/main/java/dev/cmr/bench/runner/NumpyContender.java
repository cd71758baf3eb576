package dev.cmr.bench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * numpy's {@code matmul} (OpenBLAS in the usual wheels) in a Python subprocess. The process
 * runs the script {@code numpy_gemm.py} (a resource of this package, written to a temporary
 * folder) with {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and
 * {@code MKL_NUM_THREADS} set to our thread count and {@code OPENBLAS_CORETYPE} and
 * {@code OPENBLAS_L2_SIZE} removed, so OpenBLAS picks its kernel for this CPU itself. Matrices
 * travel as raw little-endian files; requests and replies are tab-separated lines.
 */
public final class NumpyContender implements Contender {
  /** Environment variables that would override OpenBLAS's own kernel choice. */
  static final List<String> REMOVED_VARIABLES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");
  private static final String SCRIPT = "numpy_gemm.py";
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final long REPLY_TIMEOUT_SECONDS = 600;

  private final String python;
  private final int threads;
  private final Map<String, String> environment;
  private final Map<String, String> facts = new LinkedHashMap<>();
  private Path folder;
  private LineProcess process;
  private GemmProblem problem;

  /**
   * Creates the contender.
   *
   * @param python the Python interpreter to start (a command on PATH or a path)
   * @param threads the BLAS thread count to ask for (at least 1)
   * @param environment the environment the process would inherit (normally
   *     {@code System.getenv()}); the thread variables are set and the kernel overrides removed
   *     in a copy
   */
  public NumpyContender(String python, int threads, Map<String, String> environment) {
    if (python == null || python.isBlank()) {
      throw new IllegalArgumentException("python command must not be blank, got '" + python
          + "'");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.python = python;
    this.threads = threads;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String name() {
    return "numpy";
  }

  @Override
  public String open() throws UnavailableException {
    try {
      folder = Files.createTempDirectory("cmr-bench-numpy-");
      Path script = folder.resolve(SCRIPT);
      try (InputStream in = NumpyContender.class.getResourceAsStream(SCRIPT)) {
        if (in == null) {
          throw new IOException("resource " + SCRIPT + " is missing from the bench jar");
        }
        Files.copy(in, script);
      }
      ProcessBuilder builder = new ProcessBuilder(python, script.toString());
      Map<String, String> env = builder.environment();
      env.clear();
      env.putAll(environment);
      for (String name : REMOVED_VARIABLES) {
        String old = env.remove(name);
        facts.put("removed " + name, old == null ? "was not set" : "was " + old);
      }
      for (String name : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
        env.put(name, Integer.toString(threads));
      }
      facts.put("python command", python);
      try {
        process = LineProcess.start("numpy", builder);
      } catch (IOException e) {
        close();
        throw new UnavailableException("cannot start '" + python + "': " + e.getMessage());
      }
      while (true) {
        String line = process.reply(START_TIMEOUT_SECONDS);
        String[] fields = line.split("\t", 3);
        if (fields[0].equals("ready")) {
          break;
        }
        if (fields[0].equals("info") && fields.length == 3) {
          facts.put(fields[1], fields[2]);
        } else if (fields[0].equals("error")) {
          close();
          throw new UnavailableException(fields.length > 1 ? fields[1] : line);
        }
      }
    } catch (IOException e) {
      close();
      throw new UnavailableException("Python process failed to start: " + e.getMessage());
    }
    return describe();
  }

  private String describe() {
    StringBuilder text = new StringBuilder("numpy ").append(facts.getOrDefault("numpy", "?"))
        .append(" (Python ").append(facts.getOrDefault("python", "?")).append("), ")
        .append(facts.getOrDefault("blas", "unknown BLAS"));
    if (facts.containsKey("kernel")) {
      text.append(" kernel ").append(facts.get("kernel"));
    }
    String reported = facts.get("blas_threads");
    text.append(", ").append(reported != null ? reported : "? (asked " + threads + ")")
        .append(" thread").append("1".equals(reported) ? "" : "s");
    if (reported != null && !reported.equals(Integer.toString(threads))) {
      text.append(" (asked for ").append(threads).append(")");
    }
    text.append("; ").append(String.join(", ", REMOVED_VARIABLES)).append(" unset for it");
    return text.toString();
  }

  @Override
  public Map<String, String> facts() {
    return Map.copyOf(facts);
  }

  @Override
  public Object load(GemmProblem problem) throws IOException {
    this.problem = problem;
    GemmShape s = problem.shape();
    Path a = folder.resolve("a.bin");
    Path b = folder.resolve("b.bin");
    Path c = folder.resolve("c.bin");
    if (problem.precision() == Precision.FLOAT) {
      RawArrays.write(a, problem.aFloat());
      RawArrays.write(b, problem.bFloat());
    } else {
      RawArrays.write(a, problem.aDouble());
      RawArrays.write(b, problem.bDouble());
    }
    expect("ok", request("load", problem.precision().numpyName(), s.m(), s.k(), s.n(), a, b, c,
        s.op()));
    try {
      return problem.precision() == Precision.FLOAT ? RawArrays.readFloats(c, s.m() * s.n())
          : RawArrays.readDoubles(c, s.m() * s.n());
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
      Files.deleteIfExists(c);
    }
  }

  @Override
  public double time(int calls) throws IOException {
    if (problem == null) {
      throw new IllegalStateException("time() needs a loaded problem");
    }
    String[] fields = expect("time", request("time", calls));
    try {
      return Double.parseDouble(fields[1]);
    } catch (RuntimeException e) {
      throw new IOException("numpy process sent a malformed time reply: " + String.join(" ",
          fields), e);
    }
  }

  @Override
  public void unload() {
    if (problem != null && process != null && process.isAlive()) {
      problem = null;
      try {
        expect("ok", request("drop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    problem = null;
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
      process = null;
    }
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // Limitation: a temporary folder that cannot be removed is left behind.
        folder.toFile().deleteOnExit();
      }
      folder = null;
    }
  }

  private String request(Object... fields) throws IOException {
    if (process == null) {
      throw new IOException("the numpy process is not running");
    }
    return process.request(REPLY_TIMEOUT_SECONDS, fields);
  }

  private String[] expect(String kind, String line) throws IOException {
    return process.expect(kind, line, 1);
  }
}
