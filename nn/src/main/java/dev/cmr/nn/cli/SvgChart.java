package dev.cmr.nn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart written directly as SVG text: no fonts, no AWT, diffable. Linear or decimal
 * logarithmic y axis, ticks with labels, grid, axis titles, a legend, optional vertical
 * markers, and hover titles on the points.
 *
 * <p>Every series becomes {@code <g class="series" data-name=".." data-count="n">} holding
 * one {@code <polyline>} per unbroken run of plottable values (a NaN, an infinity or, on a
 * log axis, a value {@code <= 0} breaks the line) and, when points are shown, a
 * {@code <circle data-x=".." data-y="..">} per plottable value, so the drawing carries its
 * data.
 */
final class SvgChart {
  /**
   * One line.
   *
   * @param name legend text and {@code data-name}
   * @param colour CSS colour
   * @param x abscissae
   * @param y ordinates (same length)
   * @param width stroke width
   * @param opacity stroke opacity
   * @param points whether to draw a marker per value
   * @param legend whether to list it in the legend
   */
  record Series(String name, String colour, double[] x, double[] y, double width,
      double opacity, boolean points, boolean legend) {}

  private static final int LEFT = 62;
  private static final int RIGHT = 18;
  private static final int BOTTOM = 44;

  private String title;
  private final int width;
  private final int height;
  private final List<Series> series = new ArrayList<>();
  private final List<double[]> markers = new ArrayList<>();
  private final List<String> markerLabels = new ArrayList<>();
  private String xLabel = "";
  private String yLabel = "";
  private boolean logY;
  private boolean integerX;
  private double[] xRange;
  private double[] yRange;
  private String[] ramp;
  private String rampFrom;
  private String rampTo;

  SvgChart(String title, int width, int height) {
    this.title = title;
    this.width = width;
    this.height = height;
  }

  /** Replaces the title. */
  SvgChart title(String text) {
    this.title = text;
    return this;
  }

  /** The x axis title; {@code integers} puts ticks on whole numbers only. */
  SvgChart xAxis(String label, boolean integers) {
    this.xLabel = label;
    this.integerX = integers;
    return this;
  }

  /** The y axis title and scale. */
  SvgChart yAxis(String label, boolean log) {
    this.yLabel = label;
    this.logY = log;
    return this;
  }

  /** Fixes the x range instead of fitting the data. */
  SvgChart xRange(double min, double max) {
    this.xRange = new double[] {min, max};
    return this;
  }

  /** Fixes the y range instead of fitting the data. */
  SvgChart yRange(double min, double max) {
    this.yRange = new double[] {min, max};
    return this;
  }

  /** Adds a series. */
  SvgChart add(Series s) {
    if (s.x().length != s.y().length) {
      throw new IllegalArgumentException("series " + s.name() + ": x has " + s.x().length
          + " values, y has " + s.y().length);
    }
    series.add(s);
    return this;
  }

  /** A dashed vertical line at {@code x} with a label. */
  SvgChart marker(double x, String label) {
    markers.add(new double[] {x});
    markerLabels.add(label);
    return this;
  }

  /** Replaces the legend by a colour ramp from {@code from} to {@code to}. */
  SvgChart rampLegend(String[] colours, String from, String to) {
    this.ramp = colours.clone();
    this.rampFrom = from;
    this.rampTo = to;
    return this;
  }

