package dev.cmr.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files, gzip data and tar archives byte by byte for the data-layer tests. */
final class TestFiles {
  private TestFiles() {}

  /** An IDX image file: magic 0x803, count, rows, cols, then the pixel bytes. */
  static byte[] images(int count, int rows, int cols, byte[] pixels) {
    return ByteBuffer.allocate(16 + pixels.length)
        .putInt(0x00000803).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
  }

  /** An IDX label file: magic 0x801, count, then the labels. */
  static byte[] labels(byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length)
        .putInt(0x00000801).putInt(labels.length).put(labels).array();
  }

  /** Any header followed by a payload, for malformed files. */
  static byte[] header(int[] words, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 * words.length + payload.length);
    for (int w : words) {
      b.putInt(w);
    }
    return b.put(payload).array();
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Labels in 0..9. */
  static byte[] randomLabels(int n, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(10);
    }
    return b;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  /** Writes a ustar archive entry by entry; {@link #finish} appends the two end blocks. */
  static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A regular file. */
    Tar file(String name, byte[] data) {
      return entry(name, "", '0', data);
    }

    /** A regular file whose path is split into the ustar prefix and name fields. */
    Tar fileWithPrefix(String prefix, String name, byte[] data) {
      return entry(name, prefix, '0', data);
    }

    Tar dir(String name) {
      return entry(name, "", '5', new byte[0]);
    }

    /** A pax extended header giving the next entry the path {@code path}. */
    Tar paxPath(String path) {
      String body = " path=" + path + "\n";
      int len = body.length();
      int digits = String.valueOf(len).length();
      while (String.valueOf(len + digits).length() != digits) {
        digits++;
      }
      String record = (len + digits) + body;
      return entry("PaxHeaders/x", "", 'x', record.getBytes(StandardCharsets.UTF_8));
    }

    /** A GNU long-name entry giving the next entry the name {@code name}. */
    Tar gnuLongName(String name) {
      return entry("././@LongLink", "", 'L', (name + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes, for damaged archives. */
    Tar raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Tar entry(String name, String prefix, char type, byte[] data) {
      out.writeBytes(header(name, prefix, type, data.length, false));
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
      return this;
    }

    /** A header block; {@code binarySize} writes the size as base-256 instead of octal. */
    static byte[] header(String name, String prefix, char type, long size, boolean binarySize) {
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, "0000644\0");
      put(h, 108, "0001750\0");
      put(h, 116, "0001750\0");
      if (binarySize) {
        h[124] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
          h[135 - i] = (byte) (size >>> (8 * i));
        }
      } else {
        put(h, 124, String.format("%011o\0", size));
      }
      put(h, 136, "14000000000\0");
      h[156] = (byte) type;
      put(h, 257, "ustar\0");
      put(h, 263, "00");
      put(h, 345, prefix);
      put(h, 148, "        ");
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xFF;
      }
      put(h, 148, String.format("%06o\0 ", sum));
      return h;
    }

    private static void put(byte[] h, int at, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, h, at, b.length);
    }

    /** The archive with its two zero end blocks. */
    byte[] finish() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }
  }
}
