package dev.cmr.bench.runner;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.OptionValues;
import dev.cmr.bench.Subcommand;
import dev.cmr.bench.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * {@code cmr bench gemm}: parses the options, sets our kernels' thread count (the
 * {@code cmr.threads} system property) before they are first used, runs {@link GemmBench},
 * prints the table and writes the JSON report.
 */
public final class GemmCommand implements Subcommand {
  private final Function<GemmOptions, List<Contender>> contenders;

  /** The command with the standard contenders: ours, numpy (OpenBLAS), EJML. */
  public GemmCommand() {
    this(GemmCommand::standardContenders);
  }

  /**
   * The command with other contenders (for tests).
   *
   * @param contenders builds the contenders for the parsed options; the first is the reference
   */
  public GemmCommand(Function<GemmOptions, List<Contender>> contenders) {
    this.contenders = contenders;
  }

  /** Ours first (the reference), then numpy through {@code options.python()}, then EJML. */
  public static List<Contender> standardContenders(GemmOptions options) {
    return List.of(new CmrContender(),
        new NumpyContender(options.python(), options.threads(), System.getenv()),
        new EjmlContender(options.threads()));
  }

  @Override
  public String name() {
    return "gemm";
  }

  @Override
  public String summary() {
    return "matrix multiply: ours against OpenBLAS (numpy) and EJML, GFLOP/s and ratios";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    GemmOptions options;
    try {
      options = GemmOptions.parse(args, OptionValues.defaultThreads());
      Subcommand.requireJsonFolder(options.json());
    } catch (UsageException e) {
      err.println("cmr bench gemm: " + e.getMessage() + " (see 'cmr bench gemm --help')");
      return BenchMain.USAGE;
    }
    if (options.help()) {
      out.print(GemmOptions.usage());
      return BenchMain.OK;
    }
    System.setProperty("cmr.threads", Integer.toString(options.threads()));
    GemmReport report = new GemmBench(options, contenders.apply(options), err).run();
    out.print(ReportTable.render(report));
    out.flush();
    if (options.json() != null) {
      try {
        Json.writeAtomically(options.json(), Json.write(report.toJson()));
        err.println("cmr bench gemm: wrote " + options.json());
      } catch (IOException e) {
        err.println("cmr bench gemm: cannot write " + options.json() + ": " + e.getMessage());
        return BenchMain.FAILED;
      }
    }
    return report.failed() ? BenchMain.FAILED : BenchMain.OK;
  }
}
