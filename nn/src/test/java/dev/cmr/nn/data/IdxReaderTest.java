package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir
  Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should mention '" + part + "': " + e.getMessage());
    }
  }

  private static void assertPixels(byte[] raw, float[] pixels) {
    assertEquals(raw.length, pixels.length);
    for (int i = 0; i < raw.length; i++) {
      assertEquals((raw[i] & 0xFF) / 255f, pixels[i], "pixel " + i);
    }
  }

  @Test
  void readsPlainImagesScaledToUnitInterval() throws IOException {
    byte[] raw = TestFiles.randomBytes(4 * 3 * 5, 1);
    raw[0] = 0;
    raw[1] = (byte) 255;
    raw[2] = (byte) 128;
    Path file = write("train-images-idx3-ubyte", TestFiles.images(4, 3, 5, raw));

    IdxReader.Images images = IdxReader.readImages(file);

    assertEquals(4, images.count());
    assertEquals(3, images.rows());
    assertEquals(5, images.cols());
    assertEquals(0f, images.pixels()[0]);
    assertEquals(1f, images.pixels()[1]);
    assertEquals(128 / 255f, images.pixels()[2]);
    assertPixels(raw, images.pixels());
  }

  @Test
  void detectsGzipByMagicBytesNotByName() throws IOException {
    byte[] raw = TestFiles.randomBytes(2 * 4 * 4, 2);
    byte[] idx = TestFiles.images(2, 4, 4, raw);
    Path gzipWithoutSuffix = write("images.bin", TestFiles.gzip(idx));
    Path plainWithGzSuffix = write("images.gz", idx);

    assertPixels(raw, IdxReader.readImages(gzipWithoutSuffix).pixels());
    assertPixels(raw, IdxReader.readImages(plainWithGzSuffix).pixels());
  }

  @Test
  void readsLabelsPlainAndGzip() throws IOException {
    byte[] labels = TestFiles.randomLabels(37, 3);
    Path plain = write("labels", TestFiles.labels(labels));
    Path gzip = write("labels.gz", TestFiles.gzip(TestFiles.labels(labels)));

    assertArrayEquals(labels, IdxReader.readLabels(plain));
    assertArrayEquals(labels, IdxReader.readLabels(gzip));
  }

  @Test
  void truncatedPayloadSaysExpectedAndActualBytes() throws IOException {
    byte[] full = TestFiles.images(3, 2, 3, TestFiles.randomBytes(18, 4));
    Path file = write("short-images", Arrays.copyOf(full, full.length - 8));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "truncated", "expected 18 payload bytes", "found 10");
  }

  @Test
  void truncatedGzipSaysHowMuchWasRecovered() throws IOException {
    // random pixels do not compress, so cutting the gzip stream in half cuts the payload
    byte[] gz = TestFiles.gzip(TestFiles.images(10, 10, 10, TestFiles.randomBytes(1000, 5)));
    Path file = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "truncated", "gzip", "expected 1000 payload bytes");
  }

  @Test
  void truncatedLabelsSayExpectedAndActualBytes() throws IOException {
    byte[] full = TestFiles.labels(TestFiles.randomLabels(20, 6));
    Path file = write("short-labels", Arrays.copyOf(full, full.length - 1));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));

    assertMentions(e, file.toString(), "expected 20 payload bytes", "found 19");
  }

  @Test
  void trailingGarbageIsAnError() throws IOException {
    byte[] idx = TestFiles.images(1, 2, 2, TestFiles.randomBytes(4, 7));
    Path file = write("long-images", TestFiles.concat(idx, new byte[] {1, 2, 3, 4, 5}));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "5 bytes of trailing garbage", "4 payload bytes");
  }

  @Test
  void foreignFileNamesItsFirstBytesAndTheExpectedMagic() throws IOException {
    Path file = write("archive.zip", new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0});

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "not an IDX image file", "50 4b 03 04", "0x00000803");
  }

  @Test
  void labelFileReadAsImagesIsNamedAsSuch() throws IOException {
    Path file = write("labels", TestFiles.labels(TestFiles.randomLabels(30, 8)));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "is an IDX label file", "0x00000801", "0x00000803");
  }

  @Test
  void imageFileReadAsLabelsIsNamedAsSuch() throws IOException {
    Path file = write("images", TestFiles.images(1, 2, 2, new byte[4]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));

    assertMentions(e, file.toString(), "is an IDX image file", "expected a label file");
  }

  @Test
  void otherIdxElementTypesAreNamed() throws IOException {
    Path file = write("floats", TestFiles.header(new int[] {0x00000D03, 1, 1, 1}, new byte[4]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "element type float", "3 dimensions", "0x00000d03");
  }

  @Test
  void gzipReadAsRawGetsItsOwnMessage() {
    byte[] gz = TestFiles.gzip(TestFiles.images(1, 2, 2, new byte[4]));
    Path name = Path.of("images-read-raw");

    DataException e = assertThrows(DataException.class,
        () -> IdxReader.readImages(new ByteArrayInputStream(gz), name, false, gz.length));

    assertMentions(e, name.toString(), "gzip-compressed", "read as raw", "gunzip");
  }

  @Test
  void doublyGzippedFileIsNamedAsSuch() throws IOException {
    byte[] twice = TestFiles.gzip(TestFiles.gzip(TestFiles.labels(new byte[] {1, 2})));
    Path file = write("labels.gz", twice);

    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));

    assertMentions(e, file.toString(), "gzip-compressed twice");
  }

  @Test
  void zeroCountIsRejected() throws IOException {
    Path file = write("empty-set", TestFiles.images(0, 28, 28, new byte[0]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "image count 0", "positive");
  }

  @Test
  void negativeRowsAreRejected() throws IOException {
    Path file = write("neg", TestFiles.header(new int[] {0x803, 1, -28, 28}, new byte[0]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "rows -28", "above 2^31", "positive");
  }

  @Test
  void zeroColsAreRejected() throws IOException {
    Path file = write("zero", TestFiles.header(new int[] {0x803, 1, 28, 0}, new byte[0]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));

    assertMentions(e, file.toString(), "cols 0");
  }

  @Test
  void negativeLabelCountIsRejected() throws IOException {
    Path file = write("neg-labels", TestFiles.header(new int[] {0x801, -1}, new byte[0]));

    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));

    assertMentions(e, file.toString(), "label count -1");
  }

  @Test
  void implausibleSidesAndTotalsAreRejected() throws IOException {
    Path wide = write("wide", TestFiles.header(new int[] {0x803, 1, 28, 100_000}, new byte[0]));
    Path many = write("many",
        TestFiles.header(new int[] {0x803, 1_000_000, 1000, 1000}, new byte[0]));

    DataException e1 = assertThrows(DataException.class, () -> IdxReader.readImages(wide));
    DataException e2 = assertThrows(DataException.class, () -> IdxReader.readImages(many));

    assertMentions(e1, wide.toString(), "implausible image size 28x100000");
    assertMentions(e2, many.toString(), "1000000000000 pixels");
  }

  @Test
  void shortHeaderAndEmptyFileAreRejected() throws IOException {
    Path shortHeader = write("short-header", TestFiles.header(new int[] {0x803, 5}, new byte[0]));
    Path empty = write("empty", new byte[0]);

    DataException e1 = assertThrows(DataException.class, () -> IdxReader.readImages(shortHeader));
    DataException e2 = assertThrows(DataException.class, () -> IdxReader.readLabels(empty));

    assertMentions(e1, shortHeader.toString(), "8 bytes, need 16");
    assertMentions(e2, empty.toString(), "is empty");
  }

  @Test
  void missingFileAndFolderAreNamed() {
    Path missing = dir.resolve("no-such-file");

    DataException e1 = assertThrows(DataException.class, () -> IdxReader.readImages(missing));
    DataException e2 = assertThrows(DataException.class, () -> IdxReader.readLabels(dir));

    assertMentions(e1, missing.toString(), "file not found");
    assertMentions(e2, dir.toString(), "is a folder");
  }
}
