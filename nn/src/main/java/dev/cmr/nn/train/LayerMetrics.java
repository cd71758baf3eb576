package dev.cmr.nn.train;

import dev.cmr.engine.LayerSpectrum;

/**
 * One layer's state at the end of an epoch.
 *
 * @param layer index from 0 (input side)
 * @param spectrum singular-value edges, condition number and CMR terms of {@code W}
 * @param meanTaskGradientNorm mean over the epoch's steps of {@code ||dL_task/dW||_F}
 */
public record LayerMetrics(int layer, LayerSpectrum spectrum, double meanTaskGradientNorm) {}
