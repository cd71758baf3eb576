package dev.cmr.nn.cli;

import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.Divergence;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.KappaStressConfig;
import dev.cmr.nn.train.LayerMetrics;
import dev.cmr.nn.train.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external
 * resources) with the run's configuration, its final figures and the plots: mean and
 * per-layer condition number per epoch (log scale), test accuracy, training loss and
 * gradient magnitude per epoch, and the final singular-value spectrum of every layer,
 * vanilla against CMR. With several seeds every seed is drawn, the first one boldly; the
 * per-layer plots show the first seed.
 */
final class Report {
  static final String VANILLA = "#d95f02";
  static final String CMR = "#1b6ec2";
  private static final String[] RAMP_STOPS = {"#3b0f70", "#1f9e89", "#d9a400"};

  private Report() {}

  /** The arm's colour. */
  static String colour(Arm arm) {
    return arm == Arm.VANILLA ? VANILLA : CMR;
  }

  /**
   * The page.
   *
   * @param spectra per result, per arm ordinal, per layer the final singular values
   */
  static String html(RunSpec spec, int trainCount, int testCount, List<RunResult> results,
      List<double[][][]> spectra) {
    KappaStressConfig c = spec.config();
    List<Arm> arms = Summary.arms(results);
    String command = spec.kind().command();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    sb.append("<title>cmr ").append(command).append(" report</title>\n");
    sb.append("""
        <style>
        body { font-family: sans-serif; margin: 24px auto; max-width: 1240px; color: #222; }
        h1 { font-size: 22px; margin-bottom: 4px; }
        h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
        p.meta { color: #555; margin-top: 0; }
        table { border-collapse: collapse; margin: 8px 0; }
        th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; }
        th:first-child, td:first-child { text-align: left; }
        .grid2 { display: grid; grid-template-columns: repeat(2, 610px); gap: 12px; }
        .grid4 { display: grid; grid-template-columns: repeat(4, 300px); gap: 8px; }
        .alert { background: #fdecea; border: 1px solid #e0a39b; padding: 8px 12px; }
        .note { color: #555; font-size: 13px; }
        </style>
        </head>
        <body>
        """);
    sb.append("<h1>cmr ").append(command).append(" &#8212; run report</h1>\n");
    sb.append("<p class=\"meta\">").append(SvgChart.escape(String.format(Locale.ROOT,
        "%s, %d training / %d test images | %d layers %s, %s, %s init x %s | %s lr %s, batch"
        + " %d, %d epochs, seed %d%s | cmr %s", spec.dataset(), trainCount, testCount,
        c.widths().length - 1, TrainingRun.widthsText(c.widths()), c.activation().label(),
        c.init().label(), Format.number(c.initGain()), c.optimizer().label(),
        Format.number(c.learningRate()), c.batchSize(), c.epochs(), c.seed(),
        c.seeds() > 1 ? " (" + c.seeds() + " seeds)" : "", Main.version())))
        .append("</p>\n");
    for (RunResult r : results) {
      Divergence d = r.divergence();
      if (d != null) {
        sb.append("<p class=\"alert\">Diverged (seed ").append(r.seed()).append("): ")
            .append(SvgChart.escape(d.message())).append("</p>\n");
      }
    }
    finalTable(sb, spec, results, arms);
    if (arms.isEmpty()) {
      return sb.append("</body>\n</html>\n").toString();
    }

    if (results.size() > 1) {
      sb.append("<p class=\"note\">Bold lines: seed ").append(results.get(0).seed())
          .append("; pale lines: seeds ").append(results.get(1).seed()).append("..")
          .append(results.get(results.size() - 1).seed())
          .append(". Per-layer plots and spectra show seed ").append(results.get(0).seed())
          .append(".</p>\n");
    }
    double cmrFrom = arms.contains(Arm.CMR) && c.warmupEpochs() > 0
        && c.warmupEpochs() < c.epochs() ? c.warmupEpochs() + 0.5 : Double.NaN;

    // conditioning
    sb.append("<h2>Conditioning</h2>\n<div class=\"grid2\">\n");
    sb.append(epochChart("Mean layer condition number", "mean kappa (log)", true, results,
        arms, EpochMetrics::meanConditionNumber, cmrFrom, c.epochs()).render());
    sb.append(epochChart("Sum of CMR penalties R over layers", "sum R (without lambda)",
        false, results, arms, EpochMetrics::regularizer, cmrFrom, c.epochs()).render());
    SvgChart[] perLayer = new SvgChart[arms.size()];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < arms.size(); a++) {
      perLayer[a] = layerChart(results.get(0), arms.get(a), c, cmrFrom);
      double[] yr = perLayer[a].dataYRange();
      if (yr != null) {
        lo = Math.min(lo, yr[0]);
        hi = Math.max(hi, yr[1]);
      }
    }
    for (SvgChart chart : perLayer) {
      if (lo <= hi) {
        chart.yRange(lo, hi);
      }
      sb.append(chart.render());
    }
    sb.append("</div>\n");

