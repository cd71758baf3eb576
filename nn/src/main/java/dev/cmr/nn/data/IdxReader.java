package dev.cmr.nn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files that MNIST-style data sets are distributed in, plain or gzip-compressed.
 *
 * <p>IDX is big-endian: a 4-byte magic {@code 0x0000TTDD} (element type {@code TT}, number of
 * dimensions {@code DD}), then {@code DD} 32-bit sizes, then the elements. Images are
 * {@code 0x00000803} (unsigned bytes; count, rows, cols), labels {@code 0x00000801} (unsigned
 * bytes; count). Compression is recognised by the gzip magic bytes {@code 1f 8b}, never by the
 * file name. Every structural problem (wrong magic, bad sizes, short or overlong payload) is a
 * {@link DataException} naming the file, the expected and the actual value.
 */
public final class IdxReader {
  /** Magic of an unsigned-byte, three-dimensional IDX file (images). */
  static final int IMAGES_MAGIC = 0x00000803;
  /** Magic of an unsigned-byte, one-dimensional IDX file (labels). */
  static final int LABELS_MAGIC = 0x00000801;
  /** Largest accepted image side; far above any real data set, low enough to catch garbage. */
  static final int MAX_SIDE = 1 << 15;
  /** Largest accepted element count: the largest Java array. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private static final int BUFFER = 1 << 16;
  // pixel value v maps to v / 255f, correctly rounded, so 0 -> 0.0f and 255 -> 1.0f exactly
  private static final float[] SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SCALE[v] = v / 255f;
    }
  }

  private IdxReader() {}

  /**
   * Decoded contents of an IDX image file.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count*rows*cols} intensities in [0,1], row-major per image
   */
  public record Images(int count, int rows, int cols, float[] pixels) {}

  /**
   * Reads an IDX image file (magic {@code 0x00000803}), plain or gzip, scaling each pixel byte
   * {@code v} to {@code v / 255f} in [0,1].
   *
   * @param file the IDX file; gzip is recognized by its magic bytes
   * @return the images and their shape
   * @throws DataException if the file is missing, unreadable or malformed
   */
  public static Images readImages(Path file) throws DataException {
    try (InputStream in = open(file)) {
      boolean gzip = in instanceof GZIPInputStream;
      return readImages(in, file, gzip, gzip ? -1 : Files.size(file));
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw readFailure(file, e);
    }
  }

  /**
   * Reads an IDX label file (magic {@code 0x00000801}), plain or gzip; one byte per label.
   *
   * @param file the IDX file; gzip is recognized by its magic bytes
   * @return the labels, one byte each, in file order
   * @throws DataException if the file is missing, unreadable or malformed
   */
  public static byte[] readLabels(Path file) throws DataException {
    try (InputStream in = open(file)) {
      boolean gzip = in instanceof GZIPInputStream;
      return readLabels(in, file, gzip, gzip ? -1 : Files.size(file));
    } catch (DataException e) {
      throw e;
    } catch (IOException e) {
      throw readFailure(file, e);
    }
  }

