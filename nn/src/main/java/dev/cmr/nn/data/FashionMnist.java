package dev.cmr.nn.data;

import java.nio.file.Path;

/**
 * Fashion-MNIST: 70,000 28x28 images of clothing in 10 classes, a harder drop-in replacement for
 * MNIST with the same file names and format.
 *
 * <p>Debian's package {@code dataset-fashion-mnist} installs the four gzipped IDX files under
 * {@link #DEFAULT_DIR}; {@code apt-get download} plus {@code dpkg -x} unpacks them anywhere
 * without root.
 */
public final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private static final String HINT = "install Debian's dataset-fashion-mnist package (it fills "
      + DEFAULT_DIR + "), or pass a folder holding " + Mnist.TRAIN_IMAGES + "[.gz], "
      + Mnist.TRAIN_LABELS + "[.gz], " + Mnist.TEST_IMAGES + "[.gz] and " + Mnist.TEST_LABELS
      + "[.gz]";

  private FashionMnist() {}

  /**
   * Loads train+test from a folder holding the four Fashion-MNIST IDX files under the MNIST
   * names, each plain or with .gz suffix; splits are named {@code fashion-mnist-train/test}.
   *
   * @param dir folder holding the files
   * @return the train and test splits, pixels scaled to [0,1]
   * @throws DataException if the folder or a file is missing or malformed
   */
  public static MnistData load(Path dir) throws DataException {
    return Mnist.load(dir, "fashion-mnist", "Fashion-MNIST", HINT);
  }
}
