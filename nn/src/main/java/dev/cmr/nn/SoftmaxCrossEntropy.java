package dev.cmr.nn;

/**
 * Mean softmax cross-entropy over a batch of logits, computed stably.
 *
 * <p>Per row {@code z} with label {@code y}: {@code loss = lse(z) - z_y}, where
 * {@code lse(z) = max(z) + ln sum_j exp(z_j - max(z))}, so no exponent ever overflows. The
 * gradient of the batch mean with respect to the logits is {@code (softmax(z) - e_y) / rows}.
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /**
   * Returns the mean loss over {@code rows} rows of the {@code rows x classes} row-major
   * {@code logits} and, when {@code gradient} is not null, writes its gradient there (same
   * shape; may be the logits array itself).
   *
   * @param logits {@code rows x classes} row-major logits; not modified unless it is also
   *     {@code gradient}
   * @param rows number of rows (batch size), {@code >= 1}
   * @param classes number of classes, {@code >= 1}
   * @param labels class index of each row, {@code 0 <= labels[i] < classes}
   * @param gradient receives {@code (softmax(z) - e_y) / rows} per row, or null for the loss
   *     alone; at least {@code rows * classes} long
   * @return the mean loss {@code (1/rows) sum_i (lse(z_i) - z_{i, y_i})}, in nats
   * @throws IllegalArgumentException if {@code logits} or {@code labels} is null,
   *     {@code rows} or {@code classes} is not positive, an array is too short, or a label is
   *     out of range (naming its row); the labels are checked before anything is written.
   *     NaN or infinite logits are not rejected: they give a NaN or infinite loss, which is
   *     how a training loop notices divergence
   */
  public static double lossAndGradient(float[] logits, int rows, int classes, int[] labels,
      float[] gradient) {
    Arguments.nonNull("logits", logits);
    Arguments.nonNull("labels", labels);
    if (rows <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "rows and classes must be positive, got rows=" + rows + ", classes=" + classes);
    }
    if (logits.length < (long) rows * classes || labels.length < rows) {
      throw new IllegalArgumentException("logits need " + (long) rows * classes
          + " elements and labels " + rows + ", got " + logits.length + " and " + labels.length);
    }
    if (gradient != null && gradient.length < (long) rows * classes) {
      throw new IllegalArgumentException("gradient needs " + (long) rows * classes
          + " elements, got " + gradient.length);
    }
    // every label before the first write, so that a bad one leaves gradient untouched
    for (int i = 0; i < rows; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "labels[" + i + "] must be in [0, " + classes + "), got " + labels[i]);
      }
    }
    double total = 0.0;
    double invRows = 1.0 / rows;
    for (int i = 0; i < rows; i++) {
      int row = i * classes;
      int y = labels[i];
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException(
            "labels[" + i + "] must be in [0, " + classes + "), got " + y);
      }

      // log-sum-exp around the row maximum
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double sum = 0.0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp((double) logits[row + j] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - ((double) logits[row + y] - max);

      // gradient (softmax - one-hot) / rows, written after the row has been read
      if (gradient != null) {
        for (int j = 0; j < classes; j++) {
          double p = Math.exp((double) logits[row + j] - max - logSum);
          gradient[row + j] = (float) ((p - (j == y ? 1.0 : 0.0)) * invRows);
        }
      }
    }
    return total * invRows;
  }
}
