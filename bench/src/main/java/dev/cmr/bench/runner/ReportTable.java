package dev.cmr.bench.runner;

import dev.cmr.bench.runner.Measurement.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link GemmReport} as the plain-text table {@code cmr bench gemm} prints: a header
 * with the settings, the FMA ceiling and what each contender runs, one row per case with
 * every contender's GFLOP/s and our ratio to it, and notes on anything missing or wrong.
 */
public final class ReportTable {
  private ReportTable() {}

  /** The table, ending with a newline. */
  public static String render(GemmReport report) {
    GemmOptions o = report.options();
    String ref = report.reference();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "GEMM C = op(A) op(B) (shape suffix :tn = A^T B, "
        + ":nt = A B^T), %d thread%s, median of %d timed samples after warm-up, contenders "
        + "alternated%n", o.threads(),
        o.threads() == 1 ? "" : "s", o.repeats()));
    if (o.quick()) {
      out.append("--quick: a smoke run, barely warmed up; the numbers are not measurements\n");
    }
    out.append(String.format("GFLOP/s = 2 m n k / time; %s/x = %s's GFLOP/s over x's (above 1: "
        + "%s is faster); %%peak = %s over the FMA peak%n", ref, ref, ref, ref));
    if (!report.peaks().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (FmaPeak.Result p : report.peaks()) {
        parts.add(String.format(Locale.ROOT, "%s %.1f GFLOP/s", p.precision().label(),
            p.gflops()));
      }
      FmaPeak.Result first = report.peaks().get(0);
      out.append(String.format(Locale.ROOT, "FMA peak (Vector API, %d-bit, 12 accumulators, "
          + "%d thread%s): %s%n", first.vectorBits(), first.threads(),
          first.threads() == 1 ? "" : "s", String.join(", ", parts)));
    }
    int nameWidth = 0;
    for (ContenderStatus s : report.contenders()) {
      nameWidth = Math.max(nameWidth, s.name().length());
    }
    for (ContenderStatus s : report.contenders()) {
      out.append(String.format("  %-" + nameWidth + "s  %s%n", s.name(),
          s.available() ? s.description() : "missing (" + s.description() + ")"));
    }
    out.append('\n');

    List<String> header = new ArrayList<>(List.of("type", "m x k x n", ref + " GF/s", "%peak"));
    for (ContenderStatus s : report.contenders()) {
      if (!s.name().equals(ref)) {
        header.add(s.name() + " GF/s");
        header.add(ref + "/" + s.name());
      }
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    List<String> notes = new ArrayList<>();
    for (CaseResult c : report.cases()) {
      List<String> row = new ArrayList<>();
      row.add(c.precision().label());
      row.add(c.shape().toString());
      Measurement ours = c.of(ref);
      row.add(throughput(ours, c));
      double fraction = report.fractionOfPeak(c);
      row.add(Double.isNaN(fraction) ? "-"
          : String.format(Locale.ROOT, "%.1f%%", 100 * fraction));
      for (ContenderStatus s : report.contenders()) {
        if (s.name().equals(ref)) {
          continue;
        }
        Measurement m = c.of(s.name());
        row.add(throughput(m, c));
        double ratio = c.ratio(ref, s.name());
        row.add(m == null ? "-" : switch (m.outcome()) {
          case OK -> Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
          case WRONG -> "WRONG";
          case UNVERIFIED -> "unverified";
          case ERROR -> "error";
          case MISSING -> "missing";
        });
      }
      rows.add(row);
      for (Measurement m : c.measurements()) {
        if (m.outcome() != Outcome.OK && m.outcome() != Outcome.MISSING) {
          notes.add(String.format("%s %s, %s: %s: %s", c.precision().label(), c.shape(),
              m.contender(), m.outcome().name().toLowerCase(Locale.ROOT), m.message()));
        }
      }
    }
    appendAligned(out, rows);

    out.append('\n');
    for (ContenderStatus s : report.contenders()) {
      if (!s.available()) {
        out.append(String.format("%s: missing (%s)%n", s.name(), s.description()));
      }
    }
    List<String> checked = new ArrayList<>();
    for (ContenderStatus s : report.contenders()) {
      double worst = -1;
      for (CaseResult c : report.cases()) {
        Measurement m = c.of(s.name());
        if (m != null && m.verification() != null) {
          worst = Math.max(worst, m.verification().relativeError() / m.verification().bound());
        }
      }
      if (worst >= 0) {
        checked.add(String.format(Locale.ROOT, "%s %.2g", s.name(), worst));
      }
    }
    if (!checked.isEmpty()) {
      out.append("products checked against ").append(ref)
          .append("'s, largest error as a fraction of the bound 4 k u: ")
          .append(String.join(", ", checked)).append('\n');
    }
    for (String note : notes) {
      out.append(note).append('\n');
    }
    out.append(String.format(Locale.ROOT, "%s in %.1f s%n",
        report.failed() ? "FAILED" : "done", report.elapsedSeconds()));
    return out.toString();
  }

  private static String throughput(Measurement m, CaseResult c) {
    if (m == null) {
      return "-";
    }
    if (m.outcome() == Outcome.MISSING) {
      return "missing";
    }
    if (!m.timed()) {
      return m.outcome() == Outcome.ERROR ? "error" : "-";
    }
    return String.format(Locale.ROOT, "%.1f", m.gflops(c.shape()));
  }

  private static void appendAligned(StringBuilder out, List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        if (i > 0) {
          line.append("  ");
        }
        // Text columns (type, shape) align left, numbers right.
        String format = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
        line.append(String.format(format, cell));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
