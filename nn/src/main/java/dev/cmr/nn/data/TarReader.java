package dev.cmr.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the entries of a tar stream (ustar, with the pax and GNU long-name extensions that npm
 * and common tools write), one after another, without a {@code tar} process.
 *
 * <p>A tar stream is a series of 512-byte blocks: a header block per entry (name, octal size,
 * type, header checksum), then the entry's data padded to a whole block; two zero blocks end it.
 * Usage: call {@link #next()} until it returns null and read each entry from {@link #content()}.
 */
final class TarReader {
  static final int BLOCK = 512;

  private final InputStream in;
  private final Path source;
  private final byte[] header = new byte[BLOCK];
  private long remaining;
  private long padding;

  /**
   * An entry's header.
   *
   * @param name full path inside the archive (ustar prefix, pax or GNU long name applied)
   * @param size data length in bytes
   * @param type the typeflag: {@code '0'} file, {@code '5'} folder, ...
   */
  record Entry(String name, long size, char type) {
    /** Whether the entry is a regular file (typeflag {@code '0'} or the old NUL). */
    boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }
  }

  /**
   * @param in the uncompressed tar stream (wrap a {@code .tgz} in a GZIPInputStream first)
   * @param source the archive's path, named in error messages
   */
  TarReader(InputStream in, Path source) {
    this.in = in;
    this.source = source;
  }

  /** Advances to the next entry, skipping what is left of the current one; null at the end. */
  Entry next() throws IOException {
    String longName = null;
    while (true) {
      skipRest();
      if (!readHeader()) {
        return null;
      }
      String name = longName != null ? longName : headerName();
      long size = headerSize();
      char type = (char) (header[156] & 0xFF);
      remaining = size;
      padding = (BLOCK - size % BLOCK) % BLOCK;
      switch (type) {
        case 'x' -> longName = paxPath(readSmallContent(size), longName);
        case 'L' -> longName = cString(readSmallContent(size), 0, (int) size);
        case 'g' -> { } // global pax header: nothing this reader needs
        default -> {
          return new Entry(name, size, type);
        }
      }
    }
  }

  /** The current entry's data; reading past its end returns -1. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int got = in.read(b, off, (int) Math.min(len, remaining));
        if (got < 0) {
          throw truncated();
        }
        remaining -= got;
        return got;
      }
    };
  }

  /** Reads one header block; false at the end of the archive (a zero block or a clean EOF). */
  private boolean readHeader() throws IOException {
    int got = in.readNBytes(header, 0, BLOCK);
    if (got == 0) {
      return false;
    }
    if (got < BLOCK) {
      throw truncated();
    }
    boolean zero = true;
    for (byte b : header) {
      if (b != 0) {
        zero = false;
        break;
      }
    }
    if (zero) {
      return false;
    }
    verifyChecksum();
    return true;
  }

  /** The header checksum is the byte sum of the block with its own 8-byte field read as spaces. */
  private void verifyChecksum() throws DataException {
    long stored = octal(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      boolean field = i >= 148 && i < 156;
      unsigned += field ? ' ' : header[i] & 0xFF;
      signed += field ? ' ' : header[i];
    }
    // some old tar programs summed signed bytes; accept either
    if (stored != unsigned && stored != signed) {
      throw new DataException(source, "tar header checksum mismatch: stored " + stored
          + ", computed " + unsigned + "; the archive is corrupt");
    }
  }

  private String headerName() {
    String name = cString(header, 0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't'
        && header[260] == 'a' && header[261] == 'r';
    if (ustar) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  /** The size field: octal digits, or big-endian binary when its first byte has the high bit. */
  private long headerSize() throws DataException {
    if ((header[124] & 0x80) != 0) {
      long size = header[124] & 0x7F;
      for (int i = 125; i < 136; i++) {
        size = size << 8 | (header[i] & 0xFF);
      }
      return size;
    }
    return octal(124, 12, "size");
  }

  private long octal(int at, int len, String field) throws DataException {
    long value = 0;
    int i = at;
    int end = at + len;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new DataException(source, "tar header " + field + " field is not octal: \""
            + new String(header, at, len, StandardCharsets.ISO_8859_1).trim()
            + "\"; the archive is corrupt");
      }
      value = value * 8 + digit;
    }
    return value;
  }

  /** Reads the whole data of a metadata entry (pax header, long name), which is small. */
  private byte[] readSmallContent(long size) throws IOException {
    if (size > 1 << 20) {
      throw new DataException(source, "tar metadata entry of " + size
          + " bytes, expected at most 1 MiB; the archive is corrupt");
    }
    byte[] data = content().readNBytes((int) size);
    if (data.length < size) {
      throw truncated();
    }
    return data;
  }

  // Limitation: of the pax records only path is used; a pax size override (entries over 8 GiB)
  // and sparse entries are not supported, which npm tarballs never need.
  /** Extracts the {@code path} record from pax data: records read {@code "<len> key=value\n"}. */
  private String paxPath(byte[] data, String fallback) throws DataException {
    String path = fallback;
    int at = 0;
    while (at < data.length) {
      int space = at;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new DataException(source, "malformed pax header record at byte " + at, e);
      }
      if (len <= space - at || at + len > data.length) {
        throw new DataException(source, "malformed pax header record length " + len
            + " at byte " + at);
      }
      String record = new String(data, space + 1, at + len - space - 2, StandardCharsets.UTF_8);
      if (record.startsWith("path=")) {
        path = record.substring(5);
      }
      at += len;
    }
    return path;
  }

  private void skipRest() throws IOException {
    try {
      in.skipNBytes(remaining + padding);
    } catch (EOFException e) {
      throw truncated();
    }
    remaining = 0;
    padding = 0;
  }

  private DataException truncated() {
    return new DataException(source, "tar archive is truncated; fetch it again");
  }

  private static String cString(byte[] b, int at, int len) {
    int end = at;
    while (end < at + len && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }
}