  /**
   * Reads an image file from an already decompressed stream.
   *
   * @param unzipped whether a gzip layer was already removed (only changes the wording of the
   *     message when the content is gzip again)
   * @param length the stream's total length if known (a plain file), else -1
   */
  static Images readImages(InputStream in, Path file, boolean unzipped, long length)
      throws IOException {
    int[] header = readHeader(in, file, IMAGES_MAGIC, 3, unzipped);
    int count = header[0];
    int rows = header[1];
    int cols = header[2];
    requirePositive(file, "image count", count);
    requirePositive(file, "rows", rows);
    requirePositive(file, "cols", cols);
    if (rows > MAX_SIDE || cols > MAX_SIDE) {
      throw new DataException(file, "implausible image size " + rows + "x" + cols
          + " (each side must be at most " + MAX_SIDE + "); the header is probably corrupt");
    }
    long total = (long) count * rows * cols;
    if (total > MAX_ELEMENTS) {
      throw new DataException(file, "header declares " + count + " images of " + rows + "x"
          + cols + " = " + total + " pixels, more than the " + MAX_ELEMENTS + " one array holds");
    }
    byte[] raw = readPayload(in, file, (int) total, 16, length);

    float[] pixels = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      pixels[i] = SCALE[raw[i] & 0xFF];
    }
    return new Images(count, rows, cols, pixels);
  }

  /** Reads a label file from an already decompressed stream; see {@link #readImages}. */
  static byte[] readLabels(InputStream in, Path file, boolean unzipped, long length)
      throws IOException {
    int count = readHeader(in, file, LABELS_MAGIC, 1, unzipped)[0];
    requirePositive(file, "label count", count);
    return readPayload(in, file, count, 8, length);
  }

  /** Opens the file, adding a gzip layer when it starts with the gzip magic {@code 1f 8b}. */
  private static InputStream open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new DataException(file, "is a folder, expected an IDX file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Reads the magic and {@code dims} sizes, explaining any magic other than {@code expected}. */
  private static int[] readHeader(InputStream in, Path file, int expected, int dims,
      boolean unzipped) throws IOException {
    int headerBytes = 4 + 4 * dims;
    byte[] header = in.readNBytes(headerBytes);
    if (header.length >= 4) {
      checkMagic(file, readInt(header, 0), expected, unzipped);
    }
    if (header.length < headerBytes) {
      String kind = expected == IMAGES_MAGIC ? "image" : "label";
      throw new DataException(file, header.length == 0 ? "is empty" : "too short for an IDX "
          + kind + " header: " + header.length + " bytes, need " + headerBytes);
    }
    int[] sizes = new int[dims];
    for (int d = 0; d < dims; d++) {
      sizes[d] = readInt(header, 4 + 4 * d);
    }
    return sizes;
  }

  private static void checkMagic(Path file, int magic, int expected, boolean unzipped)
      throws DataException {
    if (magic == expected) {
      return;
    }
    String want = String.format("0x%08x", expected);
    String got = String.format("0x%08x", magic);
    String kind = expected == IMAGES_MAGIC ? "image" : "label";
    if ((magic >>> 16) == 0x1f8b) {
      throw new DataException(file, unzipped
          ? "is gzip-compressed twice (after one gunzip it still starts with 1f 8b);"
              + " decompress it once more, or re-download it"
          : "is gzip-compressed (starts with 1f 8b) but was read as raw IDX;"
              + " decompress it first (gunzip), expected IDX " + kind + " magic " + want);
    }
    if (magic == LABELS_MAGIC) {
      throw new DataException(file, "is an IDX label file (magic " + got
          + "), expected an image file (magic " + want + "); are the file names swapped?");
    }
    if (magic == IMAGES_MAGIC) {
      throw new DataException(file, "is an IDX image file (magic " + got
          + "), expected a label file (magic " + want + "); are the file names swapped?");
    }
    if ((magic >>> 16) == 0) {
      throw new DataException(file, "is an IDX file of element type "
          + elementType((magic >>> 8) & 0xFF) + " with " + (magic & 0xFF)
          + " dimensions (magic " + got + "), expected unsigned bytes with "
          + (expected & 0xFF) + " dimension(s) (magic " + want + ")");
    }
    throw new DataException(file, "is not an IDX " + kind + " file: first four bytes are "
        + HexFormat.ofDelimiter(" ").formatHex(intBytes(magic)) + ", expected magic " + want);
  }

  private static String elementType(int code) {
    return switch (code) {
      case 0x08 -> "unsigned byte";
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> String.format("0x%02x (unknown)", code);
    };
  }

  private static void requirePositive(Path file, String what, int value) throws DataException {
    if (value <= 0) {
      throw new DataException(file, "header declares " + what + " " + value
          + (value < 0 ? " (or above 2^31)" : "") + ", expected a positive number");
    }
  }

  /**
   * Reads exactly {@code n} payload bytes and checks that nothing follows them. Unless the
   * stream's length is known, the buffer grows with the data actually read, so a corrupt header
   * cannot force a huge allocation.
   */
  private static byte[] readPayload(InputStream in, Path file, int n, int headerBytes,
      long length) throws IOException {
    long initial = length >= 0 ? Math.max(0, length - headerBytes) : 1 << 20;
    byte[] buf = new byte[(int) Math.min(n, initial)];
    int filled = 0;
    try {
      while (filled < n) {
        if (filled == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(n, Math.max(1 << 20, 2L * buf.length)));
        }
        int got = in.read(buf, filled, buf.length - filled);
        if (got < 0) {
          break;
        }
        filled += got;
      }
    } catch (EOFException e) {
      // a gzip stream cut short ends here instead of returning -1
      throw truncated(file, n, filled, headerBytes, " (the gzip stream is cut short)");
    }
    if (filled < n) {
      throw truncated(file, n, filled, headerBytes, "");
    }
    long trailing = in.transferTo(OutputStream.nullOutputStream());
    if (trailing > 0) {
      throw new DataException(file, "has " + trailing + " bytes of trailing garbage after the "
          + n + " payload bytes the header declares; the file is corrupt or not what its"
          + " header says");
    }
    return buf;
  }

  private static DataException truncated(Path file, int expected, int actual, int headerBytes,
      String detail) {
    return new DataException(file, "is truncated" + detail + ": expected " + expected
        + " payload bytes after the " + headerBytes + "-byte header, found " + actual
        + "; re-download it");
  }

  private static DataException readFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new DataException(file, "file not found", e);
    }
    if (e instanceof AccessDeniedException) {
      return new DataException(file, "permission denied", e);
    }
    if (e instanceof ZipException || e instanceof EOFException) {
      return new DataException(file, "gzip data is corrupt: " + e.getMessage(), e);
    }
    return new DataException(file, "read failed: " + e, e);
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
