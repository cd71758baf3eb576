package dev.cmr.nn.cli;

import java.util.Locale;

/** Number formatting for the console. */
final class Format {
  private Format() {}

  /** A condition number: two decimals below 1000, else scientific ({@code 3.61e+03}). */
  static String kappa(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return Math.abs(v) < 1000 ? String.format(Locale.ROOT, "%.2f", v)
        : String.format(Locale.ROOT, "%.2e", v);
  }

  /** A fraction as a percentage with one decimal. */
  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction)
        : "n/a";
  }

  /** A value with {@code digits} decimals. */
  static String fixed(double v, int digits) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "n/a";
  }

  /** A number as short as it reads exactly: {@code 0.001}, {@code 1e-6}, {@code 5}. */
  static String number(double v) {
    return Json.number(v).replace(".0E", "E").replace("E", "e");
  }

  /** Seconds as {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "--:--";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
