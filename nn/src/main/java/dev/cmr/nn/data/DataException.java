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

  /** A problem described by a complete message that already names the file. */
  public DataException(String message) {
    super(message);
  }

  /** A problem described by a complete message, caused by a lower-level failure. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem with {@code file}; the message reads {@code "<file>: <problem>"}. */
  public DataException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /** A problem with {@code file} caused by a lower-level failure. */
  public DataException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
