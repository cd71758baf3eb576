package dev.cmr.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Refuses a {@code --json} file whose folder does not exist, before anything is measured.
   *
   * @param json the requested report file, or null when none was asked for
   * @throws UsageException naming the file when its folder is missing
   */
  static void requireJsonFolder(Path json) throws UsageException {
    if (json == null) {
      return;
    }
    Path folder = json.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UsageException("--json: the folder of '" + json + "' does not exist");
    }
  }
}
