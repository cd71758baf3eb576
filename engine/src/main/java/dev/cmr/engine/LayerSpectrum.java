package dev.cmr.engine;

/**
 * CMR's view of one weight matrix {@code W} ({@code out x in}), from its exact spectrum.
 *
 * @param rows {@code out}
 * @param cols {@code in}
 * @param sMax largest singular value {@code s_1}
 * @param sMin smallest singular value {@code s_r}, {@code r = min(out, in)}
 * @param conditionNumber the metric {@code kappa = s_1 / (s_r + 1e-8)}
 * @param edgeTerm {@code C(W)}
 * @param moments {@code moments[k] = m_k(W)} for {@code k = 0..K}
 * @param momentPenalty {@code M(W)}
 * @param regularizer {@code alphaEdge * C + alphaMoment * M} (without {@code lambda})
 */
public record LayerSpectrum(
    int rows, int cols, double sMax, double sMin, double conditionNumber,
    double edgeTerm, double[] moments, double momentPenalty, double regularizer) {}
