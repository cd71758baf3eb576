package dev.cmr.bench.runner;

import java.util.Locale;

/**
 * The shape of one multiplication {@code C (m x n) = op(A) (m x k) * op(B) (k x n)}, written
 * {@code m x k x n} as in the MLP layers it stands for (batch x inputs x outputs), with the
 * transposes as a suffix: {@code :tn} is {@code A^T B} (A stored {@code k x m}), {@code :nt}
 * is {@code A B^T} (B stored {@code n x k}), {@code :tt} both; no suffix is {@code A B}.
 *
 * @param m rows of op(A) and C
 * @param k columns of op(A), rows of op(B)
 * @param n columns of op(B) and C
 * @param transA whether A is stored transposed ({@code k x m})
 * @param transB whether B is stored transposed ({@code n x k})
 */
public record GemmShape(int m, int k, int n, boolean transA, boolean transB) {
  /** Checks that every dimension is positive. */
  public GemmShape {
    if (m < 1 || k < 1 || n < 1) {
      throw new IllegalArgumentException(
          "GEMM dimensions must be >= 1, got m=" + m + ", k=" + k + ", n=" + n);
    }
  }

  /**
   * The plain product {@code A B} of the given dimensions.
   *
   * @param m rows of A and C
   * @param k columns of A, rows of B
   * @param n columns of B and C
   */
  public GemmShape(int m, int k, int n) {
    this(m, k, n, false, false);
  }

  /** Floating-point operations of one product: {@code 2 m n k} (a multiply and an add). */
  public double flops() {
    return 2.0 * m * n * k;
  }

  /** The transposes as two letters, {@code n} or {@code t} for A then B: {@code nn}, ... */
  public String op() {
    return (transA ? "t" : "n") + (transB ? "t" : "n");
  }

  /** Parses {@code N} (a square product) or {@code MxKxN}, each optionally {@code :OP}. */
  public static GemmShape parse(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    boolean transA = false;
    boolean transB = false;
    int colon = lower.indexOf(':');
    if (colon >= 0) {
      String op = lower.substring(colon + 1);
      if (!op.matches("[nt][nt]")) {
        throw new IllegalArgumentException("the transposes after ':' must be nn, tn, nt or "
            + "tt, got '" + op + "' in '" + text + "'");
      }
      transA = op.charAt(0) == 't';
      transB = op.charAt(1) == 't';
      lower = lower.substring(0, colon);
    }
    String[] parts = lower.split("x", -1);
    if (parts.length != 1 && parts.length != 3) {
      throw new IllegalArgumentException("size must be N or MxKxN, optionally with :tn, :nt "
          + "or :tt (for example 512 or 128x784x256:nt), got '" + text + "'");
    }
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "size must be N or MxKxN with positive integers, got '" + text + "'", e);
      }
      if (dims[i] < 1 || dims[i] > 1 << 15) {
        throw new IllegalArgumentException(
            "each size must be in 1..32768, got " + dims[i] + " in '" + text + "'");
      }
    }
    return dims.length == 1 ? new GemmShape(dims[0], dims[0], dims[0], transA, transB)
        : new GemmShape(dims[0], dims[1], dims[2], transA, transB);
  }

  /** The {@code MxKxN[:OP]} form that {@link #parse} reads back (no suffix for {@code nn}). */
  @Override
  public String toString() {
    String dims = m + "x" + k + "x" + n;
    return transA || transB ? dims + ":" + op() : dims;
  }
}
