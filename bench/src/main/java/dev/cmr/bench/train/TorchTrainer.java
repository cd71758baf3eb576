package dev.cmr.bench.train;

import dev.cmr.bench.runner.LineProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch training the same network in a Python subprocess that runs the script
 * {@code torch_train.py} (a resource of this package, written to a temporary folder), with
 * {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and {@code MKL_NUM_THREADS} set to the
 * thread count and {@code torch.set_num_threads} called with it. Requests and replies are
 * tab-separated lines.
 */
public final class TorchTrainer implements AutoCloseable {
  private static final String SCRIPT = "torch_train.py";
  private static final long START_TIMEOUT_SECONDS = 300;
  private static final long REPLY_TIMEOUT_SECONDS = 600;

  private final String python;
  private final int threads;
  private final int batch;
  private final long seed;
  private final Map<String, String> facts = new LinkedHashMap<>();
  private Path folder;
  private LineProcess process;

  /**
   * Creates the contender; nothing starts before {@link #open()}.
   *
   * @param python the Python interpreter that has torch (a command on PATH or a path)
   * @param threads torch's intra-op thread count, at least 1
   * @param batch rows per batch
   * @param seed seed of the weights and batches
   * @throws IllegalArgumentException for a blank command or a count below 1
   */
  public TorchTrainer(String python, int threads, int batch, long seed) {
    if (python == null || python.isBlank()) {
      throw new IllegalArgumentException("python command must not be blank, got '" + python
          + "'");
    }
    if (threads < 1 || batch < 1) {
      throw new IllegalArgumentException("threads and batch must be >= 1, got " + threads
          + " and " + batch);
    }
    this.python = python;
    this.threads = threads;
    this.batch = batch;
    this.seed = seed;
  }

  /**
   * Starts the process and waits until torch has built the model and run one step.
   *
   * @return a one-line description: torch version, the BLAS library loaded, threads
   * @throws IOException when Python or torch cannot start; the message says why
   */
  public String open() throws IOException {
    folder = Files.createTempDirectory("cmr-bench-torch-");
    Path script = folder.resolve(SCRIPT);
    try (InputStream in = TorchTrainer.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException("resource " + SCRIPT + " is missing from the bench jar");
      }
      Files.copy(in, script);
    }
    ProcessBuilder builder = new ProcessBuilder(python, script.toString(),
        Integer.toString(threads), Integer.toString(batch), Long.toString(seed));
    for (String name : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
      builder.environment().put(name, Integer.toString(threads));
    }
    facts.put("python command", python);
    try {
      process = LineProcess.start("torch", builder);
    } catch (IOException e) {
      close();
      throw new IOException("cannot start '" + python + "': " + e.getMessage(), e);
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
        throw new IOException(fields.length > 1 ? fields[1] : line);
      }
    }
    return describe();
  }

  /** What runs: torch version, BLAS as configured and as loaded, threads. */
  String describe() {
    String loaded = facts.getOrDefault("loaded libraries", "?");
    String blas = loaded.contains("openblas") ? "OpenBLAS"
        : loaded.contains("mkl") ? "MKL" : loaded.contains("libblas") ? "reference BLAS?"
        : "unknown BLAS";
    if (loaded.contains("openblas")) {
      blas += loaded.contains("openblas-openmp") ? " (OpenMP build)"
          : loaded.contains("openblas-pthread") ? " (pthreads build)" : "";
    }
    return "PyTorch " + facts.getOrDefault("torch", "?") + " (Python "
        + facts.getOrDefault("python", "?") + "), " + blas + " [config BLAS_INFO="
        + facts.getOrDefault("config BLAS_INFO", "?") + "], "
        + facts.getOrDefault("torch_threads", "?") + " thread(s)";
  }

  /** Facts for the JSON report: versions, libraries, thread settings. */
  public Map<String, String> facts() {
    return Map.copyOf(facts);
  }

  /**
   * Trains {@code steps} steps back to back.
   *
   * @param steps the number of optimizer steps, at least 1
   * @return the wall time in seconds
   * @throws IOException when the process fails or replies garbage
   */
  public double time(int steps) throws IOException {
    String[] fields = expect("time", request("time\t" + steps));
    try {
      return Double.parseDouble(fields[1]);
    } catch (RuntimeException e) {
      throw new IOException("torch process sent a malformed time reply: "
          + String.join(" ", fields), e);
    }
  }

  /** Stops the process and removes the temporary folder; safe to call more than once. */
  @Override
  public void close() {
    if (process != null) {
      process.close();
      process = null;
    }
    if (folder != null) {
      try {
        Files.deleteIfExists(folder.resolve(SCRIPT));
        Files.deleteIfExists(folder);
      } catch (IOException e) {
        // Limitation: a temporary folder that cannot be removed is left behind.
        folder.toFile().deleteOnExit();
      }
      folder = null;
    }
  }

  private String request(String line) throws IOException {
    if (process == null) {
      throw new IOException("the torch process is not running");
    }
    return process.request(REPLY_TIMEOUT_SECONDS, line);
  }

  private String[] expect(String kind, String line) throws IOException {
    return process.expect(kind, line, 2);
  }
}
