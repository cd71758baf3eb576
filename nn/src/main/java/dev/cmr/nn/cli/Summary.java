package dev.cmr.nn.cli;

import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.Divergence;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.RunResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The end of a run: the final console table, {@code summary.json} and {@code spectra.json}.
 * With several seeds the final figures are medians over seeds.
 */
final class Summary {
  /** Accuracy below which a run counts as collapsed in the multi-seed report. */
  static final double COLLAPSE_THRESHOLD = 0.2;
  /** Published figures (vanilla, CMR): condition number, gradient magnitude, accuracy. */
  static final double[] PUBLISHED_VANILLA = {3.9e3, 1.4, 0.10};
  static final double[] PUBLISHED_CMR = {3.4, 4.2, 0.86};

  private Summary() {}

  /** The arms with metrics in every result, vanilla first. */
  static List<Arm> arms(List<RunResult> results) {
    List<Arm> arms = new ArrayList<>();
    for (Arm arm : Arm.values()) {
      if (results.stream().allMatch(r -> r.has(arm))) {
        arms.add(arm);
      }
    }
    return arms;
  }

  // ---------------------------------------------------------------------------------------
  // console

  /** The final table: both arms next to the published figures, or one arm's figures. */
  static void printTable(PrintStream out, TrainingCommand.Kind kind, List<RunResult> results) {
    List<Arm> arms = arms(results);
    if (arms.isEmpty()) {
      return;
    }
    boolean multi = results.size() > 1;
    String head = multi ? "Final epoch (median of " + results.size() + " seeds)"
        : "Final epoch (seed " + results.get(0).seed() + ")";
    out.println();
    if (kind == TrainingCommand.Kind.KAPPA_STRESS && arms.size() == 2) {
      double[] v = finals(results, Arm.VANILLA);
      double[] c = finals(results, Arm.CMR);
      String row = "%-28s %12s %12s  | %18s %8s%n";
      out.printf(Locale.ROOT, row, head, "vanilla", "CMR", "published vanilla", "CMR");
      out.printf(Locale.ROOT, row, "mean condition number", Format.kappa(v[0]),
          Format.kappa(c[0]), "3.9e3", "3.4");
      out.printf(Locale.ROOT, row, "avg gradient magnitude", Format.fixed(v[1], 3),
          Format.fixed(c[1], 3), "1.4", "4.2");
      out.printf(Locale.ROOT, row, "test accuracy", Format.percent(v[2]), Format.percent(c[2]),
          "10%", "86%");
      out.printf(Locale.ROOT, "%-28s %12s %12s%n", "wall time (s)", Format.fixed(v[3], 1),
          Format.fixed(c[3], 1));
    } else {
      out.printf(Locale.ROOT, "%-28s", head);
      for (Arm arm : arms) {
        out.printf(Locale.ROOT, " %12s", arm.label());
      }
      out.println();
      String[] names = {"mean condition number", "avg gradient magnitude", "test accuracy",
          "wall time (s)", "training loss"};
      for (int k = 0; k < names.length; k++) {
        out.printf(Locale.ROOT, "%-28s", names[k]);
        for (Arm arm : arms) {
          double x = finals(results, arm)[k];
          out.printf(Locale.ROOT, " %12s", switch (k) {
            case 0 -> Format.kappa(x);
            case 1 -> Format.fixed(x, 3);
            case 2 -> Format.percent(x);
            case 3 -> Format.fixed(x, 1);
            default -> Format.fixed(x, 4);
          });
        }
        out.println();
      }
    }
    if (multi) {
      out.println();
      out.printf(Locale.ROOT, "%-28s %12s %12s %12s %10s%n", "Over seeds " + results.get(0).seed()
          + ".." + results.get(results.size() - 1).seed(), "median", "min", "max",
          "acc < 20%");
      for (Arm arm : arms) {
        double[] acc = column(results, arm, 2);
        double[] kappa = column(results, arm, 0);
        out.printf(Locale.ROOT, "%-28s %12s %12s %12s %10d%n", arm.label() + " accuracy",
            Format.percent(median(acc)), Format.percent(min(acc)), Format.percent(max(acc)),
            collapsed(acc));
        out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", arm.label() + " mean kappa",
            Format.kappa(median(kappa)), Format.kappa(min(kappa)), Format.kappa(max(kappa)));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // summary.json

  /** {@code summary.json}: final figures per arm, divergence, seeds, published figures. */
  static String json(TrainingCommand.Kind kind, List<RunResult> results) {
    List<Arm> arms = arms(results);
    Json.Writer w = new Json.Writer(true).beginObject().member("command", kind.command());
    for (Arm arm : arms) {
      double[] f = finals(results, arm);
      w.name(arm.label()).beginObject()
          .member("mean_condition_number", f[0]).member("mean_gradient_norm", f[1])
          .member("test_accuracy", f[2]).member("seconds", f[3]).member("train_loss", f[4])
          .member("epochs", results.get(0).last(arm).epoch())
          .member("diverged", results.stream().anyMatch(r -> r.last(arm).diverged()))
          .member("aggregate", results.size() > 1 ? "median over seeds" : "single run")
          .endObject();
    }
    Divergence d = results.stream().map(RunResult::divergence)
        .filter(Objects::nonNull).findFirst().orElse(null);
    if (d == null) {
      w.name("divergence").value((String) null);
    } else {
      w.name("divergence").beginObject().member("arm", d.arm().label())
          .member("epoch", d.epoch()).member("step", d.step())
          .member("global_step", d.globalStep()).member("quantity", d.quantity())
          .member("layer", d.layer()).member("value", String.valueOf(d.value()))
          .member("message", d.message()).endObject();
    }
    if (kind == TrainingCommand.Kind.KAPPA_STRESS) {
      w.name("published").beginObject();
      for (Arm arm : Arm.values()) {
        double[] p = arm == Arm.VANILLA ? PUBLISHED_VANILLA : PUBLISHED_CMR;
        w.name(arm.label()).beginObject().member("mean_condition_number", p[0])
            .member("mean_gradient_norm", p[1]).member("test_accuracy", p[2]).endObject();
      }
      w.endObject();
    }

    w.name("seeds").beginObject().member("count", results.size())
        .member("collapse_threshold", COLLAPSE_THRESHOLD);
    w.name("values").beginArray();
    for (RunResult r : results) {
      w.value(r.seed());
    }
    w.endArray();
    for (Arm arm : arms) {
      double[] acc = column(results, arm, 2);
      double[] kappa = column(results, arm, 0);
      w.name(arm.label()).beginObject();
      spread(w, "test_accuracy", acc);
      spread(w, "mean_condition_number", kappa);
      w.member("runs_below_threshold", collapsed(acc)).endObject();
    }
    w.name("runs").beginArray();
    for (RunResult r : results) {
      w.beginObject().member("seed", r.seed());
      for (Arm arm : arms) {
        EpochMetrics m = r.last(arm);
        w.name(arm.label()).beginObject()
            .member("epochs", m.epoch())
            .member("mean_condition_number", m.meanConditionNumber())
            .member("mean_gradient_norm", m.meanGradientNorm())
            .member("test_accuracy", m.testAccuracy())
            .member("seconds", seconds(r, arm)).member("diverged", m.diverged()).endObject();
      }
      w.endObject();
    }
    w.endArray().endObject();
    return w.endObject() + "\n";
  }

  /**
   * {@code spectra.json}: per seed, arm and layer the final singular values, descending
   * ({@code null} for a layer whose weights are not finite).
   *
   * @param spectra per result, per arm ordinal, per layer the singular values (arm entries
   *     null when the arm was not trained)
   */
  static String spectraJson(List<RunResult> results, List<double[][][]> spectra,
      int[] widths) {
    Json.Writer w = new Json.Writer(true).beginObject();
    w.name("widths").beginArray();
    for (int x : widths) {
      w.value(x);
    }
    w.endArray();
    w.name("runs").beginArray();
    for (int i = 0; i < results.size(); i++) {
      w.beginObject().member("seed", results.get(i).seed());
      for (Arm arm : Arm.values()) {
        double[][] layers = spectra.get(i)[arm.ordinal()];
        if (layers == null) {
          continue;
        }
        w.name(arm.label()).beginArray();
        for (int l = 0; l < layers.length; l++) {
          w.beginObject().member("layer", l).member("rows", widths[l + 1])
              .member("cols", widths[l]);
          double[] s = layers[l];
          if (s == null) {
            w.name("condition_number").value(Double.NaN).name("singular_values")
                .value((String) null);
          } else {
            w.member("condition_number", s[0] / (s[s.length - 1] + 1e-8));
            w.name("singular_values").beginArray();
            for (double v : s) {
              w.value(v);
            }
            w.endArray();
          }
          w.endObject();
        }
        w.endArray();
      }
      w.endObject();
    }
    w.endArray();
    return w.endObject() + "\n";
  }

  // ---------------------------------------------------------------------------------------
  // statistics

  private static void spread(Json.Writer w, String name, double[] values) {
    w.name(name).beginObject().member("median", median(values)).member("min", min(values))
        .member("max", max(values)).endObject();
  }

  /** Per arm, medians over seeds of: kappa, gradient norm, accuracy, seconds, loss. */
  static double[] finals(List<RunResult> results, Arm arm) {
    double[] f = new double[5];
    for (int k = 0; k < f.length; k++) {
      f[k] = median(column(results, arm, k));
    }
    return f;
  }

  private static double[] column(List<RunResult> results, Arm arm, int k) {
    double[] v = new double[results.size()];
    for (int i = 0; i < v.length; i++) {
      RunResult r = results.get(i);
      EpochMetrics m = r.last(arm);
      v[i] = switch (k) {
        case 0 -> m.meanConditionNumber();
        case 1 -> m.meanGradientNorm();
        case 2 -> m.testAccuracy();
        case 3 -> seconds(r, arm);
        default -> m.trainLoss();
      };
    }
    return v;
  }

  /** Wall time of an arm over all its epochs (shared warm-up epochs included). */
  static double seconds(RunResult r, Arm arm) {
    double s = 0;
    for (EpochMetrics m : r.epochs(arm)) {
      s += m.seconds();
    }
    return s;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static int collapsed(double[] accuracy) {
    int n = 0;
    for (double a : accuracy) {
      if (!(a >= COLLAPSE_THRESHOLD)) {
        n++;
      }
    }
    return n;
  }
}
