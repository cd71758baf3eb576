package dev.cmr.nn.cli;

import java.io.Serial;

/** A command line the tool cannot accept; the message is one line for the user. */
final class UsageException extends Exception {
  @Serial
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