  /** The y range the data span (log: positive values only), or null when nothing plots. */
  double[] dataYRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.y()) {
        if (plottable(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return lo <= hi ? new double[] {lo, hi} : null;
  }

  /** The SVG element. */
  String render() {
    int top = 30 + (hasLegend() ? 22 : 0);
    double px0 = LEFT;
    double px1 = width - RIGHT;
    double py0 = top;
    double py1 = height - BOTTOM;

    // ranges and ticks
    double[] xr = xRange != null ? xRange : fitX();
    double[] yr = yRange != null ? yRange : dataYRange();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"%s\">%n",
        width, height, width, height, escape(title)));
    sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
        + "fill=\"#ffffff\"/>%n", width, height));
    sb.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"%d\" y=\"18\" "
        + "font-size=\"14\" font-weight=\"bold\" fill=\"#222\">%s</text>%n", LEFT,
        escape(title)));
    if (yr == null) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#888\" "
          + "text-anchor=\"middle\">no finite values to plot</text>%n", (px0 + px1) / 2,
          (py0 + py1) / 2));
      return sb.append("</svg>\n").toString();
    }
    Scale xs = new Scale(xr[0], xr[1], px0, px1, false, integerX);
    Scale ys = new Scale(yr[0], yr[1], py1, py0, logY, false);

    // grid and y ticks
    sb.append("<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
    for (double t : ys.minorTicks()) {
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
          + "y2=\"%.1f\" stroke=\"#f3f3f3\"/>%n", px0, ys.map(t), px1, ys.map(t)));
    }
    for (double t : ys.ticks()) {
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
          + "y2=\"%.1f\"/>%n", px0, ys.map(t), px1, ys.map(t)));
    }
    for (double t : xs.ticks()) {
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
          + "y2=\"%.1f\"/>%n", xs.map(t), py0, xs.map(t), py1));
    }
    sb.append("</g>\n");

    // axes with tick labels and titles
    sb.append("<g class=\"axes\" fill=\"#333\">\n");
    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"#444\"/>%n", px0, py1, px1, py1));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"#444\"/>%n", px0, py0, px0, py1));
    for (double t : ys.ticks()) {
      sb.append(String.format(Locale.ROOT, "<text class=\"ytick\" x=\"%.1f\" y=\"%.1f\" "
          + "text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>%n", px0 - 5,
          ys.map(t), escape(ys.label(t))));
    }
    for (double t : xs.ticks()) {
      sb.append(String.format(Locale.ROOT, "<text class=\"xtick\" x=\"%.1f\" y=\"%.1f\" "
          + "text-anchor=\"middle\">%s</text>%n", xs.map(t), py1 + 15, escape(xs.label(t))));
    }
    sb.append(String.format(Locale.ROOT, "<text class=\"xlabel\" x=\"%.1f\" y=\"%d\" "
        + "text-anchor=\"middle\" font-size=\"12\">%s</text>%n", (px0 + px1) / 2, height - 8,
        escape(xLabel)));
    sb.append(String.format(Locale.ROOT, "<text class=\"ylabel\" x=\"%d\" y=\"%.1f\" "
        + "text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 %d %.1f)\">%s"
        + "</text>%n", 14, (py0 + py1) / 2, 14, (py0 + py1) / 2, escape(yLabel)));
    sb.append("</g>\n");

    // markers
    for (int i = 0; i < markers.size(); i++) {
      double x = xs.map(markers.get(i)[0]);
      sb.append(String.format(Locale.ROOT, "<g class=\"marker\"><line x1=\"%.1f\" y1=\"%.1f\" "
          + "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\" stroke-dasharray=\"4 3\"/><text "
          + "x=\"%.1f\" y=\"%.1f\" fill=\"#555\">%s</text></g>%n", x, py0, x, py1, x + 4,
          py0 + 11, escape(markerLabels.get(i))));
    }

    // series, clipped to the plot area
    sb.append(String.format(Locale.ROOT, "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" "
        + "width=\"%.1f\" height=\"%.1f\"/></clipPath>%n", clipId(), px0 - 4, py0 - 4,
        px1 - px0 + 8, py1 - py0 + 8));
    sb.append(String.format(Locale.ROOT, "<g clip-path=\"url(#%s)\">%n", clipId()));
    for (Series s : series) {
      sb.append(String.format(Locale.ROOT, "<g class=\"series\" data-name=\"%s\" "
          + "data-count=\"%d\">%n", escape(s.name()), s.x().length));
      StringBuilder line = new StringBuilder();
      for (int i = 0; i <= s.x().length; i++) {
        boolean ok = i < s.x().length && plottable(s.y()[i]);
        if (ok) {
          line.append(line.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f,%.2f",
              xs.map(s.x()[i]), ys.map(s.y()[i])));
        } else if (!line.isEmpty()) {
          sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" "
              + "stroke-width=\"%s\" stroke-opacity=\"%s\" stroke-linejoin=\"round\" "
              + "points=\"%s\"/>%n", s.colour(), Json.number(s.width()),
              Json.number(s.opacity()), line));
          line.setLength(0);
        }
      }
      if (s.points()) {
        for (int i = 0; i < s.x().length; i++) {
          if (plottable(s.y()[i])) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" "
                + "fill=\"%s\" fill-opacity=\"%s\" data-x=\"%s\" data-y=\"%s\"><title>%s: %s "
                + "at %s</title></circle>%n", xs.map(s.x()[i]), ys.map(s.y()[i]), s.colour(),
                Json.number(s.opacity()), Json.number(s.x()[i]), Json.number(s.y()[i]),
                escape(s.name()), escape(Scale.plain(s.y()[i])), escape(xLabel + " "
                    + Json.number(s.x()[i]))));
          }
        }
      }
      sb.append("</g>\n");
    }
    sb.append("</g>\n");
    legend(sb, top);
    return sb.append("</svg>\n").toString();
  }

  private boolean hasLegend() {
    return ramp != null || series.stream().anyMatch(Series::legend);
  }

  private void legend(StringBuilder sb, int top) {
    int y = top - 14;
    double x = LEFT;
    sb.append("<g class=\"legend\" fill=\"#333\">\n");
    if (ramp != null) {
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x, y + 4,
          escape(rampFrom)));
      x += 8 + 6.5 * rampFrom.length();
      for (String c : ramp) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" "
            + "height=\"10\" fill=\"%s\"/>%n", x, y - 5, c));
        x += 12;
      }
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 6,
          y + 4, escape(rampTo)));
    } else {
      for (Series s : series) {
        if (!s.legend()) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
            + "y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n", x, y, x + 18, y, s.colour()));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 23,
            y + 4, escape(s.name())));
        x += 36 + 6.5 * s.name().length();
      }
    }
    sb.append("</g>\n");
  }

  private String clipId() {
    return "clip" + Integer.toHexString(System.identityHashCode(this));
  }

  private double[] fitX() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.x()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(lo <= hi)) {
      return new double[] {0, 1};
    }
    return lo == hi ? new double[] {lo - 0.5, hi + 0.5} : new double[] {lo, hi};
  }

  private boolean plottable(double v) {
    return Double.isFinite(v) && (!logY || v > 0);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A linear or decimal-log map from data to pixels, with tick positions and labels. */
  private static final class Scale {
    private final double lo;
    private final double hi;
    private final double p0;
    private final double p1;
    private final boolean log;
    private final boolean integers;
    private final double step;
    private final boolean narrow;
    private final double intervals;

    Scale(double min, double max, double p0, double p1, boolean log, boolean integers) {
      // about one labelled tick per 45 pixels, at least two intervals
      this.intervals = Math.max(2, Math.min(6, Math.abs(p1 - p0) / 45));
      this.log = log;
      this.integers = integers;
      this.p0 = p0;
      this.p1 = p1;
      if (log) {
        double a = Math.log10(min);
        double b = Math.log10(max);
        double pad = Math.max(0.04 * (b - a), 0.02);
        a -= pad;
        b += pad;
        lo = a;
        hi = b;
        // under a decade, decade ticks would leave the data between two lines: use
        // linear nice ticks placed on the log scale
        narrow = b - a < 1;
        step = narrow ? niceStep((Math.pow(10, b) - Math.pow(10, a)) / intervals) : 1;
      } else {
        double a = min;
        double b = max;
        if (a == b) {
          a -= Math.max(1, Math.abs(a) * 0.1);
          b += Math.max(1, Math.abs(b) * 0.1);
        }
        double s = niceStep((b - a) / intervals);
        if (integers) {
          s = Math.max(1, Math.round(s));
        }
        lo = a;
        hi = b;
        step = s;
        narrow = false;
      }
    }

    double map(double v) {
      double t = log ? Math.log10(v) : v;
      return p0 + (t - lo) / (hi - lo) * (p1 - p0);
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log && narrow) {
        double a = Math.pow(10, lo);
        double b = Math.pow(10, hi);
        for (double v = Math.ceil(a / step) * step; v <= b; v += step) {
          t.add(v);
        }
        return t;
      }
      if (log) {
        for (double e = Math.ceil(lo - 1e-9); e <= hi + 1e-9; e++) {
          t.add(Math.pow(10, e));
        }
        // 1, 2 and 5 times each power of ten where they fit, else every k-th decade
        int most = (int) intervals + 2;
        List<Double> fine = new ArrayList<>();
        for (double e = Math.floor(lo); e <= hi; e++) {
          for (int m : new int[] {1, 2, 5}) {
            double lv = Math.log10(m * Math.pow(10, e));
            if (lv >= lo - 1e-9 && lv <= hi + 1e-9) {
              fine.add(m * Math.pow(10, e));
            }
          }
        }
        if (t.size() < 2 || fine.size() <= most) {
          return fine;
        }
        if (t.size() > most) {
          List<Double> fewer = new ArrayList<>();
          int every = (t.size() + most - 1) / most;
          for (int i = 0; i < t.size(); i += every) {
            fewer.add(t.get(i));
          }
          return fewer;
        }
        return t;
      }
      for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
      }
      return t;
    }

    List<Double> minorTicks() {
      List<Double> t = new ArrayList<>();
      if (!log || narrow || hi - lo > 6) {
        return t;
      }
      for (double e = Math.floor(lo); e <= hi; e++) {
        for (int m = 2; m <= 9; m++) {
          double v = m * Math.pow(10, e);
          double lv = Math.log10(v);
          if (lv > lo && lv < hi) {
            t.add(v);
          }
        }
      }
      return t;
    }

    String label(double v) {
      if (log && narrow) {
        int digits = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return Math.abs(v) >= 1e5 || digits > 4 ? plain(v)
            : String.format(Locale.ROOT, "%." + digits + "f", v);
      }
      if (log) {
        if (v >= 1e-3 && v < 1e5) {
          return plain(v);
        }
        int e = (int) Math.floor(Math.log10(v) + 1e-9);
        long m = Math.round(v / Math.pow(10, e));
        return m + "e" + e;
      }
      if (integers || step >= 1) {
        return Json.number(Math.rint(v / step) * step);
      }
      int digits = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
      return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String plain(double v) {
      if (v == 0) {
        return "0";
      }
      double a = Math.abs(v);
      if (a >= 1e5 || a < 1e-3) {
        return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e+", "e")
            .replace("e-0", "e-");
      }
      String s = String.format(Locale.ROOT, "%.4g", v);
      return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "")
          : s;
    }

    private static double niceStep(double raw) {
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      double f = raw / p;
      return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
    }
  }
}
