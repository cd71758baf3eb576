/**
 * Decompositions and Chebyshev Moment Regularization for weight matrices given as plain
 * row-major arrays: the thin SVD, the symmetric eigensolver, Chebyshev moments, the CMR
 * regularizer with its exact gradient ({@link dev.cmr.engine.CmrRegularizer}, one matrix), the
 * capped mixing ({@link dev.cmr.engine.CappedMixing}) and both together for a whole model
 * ({@link dev.cmr.engine.CmrLayers}).
 *
 * <p>The module depends on the JDK and {@code dev.cmr.kernels} alone.
 */
module dev.cmr.engine {
  requires dev.cmr.kernels;

  exports dev.cmr.engine;
}
