package dev.cmr.nn.data;

import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;

/**
 * Any problem with a data file or folder: missing, unreadable, malformed, or failing its checksum.
 * The message always names the file (or folder) and says what is wrong and, where it helps, what
 * to do about it, so callers can print it to the user as is.
 */
public final class DataException extends IOException {
  @Serial
  private static final long serialVersionUID = 1L;

  /**
   * A problem described by a complete message that already names the file.
   *
   * @param message the whole message, printable to the user as is
   */
  public DataException(String message) {
    super(message);
  }

  /**
   * A problem described by a complete message, caused by a lower-level failure.
   *
   * @param message the whole message, printable to the user as is
   * @param cause the underlying failure, kept for stack traces
   */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A problem with {@code file}; the message reads {@code "<file>: <problem>"}.
   *
   * @param file the file or folder concerned
   * @param problem what is wrong with it, and what to do where that helps
   */
  public DataException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /**
   * A problem with {@code file} caused by a lower-level failure; the message reads
   * {@code "<file>: <problem>"}.
   *
   * @param file the file or folder concerned
   * @param problem what is wrong with it, and what to do where that helps
   * @param cause the underlying failure, kept for stack traces
   */
  public DataException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
