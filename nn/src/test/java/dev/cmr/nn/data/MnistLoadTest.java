package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistLoadTest {
  @TempDir
  Path dir;

  private final byte[] trainPixels = TestFiles.randomBytes(6 * 4 * 3, 11);
  private final byte[] trainLabels = TestFiles.randomLabels(6, 12);
  private final byte[] testPixels = TestFiles.randomBytes(2 * 4 * 3, 13);
  private final byte[] testLabels = TestFiles.randomLabels(2, 14);

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should mention '" + part + "': " + e.getMessage());
    }
  }

  /** The four files, train images and test labels plain, the other two gzipped. */
  private void writeSet(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("train-images-idx3-ubyte"),
        TestFiles.images(6, 4, 3, trainPixels));
    Files.write(folder.resolve("train-labels-idx1-ubyte.gz"),
        TestFiles.gzip(TestFiles.labels(trainLabels)));
    Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"),
        TestFiles.gzip(TestFiles.images(2, 4, 3, testPixels)));
    Files.write(folder.resolve("t10k-labels-idx1-ubyte"), TestFiles.labels(testLabels));
  }

  private static void assertSplit(Dataset set, String name, int count, byte[] pixels,
      byte[] labels) {
    assertEquals(name, set.name());
    assertEquals(count, set.count());
    assertEquals(4, set.rows());
    assertEquals(3, set.cols());
    assertEquals(12, set.features());
    for (int i = 0; i < pixels.length; i++) {
      assertEquals((pixels[i] & 0xFF) / 255f, set.images()[i], "pixel " + i);
    }
    assertArrayEquals(labels, set.labels());
  }

  @Test
  void loadsAFolderMixingPlainAndGzippedFiles() throws IOException {
    writeSet(dir);

    MnistData data = Mnist.load(dir);

    assertSplit(data.train(), "mnist-train", 6, trainPixels, trainLabels);
    assertSplit(data.test(), "mnist-test", 2, testPixels, testLabels);
  }

  @Test
  void fashionMnistUsesTheSameNamesWithItsOwnSplitNames() throws IOException {
    writeSet(dir);

    MnistData data = FashionMnist.load(dir);

    assertSplit(data.train(), "fashion-mnist-train", 6, trainPixels, trainLabels);
    assertSplit(data.test(), "fashion-mnist-test", 2, testPixels, testLabels);
  }

  @Test
  void countMismatchNamesBothFilesAndCounts() throws IOException {
    writeSet(dir);
    Path labels = dir.resolve("t10k-labels-idx1-ubyte");
    Files.write(labels, TestFiles.labels(TestFiles.randomLabels(3, 15)));

    DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));

    assertMentions(e, dir.resolve("t10k-images-idx3-ubyte.gz").toString(), "2 images",
        labels.toString(), "3 labels");
  }

  @Test
  void missingFolderSaysWhatToDo() {
    Path missing = dir.resolve("nowhere");

    DataException e = assertThrows(DataException.class, () -> Mnist.load(missing));

    assertMentions(e, missing.toString(), "does not exist", "without --data",
        "--data DIR holding train-images-idx3-ubyte[.gz]");
  }

  @Test
  void missingFileIsNamedWithTheFolderContents() throws IOException {
    writeSet(dir);
    Files.delete(dir.resolve("train-labels-idx1-ubyte.gz"));

    DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));

    assertMentions(e, dir.toString(), "no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz",
        "it holds t10k-images-idx3-ubyte.gz", "--data DIR");
  }

  @Test
  void missingFashionFolderPointsAtTheDebianPackage() {
    Path missing = dir.resolve("fashion");

    DataException e = assertThrows(DataException.class, () -> FashionMnist.load(missing));

    assertMentions(e, missing.toString(), "Fashion-MNIST folder does not exist",
        "dataset-fashion-mnist");
  }

  @Test
  void labelsOutsideTheTenClassesAreRejected() throws IOException {
    writeSet(dir);
    byte[] bad = trainLabels.clone();
    bad[4] = 10;
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.labels(bad)));

    DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));

    assertMentions(e, "train-labels-idx1-ubyte.gz", "label 10 at index 4", "0..9");
  }

  @Test
  void trainAndTestShapesMustAgree() throws IOException {
    writeSet(dir);
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
        TestFiles.gzip(TestFiles.images(2, 3, 4, testPixels)));

    DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));

    assertMentions(e, dir.toString(), "train images are 4x3", "test images are 3x4");
  }

  @Test
  void malformedFileInsideTheFolderIsNamed() throws IOException {
    writeSet(dir);
    Path swapped = dir.resolve("train-images-idx3-ubyte");
    Files.write(swapped, TestFiles.labels(trainLabels));

    DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));

    assertMentions(e, swapped.toString(), "is an IDX label file");
  }

  @Test
  void cacheDirFollowsTheSystemProperty() {
    String before = System.getProperty("cmr.cache");
    try {
      System.setProperty("cmr.cache", dir.toString());
      assertEquals(dir.resolve("mnist"), Mnist.defaultCacheDir());
      System.clearProperty("cmr.cache");
      assertTrue(Mnist.defaultCacheDir().endsWith(Path.of("cmr", "mnist")),
          Mnist.defaultCacheDir().toString());
    } finally {
      if (before == null) {
        System.clearProperty("cmr.cache");
      } else {
        System.setProperty("cmr.cache", before);
      }
    }
  }
}
