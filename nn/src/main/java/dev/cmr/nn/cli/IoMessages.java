package dev.cmr.nn.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns the JDK's file-system exceptions into short sentences for the command line. */
final class IoMessages {
  private IoMessages() {}

  /**
   * Says what went wrong with which path, without the exception's class name: for example
   * {@code "/proc/x: no such file or folder"}.
   */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String what = switch (f) {
        case NoSuchFileException n -> "no such file or folder";
        case AccessDeniedException a -> "permission denied";
        case FileAlreadyExistsException x -> "already exists";
        case NotDirectoryException d -> "not a folder";
        default -> f.getReason() != null ? f.getReason() : "file-system error";
      };
      return f.getFile() + ": " + what;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
