package dev.cmr.bench;

/**
 * A command line that cannot be run as given (unknown option, bad value). The message is one
 * line naming the argument, what was expected and what was given; the tool exits with 2.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line message. */
  public UsageException(String message) {
    super(message);
  }
}
