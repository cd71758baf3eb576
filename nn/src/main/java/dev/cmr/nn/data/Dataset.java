package dev.cmr.nn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One split of an image classification set, pixels scaled to [0,1], row-major
 * {@code count x (rows*cols)}: image {@code i} occupies
 * {@code images[i*features() .. (i+1)*features())}, its pixel {@code (r, c)} is at offset
 * {@code r*cols + c}, and its class is {@code labels[i]}.
 *
 * <p>The arrays are shared, not copied: callers must not modify them. Equality of two records is
 * array identity, as for any record holding arrays.
 *
 * @param name a short name for messages and logs, such as {@code "mnist-train"}
 * @param count number of images, at least 0
 * @param rows image height in pixels, at least 1
 * @param cols image width in pixels, at least 1
 * @param images {@code count*rows*cols} pixel intensities in [0,1]
 * @param labels {@code count} class labels
 */
public record Dataset(String name, int count, int rows, int cols, float[] images, byte[] labels) {

  /**
   * Checks that the array lengths match the declared shape and that every pixel lies in
   * [0,1] (one pass over the images). The arrays are kept, not copied.
   *
   * @throws NullPointerException if {@code name}, {@code images} or {@code labels} is null
   * @throws IllegalArgumentException if {@code count < 0}, {@code rows} or {@code cols} is
   *     below 1, an array length differs from the shape (expected and actual are named), or
   *     a pixel is outside [0,1] or NaN (naming the first such image, row and column)
   */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "rows and cols must be >= 1, got rows " + rows + ", cols " + cols);
    }
    long pixels = (long) count * rows * cols;
    if (images.length != pixels) {
      throw new IllegalArgumentException("images.length must be count*rows*cols = " + count + "*"
          + rows + "*" + cols + " = " + pixels + ", got " + images.length);
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(
          "labels.length must equal count " + count + ", got " + labels.length);
    }
    int features = rows * cols;
    for (int i = 0; i < images.length; i++) {
      float v = images[i];
      if (!(v >= 0f && v <= 1f)) {
        int pixel = i % features;
        throw new IllegalArgumentException("images must lie in [0, 1], but image " + i / features
            + " has " + v + " at row " + pixel / cols + ", column " + pixel % cols);
      }
    }
  }

  /**
   * Number of pixels per image: the input width of a network.
   *
   * @return {@code rows*cols}
   */
  public int features() {
    return rows * cols;
  }

  /**
   * The first {@code n} images and labels as a new data set (copied), for quick runs and tests.
   *
   * @param n number of images to keep, in {@code [0, count]}
   * @return a new data set named like this one, with copied arrays
   * @throws IllegalArgumentException if {@code n} is outside {@code [0, count]}
   */
  public Dataset head(int n) {
    if (n < 0 || n > count) {
      throw new IllegalArgumentException("n must be in [0, " + count + "], got " + n);
    }
    return new Dataset(name, n, rows, cols,
        Arrays.copyOf(images, n * features()), Arrays.copyOf(labels, n));
  }

  /** A summary such as {@code Dataset[mnist-train: 60000 x 28x28]}; the arrays are omitted. */
  @Override
  public String toString() {
    return "Dataset[" + name + ": " + count + " x " + rows + "x" + cols + "]";
  }
}
