package dev.cmr.nn.train;

import dev.cmr.nn.Adam;
import dev.cmr.nn.Optimizer;
import dev.cmr.nn.SgdMomentum;
import java.util.Locale;

/** The optimizers the trainer can use. */
public enum OptimizerKind {
  /** {@link Adam} with betas (0.9, 0.999) and eps 1e-8. */
  ADAM,
  /** {@link SgdMomentum}. */
  SGD;

  /** A fresh optimizer for {@code size} parameters. */
  public Optimizer create(int size, double learningRate, double momentum) {
    return switch (this) {
      case ADAM -> new Adam(size, learningRate);
      case SGD -> new SgdMomentum(size, learningRate, momentum);
    };
  }

  /** Parses {@code adam} or {@code sgd} (case-insensitive). */
  public static OptimizerKind parse(String name) {
    for (OptimizerKind k : values()) {
      if (k.name().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("optimizer must be one of adam, sgd, got '" + name + "'");
  }

  /** The lower-case name used on the command line and in configuration files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
