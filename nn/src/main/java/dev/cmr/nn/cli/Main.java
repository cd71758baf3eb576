package dev.cmr.nn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code cmr} command-line tool. Subcommands: {@code kappa-stress}, {@code train},
 * {@code spectrum}; {@code bench} is started by the {@code ./cmr} launcher from its own
 * module.
 *
 * <p>Exit status: {@value #EXIT_OK} success, {@value #EXIT_FAILURE} failure (data, I/O),
 * {@value #EXIT_USAGE} bad command line, {@value #EXIT_DIVERGED} a training run diverged.
 */
public final class Main {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** A runtime failure: data missing or corrupt, I/O error. */
  public static final int EXIT_FAILURE = 1;
  /** The command line could not be accepted. */
  public static final int EXIT_USAGE = 2;
  /** Training produced a non-finite loss in at least one arm. */
  public static final int EXIT_DIVERGED = 3;

  /** Held strongly: java.util.logging forgets the level of a logger that is collected. */
  private static final Logger LIBRARY_LOGGER = Logger.getLogger("dev.cmr");

  private Main() {}

  /** Runs the tool and exits with its status. */
  public static void main(String[] args) {
    configureLogging(Arrays.asList(args).contains("--verbose"));
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (OutOfMemoryError e) {
      System.err.printf(Locale.ROOT, "cmr: out of memory (the heap limit is %d MB)%n",
          Runtime.getRuntime().maxMemory() >> 20);
      System.err.println("hint: raise it, e.g. CMR_JAVA_OPTS=-Xmx4g ./cmr ..., or use a"
          + " smaller network");
      code = EXIT_FAILURE;
    }
    System.out.flush();
    System.exit(code);
  }

  /**
   * One-line log records on standard error. The kernels' start-up INFO line repeats what the
   * commands print themselves, so only warnings are shown unless {@code --verbose} is given.
   * A user's own {@code java.util.logging} configuration takes precedence.
   */
  private static void configureLogging(boolean verbose) {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "cmr: %4$s: %5$s%6$s%n");
    }
    if (!verbose) {
      LIBRARY_LOGGER.setLevel(Level.WARNING);
    }
  }

  /** Runs the tool with the given streams and returns the exit status (no exit). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("cmr: missing command");
      err.println("Try 'cmr --help'.");
      return EXIT_USAGE;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "--help", "-h", "help" -> {
        out.print(help());
        return EXIT_OK;
      }
      case "--version" -> {
        out.println("cmr " + version());
        return EXIT_OK;
      }
      case "kappa-stress", "train" -> {
        return TrainingCommand.main(TrainingCommand.Kind.of(command), rest, out, err);
      }
      case SpectrumCommand.NAME -> {
        return SpectrumCommand.main(rest, out, err);
      }
      case "bench" -> {
        err.println("cmr: 'bench' runs from the bench module; start it with the ./cmr launcher"
            + " at the repository root");
        return EXIT_USAGE;
      }
      default -> {
        err.println("cmr: unknown command '" + command + "'");
        err.println("Try 'cmr --help'.");
        return EXIT_USAGE;
      }
    }
  }

  /** The top-level help text. */
  static String help() {
    return """
        Usage: cmr <command> [options]

        Chebyshev Moment Regularization on a pure-Java MLP.

        Commands:
          kappa-stress   the 15-layer MNIST experiment, vanilla versus CMR
          train          one training run of any shape, CMR on or off
          spectrum       singular values, condition numbers and CMR terms of a checkpoint
          bench          kernel benchmarks against other libraries (bench module)

        Options:
          --help         this text (also 'cmr <command> --help')
          --version      the version

        Exit status: 0 success, 1 failure, 2 bad command line, 3 training diverged.
        """;
  }

  /**
   * Reports a command line that cannot be accepted: the cause, then where help is.
   *
   * @return {@link #EXIT_USAGE}
   */
  static int usageError(PrintStream err, String prefix, String cause, String command) {
    err.println(prefix + cause);
    err.println("Try '" + command + " --help' for the list of options.");
    return EXIT_USAGE;
  }

  /**
   * Reports a failure in one line (the message carries its own hint); the stack trace only
   * when {@code verbose}.
   *
   * @return {@link #EXIT_FAILURE}
   */
  static int failure(PrintStream err, String prefix, String cause, Throwable e,
      boolean verbose) {
    err.println(prefix + cause + (verbose || e instanceof IOException
        || e instanceof UncheckedIOException ? "" : " (run with --verbose for details)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    return EXIT_FAILURE;
  }

  /** The version of this build, from the packaged properties. */
  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the unknown version
    }
    return "unknown";
  }
}
