package dev.cmr.nn.train;

import java.util.Locale;

/**
 * Where and how a training arm stopped being finite.
 *
 * @param arm the arm that diverged
 * @param epoch 1-based epoch
 * @param step 1-based step within the epoch
 * @param globalStep 1-based optimizer step over the whole run
 * @param quantity what was non-finite: {@code loss}, {@code weights}, {@code biases},
 *     {@code weight gradient}, {@code bias gradient}, {@code spectral gradient} or
 *     {@code gradient norm}
 * @param layer 0-based layer (input side first) holding the first non-finite value; -1 when
 *     the quantity belongs to no single layer
 * @param value the first non-finite value found (NaN or an infinity)
 */
public record Divergence(Arm arm, int epoch, int step, long globalStep, String quantity,
    int layer, double value) {

  /**
   * One line for the user, such as {@code cmr arm diverged at epoch 2, step 7 (global step
   * 17): non-finite weights in layer 3 (first value Infinity)}.
   */
  public String message() {
    String where = layer < 0 ? "" : quantity.equals("loss") ? " at the output of layer " + layer
        : " in layer " + layer;
    return String.format(Locale.ROOT, "%s arm diverged at epoch %d, step %d (global step %d):"
        + " non-finite %s%s (first value %s)", arm.label(), epoch, step, globalStep, quantity,
        where, value);
  }
}
