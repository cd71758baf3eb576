package dev.cmr.bench;

import dev.cmr.bench.runner.GemmCommand;
import dev.cmr.bench.runner.SpectralCommand;
import dev.cmr.bench.runner.SvdCommand;
import dev.cmr.bench.train.TrainCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of {@code cmr bench}: side-by-side measurements of our kernels against peer
 * libraries. Dispatches to a subcommand by its name; {@code --help} lists them.
 *
 * <p>Exit codes: 0 success, 1 failure (including a contender whose answer is wrong), 2 usage
 * error.
 */
public final class BenchMain {
  /** Exit code of a run that completed and verified. */
  public static final int OK = 0;
  /** Exit code of a run that failed or found a wrong result. */
  public static final int FAILED = 1;
  /** Exit code of a command line that could not be understood. */
  public static final int USAGE = 2;

  private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

  /** Creates the tool with the given subcommands, listed in this order. */
  public BenchMain(List<Subcommand> subcommands) {
    for (Subcommand s : subcommands) {
      if (this.subcommands.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("subcommand names must be unique, '" + s.name()
            + "' appears twice");
      }
    }
  }

  /** The tool with its standard subcommands. */
  public static BenchMain standard() {
    return new BenchMain(List.of(new GemmCommand(), new SvdCommand(), new SpectralCommand(),
        new TrainCommand()));
  }

  /** Runs the tool and exits the JVM with its exit code. */
  public static void main(String[] args) {
    int code;
    try {
      code = standard().run(Arrays.asList(args), System.out, System.err);
    } catch (OutOfMemoryError e) {
      System.out.flush();
      System.err.printf(Locale.ROOT, "cmr bench: out of memory (the heap limit is %d MB)%n",
          Runtime.getRuntime().maxMemory() >> 20);
      System.err.println("hint: raise it, e.g. CMR_JAVA_OPTS=-Xmx12g ./cmr bench ..., or"
          + " measure smaller sizes");
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs the tool on {@code args} (the arguments after {@code bench}).
   *
   * @return the exit code
   */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.print(usage());
      return USAGE;
    }
    String first = args.get(0);
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      out.print(usage());
      return OK;
    }
    Subcommand subcommand = subcommands.get(first);
    if (subcommand == null) {
      err.println("cmr bench: unknown subcommand '" + first + "' (expected one of: "
          + String.join(", ", subcommands.keySet()) + "; see 'cmr bench --help')");
      return USAGE;
    }
    return subcommand.run(args.subList(1, args.size()), out, err);
  }

  /** The help text listing the subcommands. */
  public String usage() {
    StringBuilder text = new StringBuilder("""
        usage: cmr bench <subcommand> [options]

        Side-by-side measurements of the CMR kernels against peer libraries, in one run.

        subcommands:
        """);
    for (Subcommand s : subcommands.values()) {
      text.append(String.format("  %-10s %s%n", s.name(), s.summary()));
    }
    text.append("""

        Run 'cmr bench <subcommand> --help' for its options.
        Exit codes: 0 success, 1 failure or a wrong result, 2 usage error.
        """);
    return text.toString();
  }
}
