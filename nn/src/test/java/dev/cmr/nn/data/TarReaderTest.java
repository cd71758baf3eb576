package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  private static final Path SOURCE = Path.of("test.tgz");

  private static TarReader gzipReader(byte[] tar) throws IOException {
    InputStream in = new GZIPInputStream(new ByteArrayInputStream(TestFiles.gzip(tar)));
    return new TarReader(in, SOURCE);
  }

  @Test
  void readsNamesSizesAndContentsOfEveryEntry() throws IOException {
    byte[] small = "hello".getBytes();
    byte[] block = TestFiles.randomBytes(512, 1);
    byte[] odd = TestFiles.randomBytes(1000, 2);
    String longName = "package/data/" + "x".repeat(150) + "/deep-file";
    byte[] tar = new TestFiles.Tar()
        .dir("package/")
        .file("package/a.txt", small)
        .file("package/empty", new byte[0])
        .file("package/block", block)
        .fileWithPrefix("package/data", "odd", odd)
        .paxPath(longName)
        .file("truncated-name-in-header", small)
        .gnuLongName("package/" + "y".repeat(120))
        .file("././@LongLink-target", block)
        .finish();

    TarReader reader = gzipReader(tar);
    List<String> names = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (TarReader.Entry e = reader.next(); e != null; e = reader.next()) {
      names.add(e.name() + (e.isFile() ? "" : " (type " + e.type() + ")"));
      byte[] data = reader.content().readAllBytes();
      assertEquals(e.size(), data.length, e.name());
      contents.add(data);
    }

    assertEquals(List.of("package/ (type 5)", "package/a.txt", "package/empty", "package/block",
        "package/data/odd", longName, "package/" + "y".repeat(120)), names);
    assertArrayEquals(small, contents.get(1));
    assertArrayEquals(new byte[0], contents.get(2));
    assertArrayEquals(block, contents.get(3));
    assertArrayEquals(odd, contents.get(4));
    assertArrayEquals(small, contents.get(5));
    assertArrayEquals(block, contents.get(6));
  }

  @Test
  void skipsUnreadAndPartlyReadEntries() throws IOException {
    byte[] first = TestFiles.randomBytes(700, 3);
    byte[] second = TestFiles.randomBytes(1500, 4);
    byte[] third = "third".getBytes();
    byte[] tar = new TestFiles.Tar().file("a", first).file("b", second).file("c", third)
        .finish();

    TarReader reader = gzipReader(tar);
    assertEquals("a", reader.next().name());
    assertEquals(first[0], (byte) reader.content().read());
    assertEquals("b", reader.next().name());
    TarReader.Entry c = reader.next();

    assertEquals("c", c.name());
    assertArrayEquals(third, reader.content().readAllBytes());
    assertNull(reader.next());
  }

  @Test
  void readsBase256Sizes() throws IOException {
    byte[] data = TestFiles.randomBytes(300, 5);
    byte[] header = TestFiles.Tar.header("big", "", '0', data.length, true);
    byte[] tar = new TestFiles.Tar().raw(header).raw(data).raw(new byte[212]).finish();

    TarReader reader = new TarReader(new ByteArrayInputStream(tar), SOURCE);
    TarReader.Entry entry = reader.next();

    assertEquals(300, entry.size());
    assertArrayEquals(data, reader.content().readAllBytes());
  }

  @Test
  void endsCleanlyWithoutEndBlocks() throws IOException {
    byte[] tar = new TestFiles.Tar().file("only", new byte[3]).finish();
    byte[] withoutEnd = Arrays.copyOf(tar, tar.length - 1024);

    TarReader reader = new TarReader(new ByteArrayInputStream(withoutEnd), SOURCE);

    assertEquals("only", reader.next().name());
    assertNull(reader.next());
  }

  @Test
  void corruptHeaderChecksumIsReported() {
    byte[] tar = new TestFiles.Tar().file("package/data/x", new byte[10]).finish();
    tar[5] ^= 1;

    DataException e = assertThrows(DataException.class,
        () -> new TarReader(new ByteArrayInputStream(tar), SOURCE).next());

    assertTrue(e.getMessage().contains("test.tgz: tar header checksum mismatch"), e.getMessage());
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    byte[] tar = new TestFiles.Tar().file("a", new byte[2000]).file("b", new byte[1]).finish();
    byte[] cut = Arrays.copyOf(tar, 512 + 1000);

    TarReader reader = new TarReader(new ByteArrayInputStream(cut), SOURCE);
    reader.next();
    DataException skipping = assertThrows(DataException.class, reader::next);
    TarReader again = new TarReader(new ByteArrayInputStream(cut), SOURCE);
    again.next();
    DataException reading =
        assertThrows(DataException.class, () -> again.content().readAllBytes());

    assertTrue(skipping.getMessage().contains("test.tgz: tar archive is truncated"),
        skipping.getMessage());
    assertTrue(reading.getMessage().contains("truncated"), reading.getMessage());
  }

  @Test
  void nonOctalSizeIsReported() {
    byte[] header = TestFiles.Tar.header("bad", "", '0', 0, false);
    header[124] = '9';
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes();
    System.arraycopy(checksum, 0, header, 148, 8);

    DataException e = assertThrows(DataException.class,
        () -> new TarReader(new ByteArrayInputStream(header), SOURCE).next());

    assertTrue(e.getMessage().contains("size field is not octal"), e.getMessage());
  }
}
