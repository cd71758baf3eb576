package dev.cmr.nn.cli;

import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Console progress of a kappa-stress run. On a terminal a single line is redrawn with
 * {@code \r} (bar, rate, ETA, running loss) at most ten times a second; otherwise a plain
 * line is printed at each quarter of an epoch, so redirected logs stay short. One summary
 * line follows every epoch. With {@code colour} (a terminal without {@code NO_COLOR}) arm
 * names and divergence are coloured.
 */
final class Progress implements TrainingListener {
  private static final int BAR = 24;
  private final PrintStream out;
  private final boolean terminal;
  private final int epochs;
  private final boolean colour;
  private long epochStart;
  private long lastDraw;
  private int lastWidth;

  Progress(PrintStream out, boolean terminal, int epochs, boolean colour) {
    this.out = out;
    this.terminal = terminal;
    this.epochs = epochs;
    this.colour = colour;
  }

  /** {@code text} in the ANSI colour {@code code} when colour is on. */
  private String paint(String text, int code) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  private String armLabel(Arm arm) {
    return paint(String.format(Locale.ROOT, "%-7s", arm.label()), arm == Arm.VANILLA ? 33 : 36);
  }

  @Override
  public void epochStarted(long seed, Arm arm, int epoch, int steps) {
    epochStart = System.nanoTime();
    lastDraw = 0;
  }

  @Override
  public void stepFinished(long seed, Arm arm, int epoch, int step, int steps,
      double meanLoss) {
    long now = System.nanoTime();
    double elapsed = (now - epochStart) * 1e-9;
    double rate = step / Math.max(elapsed, 1e-9);
    if (terminal) {
      if (now - lastDraw < 100_000_000L && step < steps) {
        return;
      }
      lastDraw = now;
      int filled = (int) ((long) BAR * step / steps);
      String line = String.format(Locale.ROOT, "  %s epoch %d/%d [%s%s] %d/%d  %.1f steps/s"
          + "  ETA %s  loss %.4f", armLabel(arm), epoch, epochs, "=".repeat(filled),
          " ".repeat(BAR - filled), step, steps, rate,
          Format.duration((steps - step) / rate), meanLoss);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      out.flush();
    } else {
      for (int q = 1; q <= 3; q++) {
        if (step == (int) Math.ceil(steps * q / 4.0) && step < steps) {
          out.printf(Locale.ROOT, "  %-7s epoch %d/%d: %d%% (%d/%d steps, %.1f steps/s, "
              + "loss %.4f)%n", arm.label(), epoch, epochs, 25 * q, step, steps, rate, meanLoss);
          out.flush();
        }
      }
    }
  }

  @Override
  public void epochFinished(EpochMetrics m) {
    clearBar();
    String head = String.format(Locale.ROOT, "seed %d | %s | epoch %d/%d |", m.seed(),
        armLabel(m.arm()), m.epoch(), epochs);
    if (m.shared() && m.arm() == Arm.CMR) {
      out.println(head + " warm-up epoch, identical to vanilla's (computed once)");
    } else {
      out.println(head + String.format(Locale.ROOT,
          " loss %.4f | test acc %s | mean kappa %s | grad norm %s | %s s%s%s",
          m.trainLoss(), Format.percent(m.testAccuracy()), Format.kappa(m.meanConditionNumber()),
          Format.fixed(m.meanGradientNorm(), 3), Format.fixed(m.seconds(), 1),
          m.cmrActive() ? " | gamma " + Format.fixed(m.meanGamma(), 3) : "",
          m.diverged() ? " | " + paint("DIVERGED", 31) : ""));
    }
    out.flush();
  }

  private void clearBar() {
    if (terminal && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
  }
}
