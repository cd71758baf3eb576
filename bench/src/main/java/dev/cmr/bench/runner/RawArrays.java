package dev.cmr.bench.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Raw little-endian array files, the format numpy's {@code tofile} / {@code fromfile} read and
 * write with dtypes {@code <f4} and {@code <f8}. Used to hand matrices to the numpy process.
 */
final class RawArrays {
  private static final int CHUNK = 1 << 16;

  private RawArrays() {}

  /** Writes {@code data} to {@code file}, replacing it. */
  static void write(Path file, float[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int from = 0; from < data.length; from += CHUNK) {
        int count = Math.min(CHUNK, data.length - from);
        buffer.clear();
        buffer.asFloatBuffer().put(data, from, count);
        buffer.limit(count * Float.BYTES);
        writeFully(channel, buffer);
      }
    }
  }

  /** Writes {@code data} to {@code file}, replacing it. */
  static void write(Path file, double[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int from = 0; from < data.length; from += CHUNK) {
        int count = Math.min(CHUNK, data.length - from);
        buffer.clear();
        buffer.asDoubleBuffer().put(data, from, count);
        buffer.limit(count * Double.BYTES);
        writeFully(channel, buffer);
      }
    }
  }

  /** Reads exactly {@code length} floats from {@code file}. */
  static float[] readFloats(Path file, int length) throws IOException {
    float[] data = new float[length];
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      checkSize(file, channel.size(), (long) length * Float.BYTES);
      for (int from = 0; from < length; from += CHUNK) {
        int count = Math.min(CHUNK, length - from);
        readFully(channel, buffer, count * Float.BYTES);
        buffer.asFloatBuffer().get(data, from, count);
      }
    }
    return data;
  }

  /** Reads exactly {@code length} doubles from {@code file}. */
  static double[] readDoubles(Path file, int length) throws IOException {
    double[] data = new double[length];
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      checkSize(file, channel.size(), (long) length * Double.BYTES);
      for (int from = 0; from < length; from += CHUNK) {
        int count = Math.min(CHUNK, length - from);
        readFully(channel, buffer, count * Double.BYTES);
        buffer.asDoubleBuffer().get(data, from, count);
      }
    }
    return data;
  }

  private static void checkSize(Path file, long actual, long expected) throws IOException {
    if (actual != expected) {
      throw new IOException(
          file + " has " + actual + " bytes, expected " + expected);
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, int bytes)
      throws IOException {
    buffer.clear();
    buffer.limit(bytes);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    buffer.flip();
  }
}
