package dev.cmr.bench.runner;

import static dev.cmr.bench.OptionValues.integer;
import static dev.cmr.bench.OptionValues.value;

import dev.cmr.bench.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The settings of one {@code cmr bench spectral} run, parsed from its command line.
 *
 * @param json where to write the JSON report, or null for none
 * @param threads threads of our kernels for both contenders
 * @param sizes square layer sizes, ascending, powers of two
 * @param repeats timed samples per contender and size, or 0 for the size-dependent default
 *     ({@link #repeatsFor})
 * @param probes Rademacher probes of the matrix-free estimator
 * @param kappa condition number of the test matrices
 * @param seed seed of the test matrices and the probes
 * @param quick whether the short settings for tests are in force
 * @param help whether only the help text was asked for
 */
public record SpectralOptions(Path json, int threads, List<Integer> sizes, int repeats,
    int probes, double kappa, long seed, boolean quick, boolean help) {

  /** The sizes of a full run. */
  public static final List<Integer> DEFAULT_SIZES = List.of(256, 1024, 2048, 4096);

  /** The sizes of {@code --quick}. */
  public static final List<Integer> QUICK_SIZES = List.of(16, 32);

  /** Largest accepted size: the exact path at 8192 would run for many minutes per sample. */
  public static final int MAX_SIZE = 8192;

  /** Copies the size list so the options stay immutable. */
  public SpectralOptions {
    sizes = List.copyOf(sizes);
  }

  /**
   * Timed samples for layers of size {@code n}: {@link #repeats} when given, else 5 up to
   * 1024, 3 at 2048 and 1 above (the exact path at 4096 takes tens of seconds per call; the
   * matrix-free contenders take at least 3 samples).
   *
   * @param n the layer size
   * @param exact whether the count is for the exact contender
   * @return the number of timed samples
   */
  public int repeatsFor(int n, boolean exact) {
    if (repeats > 0) {
      return repeats;
    }
    int base = n <= 1024 ? 5 : n <= 2048 ? 3 : 1;
    return exact ? base : Math.max(base, 3);
  }

  /** The help text of {@code cmr bench spectral}. */
  public static String usage() {
    return """
        usage: cmr bench spectral [--sizes LIST] [--repeats N] [--probes N] [--kappa X]
                                  [--threads N] [--seed N] [--quick] [--json FILE]

        Measures one CMR spectral step (value and gradient of one square layer) exact versus
        matrix-free, in one run, with the matrix-free estimators' errors. Contenders
        alternate in every round: exact (CmrRegularizer: Gram, eigenvalues, matrix
        polynomial), matrix-free cold (MatrixFreeCmr, Lanczos from a random start) and
        matrix-free warm (Lanczos warm-started from the previous step's vectors, the previous
        step's matrix differing by 1e-3 in relative Frobenius norm, as in training). The test
        matrices are Q1 diag(s) Q2^T, s log-spaced from 1 to 1/kappa, with dense randomized
        Walsh-Hadamard rotations Q1, Q2, so their exact spectrum is known.
        Reported: median seconds, the speedup over exact, the relative edge error, the
        moment error max_k |m_k - exact| (k = 3..K) as a root mean square over the samples,
        the relative gradient difference to the exact path, and the crossover size.

        options:
          --sizes LIST    square sizes, powers of two (default 256,1024,2048,4096)
          --repeats N     timed samples per contender (default 5 up to 1024, 3 at 2048,
                          1 exact and 3 matrix-free above)
          --probes N      Rademacher probes (default 8)
          --kappa X       condition number of the test matrices (default 10)
          --threads N     threads of our kernels (default: cmr.threads if set, else CPUs)
          --seed N        seed of the matrices and probes (default 42)
          --quick         small sizes and 2 samples, for tests
          --json FILE     also write the report as JSON
        """;
  }

  /**
   * Parses the arguments after {@code spectral}.
   *
   * @param args the arguments
   * @param defaultThreads threads when {@code --threads} is absent
   * @return the options
   * @throws UsageException for an unknown option or a bad value, with a one-line message
   */
  public static SpectralOptions parse(List<String> args, int defaultThreads)
      throws UsageException {
    Path json = null;
    int threads = defaultThreads;
    List<Integer> sizes = null;
    int repeats = 0;
    int probes = 8;
    double kappa = 10;
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
        case "--quick" -> quick = true;
        case "--json" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          if (value.isBlank()) {
            throw new UsageException("--json expects a file name, got an empty value");
          }
          json = Path.of(value);
        }
        case "--threads" -> threads = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1024);
        case "--repeats" -> repeats = integer(name, inline != null ? inline
            : value(args, ++i, name), 1, 1000);
        case "--probes" -> probes = integer(name, inline != null ? inline
            : value(args, ++i, name), 2, 4096);
        case "--seed" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          try {
            seed = Long.parseLong(value.trim());
          } catch (NumberFormatException e) {
            throw new UsageException("--seed expects an integer, got '" + value + "'");
          }
        }
        case "--kappa" -> {
          String value = inline != null ? inline : value(args, ++i, name);
          try {
            kappa = Double.parseDouble(value.trim());
          } catch (NumberFormatException e) {
            kappa = Double.NaN;
          }
          if (!(kappa > 1 && kappa <= 1e6)) {
            throw new UsageException("--kappa expects a number in (1, 1e6], got '" + value
                + "'");
          }
        }
        case "--sizes" -> sizes = parseSizes(inline != null ? inline : value(args, ++i, name));
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option '" + arg + "'"
            : "unexpected argument '" + arg + "' (options start with --)");
      }
    }
    if (threads < 1) {
      throw new UsageException("threads must be >= 1, got " + threads);
    }
    return new SpectralOptions(json, threads,
        sizes != null ? sizes : quick ? QUICK_SIZES : DEFAULT_SIZES,
        repeats != 0 ? repeats : quick ? 2 : 0, probes, kappa, seed, quick, help);
  }

  private static List<Integer> parseSizes(String value) throws UsageException {
    TreeSet<Integer> sizes = new TreeSet<>();
    for (String part : value.split(",", -1)) {
      int n;
      try {
        n = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--sizes expects powers of two separated by commas, got '"
            + value + "'");
      }
      if (n < 4 || n > MAX_SIZE || Integer.bitCount(n) != 1) {
        throw new UsageException("--sizes expects powers of two from 4 to " + MAX_SIZE
            + " (the test matrices use Walsh-Hadamard rotations), got " + n);
      }
      sizes.add(n);
    }
    return new ArrayList<>(sizes);
  }
}
