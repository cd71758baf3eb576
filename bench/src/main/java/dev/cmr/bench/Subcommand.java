package dev.cmr.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code cmr bench} (for example {@code gemm}). Help and results go to
 * {@code out}, progress and errors to {@code err}.
 */
public interface Subcommand {
  /** The word that selects this subcommand on the command line. */
  String name();

  /** One line for the list of subcommands in {@code cmr bench --help}. */
  String summary();

  /**
   * Runs the subcommand.
   *
   * @param args the arguments after the subcommand's name
   * @return the exit code: 0 success, 1 failure, 2 usage error
   */
  int run(List<String> args, PrintStream out, PrintStream err);
}
