package dev.cmr.nn.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A run folder that disappears again if the run fails before its first epoch completes, so
 * a failed start leaves nothing half-written behind. A folder that existed before (empty,
 * or a resumed run's) is never removed; an empty one is emptied again.
 */
final class RunFolder {
  private final Path dir;
  /** The topmost folder this run created (the run folder or a new parent), or null. */
  private final Path created;
  private final boolean keep;
  private volatile boolean committed;

  private RunFolder(Path dir, Path created, boolean keep) {
    this.dir = dir;
    this.created = created;
    this.keep = keep;
  }

  /** Creates {@code dir} and any missing parents (validated by the caller beforehand). */
  static RunFolder create(Path dir) throws IOException {
    Path top = null;
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      top = p;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create the run folder " + dir + " ("
          + IoMessages.describe(e) + "); choose another --out", e);
    }
    return new RunFolder(dir, top, false);
  }

  /** A resumed run's folder: never removed. */
  static RunFolder existing(Path dir) {
    return new RunFolder(dir, null, true);
  }

  /** The run folder. */
  Path dir() {
    return dir;
  }

  /** An epoch completed: from now on the folder stays whatever happens. */
  void commit() {
    committed = true;
  }

  /**
   * What to tell the user when the JVM is stopped (Ctrl-C, {@code kill}) in the middle of the
   * run: how to continue it when an epoch was saved, otherwise that nothing was kept.
   */
  String interruptionMessage(String command) {
    if (committed || keep) {
      return "interrupted; the last completed epoch is saved in " + dir
          + "; continue with: ./cmr " + command + " --resume " + dir;
    }
    return "interrupted before the first epoch completed; nothing was kept";
  }

  /** Removes what this run created unless an epoch completed; safe to call twice. */
  void discardIfUncommitted() {
    if (committed || keep) {
      return;
    }
    try {
      if (created != null) {
        deleteTree(created);
      } else if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          for (Path p : entries.toList()) {
            deleteTree(p);
          }
        }
      }
    } catch (IOException e) {
      // Limitation: a file another process holds open may stay behind.
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
          throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
