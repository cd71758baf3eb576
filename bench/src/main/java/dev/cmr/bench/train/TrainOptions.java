package dev.cmr.bench.train;

import static dev.cmr.bench.OptionValues.integer;
import static dev.cmr.bench.OptionValues.value;

import dev.cmr.bench.UsageException;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of one {@code cmr bench train} run, parsed from its command line.
 *
 * @param json where to write the JSON report, or null for none
 * @param threads threads for both engines (our GEMM and spectral workers, torch's intra-op
 *     pool and its BLAS)
 * @param batch rows per batch
 * @param steps vanilla steps per timed block
 * @param cmrSteps CMR steps per timed block
 * @param repeats timed blocks per contender; medians are reported
 * @param warmupSeconds untimed training of ours before the first timed block, so the JIT has
 *     compiled the hot code
 * @param python the Python interpreter that has torch
 * @param seed seed of the weights and batches
 * @param quick whether the short settings for tests are in force
 * @param help whether only the help text was asked for
 */
public record TrainOptions(Path json, int threads, int batch, int steps, int cmrSteps,
    int repeats, double warmupSeconds, String python, long seed, boolean quick, boolean help) {

  /** The help text of {@code cmr bench train}. */
  public static String usage() {
    return """
        usage: cmr bench train [--threads N] [--steps N] [--cmr-steps N] [--repeats N]
                               [--batch N] [--quick] [--json FILE] [--python CMD]

        Trains the kappa-stress network (784 -> 14 x 256 -> 10, tanh, Adam at 1e-3, gradient
        clipping at 5, batch 128) side by side in one run: this engine's vanilla step, PyTorch's
        (through the Debian python3-torch package, in a Python subprocess) and this engine's CMR
        step. Blocks of steps alternate between the contenders; each reports the median
        samples/s of its blocks after warm-up, then our vanilla throughput relative to
        PyTorch's (above 1: ours is faster) and the CMR step's cost relative to our vanilla
        step. When torch cannot be imported the report says so and why.

        options:
          --threads N     threads for both engines (default: cmr.threads if set, else the
                          number of CPUs)
          --steps N       vanilla steps per timed block (default 200, quick 10)
          --cmr-steps N   CMR steps per timed block (default 40, quick 3)
          --repeats N     timed blocks per contender (default 5, quick 2)
          --batch N       rows per batch (default 128)
          --quick         short run for tests
          --json FILE     also write the results as JSON (written atomically)
          --python CMD    the Python interpreter that has torch (default: /usr/bin/python3)
          --seed N        seed of the weights and batches (default 42)
          --help          this text

        Exit codes: 0 success (also when torch is missing: the report says so), 1 failure,
        2 usage error.
        """;
  }

  /**
   * Parses the arguments after {@code train}.
   *
   * @param args the arguments; each option takes its value as the next argument or after
   *     {@code =}
   * @param defaultThreads the thread count when {@code --threads} is absent
   * @return the options
   * @throws UsageException for an unknown option or a bad or missing value
   */
  public static TrainOptions parse(List<String> args, int defaultThreads)
      throws UsageException {
    Path json = null;
    Integer threads = null;
    Integer steps = null;
    Integer cmrSteps = null;
    Integer repeats = null;
    int batch = 128;
    String python = "/usr/bin/python3";
    long seed = 42;
    boolean quick = false;
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
          if (inline != null) {
            throw new UsageException("--quick takes no value, got '" + inline + "'");
          }
          quick = true;
        }
        case "--json" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageException("--json expects a file name, got an empty value");
          }
          json = Path.of(value);
        }
        case "--threads" -> threads = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1024);
        case "--steps" -> steps = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1_000_000);
        case "--cmr-steps" -> cmrSteps = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1_000_000);
        case "--repeats" -> repeats = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1000);
        case "--batch" -> batch = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 65_536);
        case "--python" -> {
          python = inline != null ? inline : value(args, ++i, name);
          if (python.isBlank()) {
            throw new UsageException("--python expects a command, got an empty value");
          }
        }
        case "--seed" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          try {
            seed = Long.parseLong(value.trim());
          } catch (NumberFormatException e) {
            throw new UsageException("--seed expects an integer, got '" + value + "'");
          }
        }
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option '" + arg + "'"
            : "unexpected argument '" + arg + "' (options start with --)");
      }
    }
    int resolvedThreads = threads != null ? threads : defaultThreads;
    if (resolvedThreads < 1) {
      throw new UsageException("threads must be >= 1, got " + resolvedThreads);
    }
    return new TrainOptions(json, resolvedThreads, batch,
        steps != null ? steps : quick ? 10 : 200, cmrSteps != null ? cmrSteps : quick ? 3 : 40,
        repeats != null ? repeats : quick ? 2 : 5, quick ? 0.2 : 5.0, python, seed, quick,
        help);
  }

}
