package dev.cmr.nn.data;

import java.util.Objects;

/**
 * The two splits of an image classification set such as MNIST.
 *
 * @param train the training split
 * @param test the held-out test split, with the same image shape as {@code train}
 */
public record MnistData(Dataset train, Dataset test) {

  /** Checks that both splits are present and have the same image shape. */
  public MnistData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.rows() != test.rows() || train.cols() != test.cols()) {
      throw new IllegalArgumentException("train and test image shapes differ: train "
          + train.rows() + "x" + train.cols() + ", test " + test.rows() + "x" + test.cols());
    }
  }
}
