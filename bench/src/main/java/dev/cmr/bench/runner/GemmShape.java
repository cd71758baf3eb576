package dev.cmr.bench.runner;

/**
 * The shape of one multiplication {@code C (m x n) = A (m x k) * B (k x n)}, written
 * {@code m x k x n} as in the MLP layers it stands for (batch x inputs x outputs).
 *
 * @param m rows of A and C
 * @param k columns of A, rows of B
 * @param n columns of B and C
 */
public record GemmShape(int m, int k, int n) {
  /** Checks that every dimension is positive. */
  public GemmShape {
    if (m < 1 || k < 1 || n < 1) {
      throw new IllegalArgumentException(
          "GEMM dimensions must be >= 1, got m=" + m + ", k=" + k + ", n=" + n);
    }
  }

  /** Floating-point operations of one product: {@code 2 m n k} (a multiply and an add). */
  public double flops() {
    return 2.0 * m * n * k;
  }

  /** Parses {@code N} (a square product) or {@code MxKxN}. */
  public static GemmShape parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length != 1 && parts.length != 3) {
      throw new IllegalArgumentException(
          "size must be N or MxKxN (for example 512 or 128x784x256), got '" + text + "'");
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
    return dims.length == 1 ? new GemmShape(dims[0], dims[0], dims[0])
        : new GemmShape(dims[0], dims[1], dims[2]);
  }

  /** The {@code MxKxN} form that {@link #parse} reads back. */
  @Override
  public String toString() {
    return m + "x" + k + "x" + n;
  }
}
