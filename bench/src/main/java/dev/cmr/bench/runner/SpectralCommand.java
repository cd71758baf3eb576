package dev.cmr.bench.runner;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.OptionValues;
import dev.cmr.bench.Subcommand;
import dev.cmr.bench.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code cmr bench spectral}: parses the options, sets our kernels' thread count (the
 * {@code cmr.threads} system property) before they are first used, runs
 * {@link SpectralBench}, prints the table and writes the JSON report.
 */
public final class SpectralCommand implements Subcommand {
  /** The command. */
  public SpectralCommand() {}

  @Override
  public String name() {
    return "spectral";
  }

  @Override
  public String summary() {
    return "CMR spectral step: exact against matrix-free, seconds, speedup and errors";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    SpectralOptions options;
    try {
      options = SpectralOptions.parse(args, OptionValues.defaultThreads());
      Subcommand.requireJsonFolder(options.json());
    } catch (UsageException e) {
      err.println("cmr bench spectral: " + e.getMessage()
          + " (see 'cmr bench spectral --help')");
      return BenchMain.USAGE;
    }
    if (options.help()) {
      out.print(SpectralOptions.usage());
      return BenchMain.OK;
    }
    System.setProperty("cmr.threads", Integer.toString(options.threads()));
    Map<String, Object> report = new SpectralBench(options, err).run();
    out.print(SpectralBench.table(report));
    out.flush();
    if (options.json() != null) {
      try {
        Json.writeAtomically(options.json(), Json.write(report));
        err.println("cmr bench spectral: wrote " + options.json());
      } catch (IOException e) {
        err.println("cmr bench spectral: cannot write " + options.json() + ": "
            + e.getMessage());
        return BenchMain.FAILED;
      }
    }
    return BenchMain.OK;
  }
}
