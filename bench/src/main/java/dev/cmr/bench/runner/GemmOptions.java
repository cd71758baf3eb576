package dev.cmr.bench.runner;

import static dev.cmr.bench.OptionValues.integer;
import static dev.cmr.bench.OptionValues.value;

import dev.cmr.bench.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The settings of one {@code cmr bench gemm} run, parsed from its command line.
 *
 * @param json where to write the JSON report, or null for none
 * @param threads threads for every contender (ours, OpenBLAS, EJML) and the FMA peak
 * @param sizes the shapes to measure, in order
 * @param types the element types to measure, in order
 * @param quick whether the short settings for tests are in force
 * @param repeats timed samples per contender and case; the median is reported
 * @param warmup untimed samples per contender and case before the timed ones (at least)
 * @param warmupSeconds untimed samples continue until this much time has passed, so the JIT
 *     has compiled the hot code before anything is timed
 * @param minSampleSeconds a sample repeats the call until it lasts at least this long
 * @param settleMillis idle pause before each timed sample, so that the previous contender's
 *     threads have stopped polling (OpenBLAS's poll for about 0.1 s after a call) and do not
 *     take cores from the one being timed
 * @param python the Python interpreter that runs numpy
 * @param seed seed of the input matrices
 * @param help whether only the help text was asked for
 */
public record GemmOptions(Path json, int threads, List<GemmShape> sizes, List<Precision> types,
    boolean quick, int repeats, int warmup, double warmupSeconds, double minSampleSeconds,
    int settleMillis, String python, long seed,
    boolean help) {

  /**
   * The full set: square products, the two MLP layer shapes (batch 128) as {@code A B}, and
   * the products one training step of the MLP runs (forward {@code X W^T}, weight gradient
   * {@code D^T X}, input gradient {@code D W}) for its first and its hidden layers.
   */
  public static final List<GemmShape> DEFAULT_SIZES = List.of(
      new GemmShape(256, 256, 256), new GemmShape(512, 512, 512),
      new GemmShape(1024, 1024, 1024), new GemmShape(2048, 2048, 2048),
      new GemmShape(128, 784, 256), new GemmShape(128, 256, 256),
      new GemmShape(128, 784, 256, false, true), new GemmShape(256, 128, 784, true, false),
      new GemmShape(128, 256, 784), new GemmShape(128, 256, 256, false, true),
      new GemmShape(256, 128, 256, true, false));
  /** The sizes of {@code --quick}. */
  public static final List<GemmShape> QUICK_SIZES = List.of(
      new GemmShape(256, 256, 256), new GemmShape(128, 256, 256));

  /** Copies the lists so the options stay immutable. */
  public GemmOptions {
    sizes = List.copyOf(sizes);
    types = List.copyOf(types);
  }

  /** The help text of {@code cmr bench gemm}. */
  public static String usage() {
    return """
        usage: cmr bench gemm [--threads N] [--sizes LIST] [--types LIST] [--quick]
                              [--repeats N] [--settle-ms N] [--json FILE] [--python CMD]

        Measures C = A B side by side, in one run: our dev.cmr.kernels.Gemm against OpenBLAS
        (through numpy, in a Python subprocess) and EJML. Contenders alternate; each reports
        the median of its timed samples after warm-up as GFLOP/s = 2 m n k / time, and our
        ratio to it (above 1: ours is faster). Each peer's product is checked once against
        ours. A peer that cannot run is reported as missing, with the reason.

        options:
          --threads N     threads for every contender and the FMA peak
                          (default: cmr.threads if set, else the number of CPUs)
          --sizes LIST    comma-separated N (square) or MxKxN shapes, each optionally
                          with :tn (A^T B), :nt (A B^T) or :tt; default: 256,512,1024,
                          2048,128x784x256,128x256x256 and the MLP's training products
                          128x784x256:nt,256x128x784:tn,128x256x784,128x256x256:nt,
                          256x128x256:tn
          --types LIST    float, double or both (default: float,double)
          --quick         smoke run for tests: sizes 256,128x256x256, 3 repeats,
                          barely warmed up (not a measurement)
          --repeats N     timed samples per contender and case (default 5, quick 3)
          --settle-ms N   idle milliseconds before each timed sample, so that the threads
                          of the contender before it have stopped polling (default 200,
                          quick 0)
          --json FILE     also write the results as JSON (written atomically)
          --python CMD    the Python interpreter that has numpy (default: python3)
          --seed N        seed of the input matrices (default 42)
          --help          this text

        Exit codes: 0 success, 1 failure or a wrong result, 2 usage error.
        """;
  }

  /**
   * Parses the arguments after {@code gemm}.
   *
   * @param args the arguments; each option takes its value as the next argument or after
   *     {@code =}; {@code --sizes} also takes several following arguments
   * @param defaultThreads the thread count when {@code --threads} is absent
   * @throws UsageException for an unknown option or a bad or missing value
   */
  public static GemmOptions parse(List<String> args, int defaultThreads) throws UsageException {
    Path json = null;
    Integer threads = null;
    List<GemmShape> sizes = null;
    List<Precision> types = List.of(Precision.FLOAT, Precision.DOUBLE);
    boolean quick = false;
    Integer repeats = null;
    Integer settleMillis = null;
    String python = "python3";
    long seed = 42;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--quick" -> {
          noInlineValue(name, inline);
          quick = true;
        }
        case "--json" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageException("--json expects a file name, got an empty value");
          }
          json = Path.of(value);
        }
        case "--threads" -> threads = integer(name,
            inline != null ? inline : value(args, ++i, name), 1, 1024);
        case "--repeats" -> repeats = integer(name,
            inline != null ? inline : value(args, ++i, name), 1, 1000);
        case "--settle-ms" -> settleMillis = integer(name,
            inline != null ? inline : value(args, ++i, name), 0, 10_000);
        case "--seed" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          try {
            seed = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new UsageException("--seed expects an integer, got '" + value + "'");
          }
        }
        case "--python" -> {
          python = inline != null ? inline : value(args, ++i, name);
          if (python.isBlank()) {
            throw new UsageException("--python expects a command, got an empty value");
          }
        }
        case "--sizes" -> {
          List<String> items = new ArrayList<>();
          if (inline != null) {
            items.add(inline);
          } else {
            items.add(value(args, ++i, name));
            while (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
              items.add(args.get(++i));
            }
          }
          sizes = parseSizes(items);
        }
        case "--types" -> types = parseTypes(inline != null ? inline : value(args, ++i, name));
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option '" + arg + "'"
            : "unexpected argument '" + arg + "' (options start with --)");
      }
    }
    int resolvedThreads = threads != null ? threads : defaultThreads;
    if (resolvedThreads < 1) {
      throw new UsageException("threads must be >= 1, got " + resolvedThreads);
    }
    return new GemmOptions(json, resolvedThreads,
        sizes != null ? sizes : quick ? QUICK_SIZES : DEFAULT_SIZES, types, quick,
        repeats != null ? repeats : quick ? 3 : 5, quick ? 1 : 2, quick ? 0.05 : 0.3,
        quick ? 0.002 : 0.05, settleMillis != null ? settleMillis : quick ? 0 : 200,
        python, seed, help);
  }

  private static void noInlineValue(String name, String inline) throws UsageException {
    if (inline != null) {
      throw new UsageException(name + " takes no value, got '" + inline + "'");
    }
  }


  private static List<GemmShape> parseSizes(List<String> items) throws UsageException {
    LinkedHashSet<GemmShape> sizes = new LinkedHashSet<>();
    for (String item : items) {
      for (String part : item.split(",")) {
        if (part.isBlank()) {
          throw new UsageException("--sizes expects N or MxKxN items separated by commas, got '"
              + item + "'");
        }
        try {
          sizes.add(GemmShape.parse(part));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--sizes: " + e.getMessage());
        }
      }
    }
    return List.copyOf(sizes);
  }

  private static List<Precision> parseTypes(String value) throws UsageException {
    LinkedHashSet<Precision> types = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      try {
        types.add(Precision.parse(part.trim()));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--types: " + e.getMessage());
      }
    }
    return List.copyOf(types);
  }
}
