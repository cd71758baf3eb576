package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawArraysTest {
  @Test
  void floatsAreLittleEndianAndRoundTripAcrossChunks(@TempDir Path dir) throws IOException {
    float[] data = new float[70_001];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0.5f - 3;
    }
    Path file = dir.resolve("f.bin");
    RawArrays.write(file, data);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(data.length * 4, bytes.length);
    assertEquals(-3f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(0));
    assertArrayEquals(data, RawArrays.readFloats(file, data.length));
  }

  @Test
  void doublesRoundTripAndAWrongLengthIsAnError(@TempDir Path dir) throws IOException {
    double[] data = {Math.PI, -0.0, Double.MIN_VALUE, 1e300};
    Path file = dir.resolve("d.bin");
    RawArrays.write(file, data);
    assertArrayEquals(data, RawArrays.readDoubles(file, data.length));
    IOException e = assertThrows(IOException.class, () -> RawArrays.readDoubles(file, 5));
    assertEquals(file + " has 32 bytes, expected 40", e.getMessage());
  }
}