    // accuracy, loss, gradients
    sb.append("<h2>Accuracy, loss and gradients</h2>\n<div class=\"grid2\">\n");
    sb.append(epochChart("Test accuracy", "accuracy (%)", false, results, arms,
        m -> 100 * m.testAccuracy(), cmrFrom, c.epochs()).yRange(0, 100).render());
    sb.append(epochChart("Training loss", "mean cross-entropy", false, results, arms,
        EpochMetrics::trainLoss, cmrFrom, c.epochs()).render());
    sb.append(epochChart("Average gradient magnitude", "mean ||g|| handed to the optimizer",
        false, results, arms, EpochMetrics::meanGradientNorm, cmrFrom, c.epochs()).render());
    sb.append("</div>\n");
    sb.append("<p class=\"note\">Gradient magnitude: the mean over an epoch's steps of the"
        + " global L2 norm of the gradient handed to the optimizer (after mixing and"
        + " clipping).</p>\n");

    // spectra
    sb.append("<h2>Final singular-value spectra per layer (seed ").append(results.get(0).seed())
        .append(")</h2>\n<div class=\"grid4\">\n");
    double[][][] s = spectra.get(0);
    int[] w = c.widths();
    for (int l = 0; l + 1 < w.length; l++) {
      SvgChart chart = new SvgChart("layer " + l + " (" + w[l + 1] + "x" + w[l] + ")", 300,
          210).xAxis("index", true).yAxis("singular value", true);
      for (Arm arm : arms) {
        double[] v = s[arm.ordinal()] == null ? null : s[arm.ordinal()][l];
        if (v == null) {
          continue;
        }
        double[] x = new double[v.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = i + 1;
        }
        String kappa = Format.kappa(v[0] / (v[v.length - 1] + 1e-8));
        chart.add(new SvgChart.Series(arm.label() + " \u03ba=" + kappa, colour(arm), x, v, 2, 1,
            false, true));
      }
      sb.append(chart.render());
    }
    sb.append("</div>\n");
    sb.append("<p class=\"note\">Files in this folder: config.json, epochs.csv, layers.jsonl,"
        + " summary.json, spectra.json, checkpoint*.zip, report.html.</p>\n");
    return sb.append("</body>\n</html>\n").toString();
  }

  private static void finalTable(StringBuilder sb, RunSpec spec, List<RunResult> results,
      List<Arm> arms) {
    if (arms.isEmpty()) {
      return;
    }
    boolean published = spec.kind() == TrainingCommand.Kind.KAPPA_STRESS && arms.size() == 2;
    sb.append("<h2>Final epoch").append(results.size() > 1 ? " (median over "
        + results.size() + " seeds)" : "").append("</h2>\n<table>\n<tr><th></th>");
    for (Arm arm : arms) {
      sb.append("<th style=\"color:").append(colour(arm)).append("\">").append(arm.label())
          .append("</th>");
    }
    if (published) {
      sb.append("<th>published vanilla</th><th>published CMR</th>");
    }
    sb.append("</tr>\n");
    String[] names = {"mean condition number", "avg gradient magnitude", "test accuracy",
        "wall time (s)", "training loss"};
    String[][] pub = {{"3.9e3", "3.4"}, {"1.4", "4.2"}, {"10%", "86%"}, {"", ""}, {"", ""}};
    for (int k = 0; k < names.length; k++) {
      sb.append("<tr><td>").append(names[k]).append("</td>");
      for (Arm arm : arms) {
        double x = Summary.finals(results, arm)[k];
        sb.append("<td>").append(switch (k) {
          case 0 -> Format.kappa(x);
          case 1 -> Format.fixed(x, 3);
          case 2 -> Format.percent(x);
          case 3 -> Format.fixed(x, 1);
          default -> Format.fixed(x, 4);
        }).append("</td>");
      }
      if (published) {
        sb.append("<td>").append(pub[k][0]).append("</td><td>").append(pub[k][1])
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
  }

  /** A per-epoch chart of one metric: a line per arm and seed, the first seed bold. */
  static SvgChart epochChart(String title, String yLabel, boolean log, List<RunResult> results,
      List<Arm> arms, ToDoubleFunction<EpochMetrics> metric, double marker, int epochs) {
    SvgChart chart = new SvgChart(title, 600, 320).xAxis("epoch", true).yAxis(yLabel, log)
        .xRange(epochs > 1 ? 1 : 0.5, epochs > 1 ? epochs : 1.5);
    for (int i = 0; i < results.size(); i++) {
      RunResult r = results.get(i);
      for (Arm arm : arms) {
        List<EpochMetrics> e = r.epochs(arm);
        double[] x = new double[e.size()];
        double[] y = new double[e.size()];
        for (int k = 0; k < x.length; k++) {
          x[k] = e.get(k).epoch();
          y[k] = metric.applyAsDouble(e.get(k));
        }
        String name = results.size() > 1 && i > 0 ? arm.label() + " seed " + r.seed()
            : arm.label();
        // vanilla drawn wider, so it shows around CMR where the two coincide (warm-up)
        double width = (i == 0 ? 2.2 : 1.2) * (arm == Arm.VANILLA ? 1.8 : 1);
        chart.add(new SvgChart.Series(name, colour(arm), x, y, width, i == 0 ? 1 : 0.45, true,
            i == 0));
      }
    }
    if (!Double.isNaN(marker)) {
      chart.marker(marker, "CMR on");
    }
    return chart;
  }

  /** Per-layer condition number per epoch of one arm, a colour per layer. */
  private static SvgChart layerChart(RunResult r, Arm arm, KappaStressConfig c,
      double marker) {
    int layers = c.widths().length - 1;
    String[] colours = new String[layers];
    for (int l = 0; l < layers; l++) {
      colours[l] = ramp(layers == 1 ? 0 : (double) l / (layers - 1));
    }
    SvgChart chart = new SvgChart("Per-layer condition number, " + arm.label(), 600, 320)
        .xAxis("epoch", true).yAxis("kappa (log)", true)
        .xRange(c.epochs() > 1 ? 1 : 0.5, c.epochs() > 1 ? c.epochs() : 1.5)
        .rampLegend(colours, "layer 0", "layer " + (layers - 1));
    List<EpochMetrics> e = r.epochs(arm);
    for (int l = 0; l < layers; l++) {
      double[] x = new double[e.size()];
      double[] y = new double[e.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = e.get(k).epoch();
        List<LayerMetrics> lm = e.get(k).layers();
        y[k] = l < lm.size() ? lm.get(l).spectrum().conditionNumber() : Double.NaN;
      }
      chart.add(new SvgChart.Series(arm.label() + " layer " + l, colours[l], x, y, 1.6, 0.9,
          true, false));
    }
    if (!Double.isNaN(marker)) {
      chart.marker(marker, "CMR on");
    }
    return chart;
  }

  /** A colour on the purple-teal-amber ramp at {@code t} in [0, 1]. */
  static String ramp(double t) {
    double u = Math.max(0, Math.min(1, t)) * (RAMP_STOPS.length - 1);
    int i = Math.min((int) u, RAMP_STOPS.length - 2);
    double f = u - i;
    int a = Integer.parseInt(RAMP_STOPS[i].substring(1), 16);
    int b = Integer.parseInt(RAMP_STOPS[i + 1].substring(1), 16);
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int ca = (a >> shift) & 0xff;
      int cb = (b >> shift) & 0xff;
      rgb |= (int) Math.round(ca + f * (cb - ca)) << shift;
    }
    return String.format(Locale.ROOT, "#%06x", rgb);
  }
}
