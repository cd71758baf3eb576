package dev.cmr.bench.runner;

/**
 * The two floating-point types the GEMM runner measures, with the names the table, the JSON
 * report and numpy use for them, and the unit roundoff {@code u} that bounds the verification.
 */
public enum Precision {
  /** IEEE binary32: {@code u = 2^-24}. */
  FLOAT("float", "float32", 0x1p-24, Float.BYTES),
  /** IEEE binary64: {@code u = 2^-53}. */
  DOUBLE("double", "float64", 0x1p-53, Double.BYTES);

  private final String label;
  private final String numpyName;
  private final double unitRoundoff;
  private final int bytes;

  Precision(String label, String numpyName, double unitRoundoff, int bytes) {
    this.label = label;
    this.numpyName = numpyName;
    this.unitRoundoff = unitRoundoff;
    this.bytes = bytes;
  }

  /** Short name used in the table, the JSON report and on the command line. */
  public String label() {
    return label;
  }

  /** The numpy dtype name of this type. */
  public String numpyName() {
    return numpyName;
  }

  /** Unit roundoff {@code u}: half the distance from 1 to the next representable number. */
  public double unitRoundoff() {
    return unitRoundoff;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Parses {@code float} or {@code double}; anything else is an IllegalArgumentException. */
  public static Precision parse(String text) {
    for (Precision p : values()) {
      if (p.label.equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "type must be 'float' or 'double', got '" + text + "'");
  }
}
