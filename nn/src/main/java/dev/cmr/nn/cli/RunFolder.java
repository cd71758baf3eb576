package dev.cmr.nn.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * A run folder that disappears again if the run fails before its first epoch completes, so
 * a failed start leaves nothing half-written behind. A folder that existed before (empty,
 * or a resumed run's) is never removed; an empty one is emptied again.
 *
 * <p>A run holds an exclusive lock on the file {@value #LOCK_FILE} in the folder while it
 * works, so a second run aimed at the same folder at the same time (a new one or a
 * {@code --resume}) is refused instead of interleaving its files with the first one's. The
 * lock file is removed by {@link #release()}; the operating system drops the lock of a
 * process that dies.
 */
final class RunFolder {
  /** Name of the lock file inside the run folder. */
  static final String LOCK_FILE = ".cmr-lock";

  private final Path dir;
  /** The topmost folder this run created (the run folder or a new parent), or null. */
  private final Path created;
  private final boolean keep;
  private volatile boolean committed;
  private FileChannel lockChannel;
  private FileLock lock;

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
    RunFolder folder = new RunFolder(dir, top, false);
    folder.lock(true);
    return folder;
  }

  /** A resumed run's folder, locked: never removed. */
  static RunFolder existing(Path dir) throws IOException {
    RunFolder folder = new RunFolder(dir, null, true);
    folder.lock(false);
    return folder;
  }

  /**
   * Takes the folder's lock, or refuses the folder when another run holds it or (for a new
   * run) has filled it since the command line was checked.
   */
  private void lock(boolean mustBeEmpty) throws IOException {
    Path file = dir.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("cannot lock the run folder " + dir + " ("
          + IoMessages.describe(e) + "); choose another --out", e);
    }
    FileLock taken;
    try {
      taken = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      taken = null;
    }
    if (taken == null) {
      channel.close();
      throw new IOException("the run folder " + dir + " is in use by another cmr run; wait"
          + " for it to finish or choose another --out");
    }
    if (mustBeEmpty) {
      if (holdsRunFiles(dir)) {
        taken.release();
        channel.close();
        throw new IOException("the run folder " + dir + " was filled by another cmr run in"
            + " the meantime; choose another --out");
      }
    }
    lockChannel = channel;
    lock = taken;
  }

  /**
   * Whether {@code dir} holds anything but a lock file (which alone is what a killed run
   * leaves in a folder that is otherwise empty).
   */
  static boolean holdsRunFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK_FILE));
    }
  }

  /** Removes the lock file and releases the lock; safe to call twice. */
  void release() {
    if (lock == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(LOCK_FILE));
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // the lock goes with the process; a stale lock file does not block a later run
    }
    lock = null;
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
