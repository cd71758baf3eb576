package dev.cmr.properties;

/** Families of prescribed singular-value spectra (descending, largest 1 before scaling). */
enum SpectrumKind {
  /** Random values, log-uniform between {@code 1/kappa} and 1, both ends present. */
  RANDOM,
  /** Geometric spread {@code s_i = kappa^(-i/(r-1))}. */
  GEOMETRIC,
  /** One to three tight clusters (relative width 1e-3 or 1e-6) at random positions. */
  CLUSTERED,
  /** Exact repeats of one to three levels in {1, kappa^-1/2, kappa^-1}. */
  REPEATED,
  /** Exact ties at both edges: several values 1 and several {@code 1/kappa}. */
  TIED_EDGES,
  /** Random values followed by exact zeros (rank-deficient, at least one zero). */
  RANK_DEFICIENT,
  /** All values 1: {@code kappa = 1}. */
  KAPPA_ONE,
  /** The zero matrix. */
  ZERO
}
