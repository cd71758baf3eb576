package dev.cmr.nn.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** A tiny MNIST-shaped data set (4x4 images, 10 classes) written as IDX files. */
final class TinyData {
  /** The widths of the small network the tests train on these images. */
  static final String WIDTHS = "16,12,12,10";

  private TinyData() {}

  /** Writes 96 training and 40 test images into {@code dir}; {@code seed} varies them. */
  static Path write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    split(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 96, seed);
    split(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 40, seed + 1);
    return dir;
  }

  private static void split(Path dir, String images, String labels, int count, long seed)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    ByteBuffer img = ByteBuffer.allocate(16 + count * 16).putInt(0x803).putInt(count)
        .putInt(4).putInt(4);
    ByteBuffer lab = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      for (int p = 0; p < 16; p++) {
        // the label's pixel is bright, the others dim: learnable
        img.put((byte) (p == label ? 200 + rng.nextInt(56) : rng.nextInt(80)));
      }
      lab.put((byte) label);
    }
    Files.write(dir.resolve(images), img.array());
    Files.write(dir.resolve(labels), lab.array());
  }
}
