package dev.cmr.bench.runner;

/**
 * One GEMM implementation in the side-by-side run. The runner opens it once, then for each
 * case loads the problem (which also computes {@code C = A B} once for verification), asks for
 * timed blocks of calls in alternation with the other contenders, and unloads it.
 */
public interface Contender extends AutoCloseable {
  /** Short column name in the table and key in the JSON report (for example {@code numpy}). */
  String name();

  /**
   * Prepares the implementation (starts a process, sets thread counts) and describes what
   * will run: library, version, kernel and threads.
   *
   * @throws UnavailableException when this contender cannot run here; its message is the
   *     reason shown as "missing (reason)"
   */
  String open() throws UnavailableException;

  /**
   * Facts about the opened implementation for the JSON report (versions, kernel, thread
   * settings), in a stable order; empty by default.
   */
  default java.util.Map<String, String> facts() {
    return java.util.Map.of();
  }

  /**
   * Takes the inputs of a case and computes {@code C = A B} once.
   *
   * @return C as a row-major {@code float[]} or {@code double[]} (matching the problem's
   *     precision) that the caller may keep; it is compared against the reference result
   * @throws Exception when the implementation fails; the case is then reported as an error
   */
  Object load(GemmProblem problem) throws Exception;

  /**
   * Runs {@code C = A B} on the loaded problem {@code calls} times back to back.
   *
   * @return the wall time of all calls together, in seconds
   * @throws Exception when the implementation fails
   */
  double time(int calls) throws Exception;

  /** Forgets the loaded problem so its memory can be reclaimed. */
  void unload();

  /** Releases everything {@link #open()} acquired; safe to call more than once. */
  @Override
  void close();

  /** Signals that a contender cannot run on this machine; the message says why. */
  final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the signal with the reason shown in the report. */
    public UnavailableException(String reason) {
      super(reason);
    }
  }
}
