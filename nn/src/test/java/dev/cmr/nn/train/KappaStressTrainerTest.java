package dev.cmr.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrConfig;
import dev.cmr.nn.Mlp;
import dev.cmr.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KappaStressTrainerTest {
  private static final Dataset TRAIN = SyntheticData.make("train", 320, 4, 5, 4, 1, 2);
  private static final Dataset TEST = SyntheticData.make("test", 100, 4, 5, 4, 1, 3);

  private static KappaStressConfig.Builder small() {
    return KappaStressConfig.builder().widths(20, 16, 16, 12, 4).epochs(3).batchSize(32)
        .initGain(0.5).learningRate(3e-3).threads(2);
  }

  private static CmrConfig withLambda(double lambda) {
    CmrConfig d = CmrConfig.defaults();
    return new CmrConfig(d.eps(), d.maxOrder(), d.beta(), d.alphaEdge(), d.alphaMoment(),
        lambda, d.rho());
  }

  private static RunResult run(KappaStressConfig config, long seed) {
    try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
      return t.run(seed, new TrainingListener() {});
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void lambdaZeroIsBitIdenticalToVanillaUnderTheSameClipping(int warmup) {
    KappaStressConfig config = small().warmupEpochs(warmup).cmr(withLambda(0.0))
        .clip(0.5).cmrClip(0.5).build();
    RunResult r = run(config, 42);
    assertTrue(r.cmr().get(2).cmrActive(), "CMR path ran in the last epoch");
    assertEquals(1.0, r.cmr().get(2).meanGamma(), 0.0, "gamma is 1 when g_spec = 0");
    assertArrayEquals(r.vanillaParameters(), r.cmrParameters());
    Mlp initial = new Mlp(config.widths(), config.activation());
    initial.initialize(config.init(), config.initGain(), 42);
    assertFalse(Arrays.equals(initial.parameters(), r.cmrParameters()), "training moved");
    for (int e = 0; e < 3; e++) {
      assertEquals(r.vanilla().get(e).trainLoss(), r.cmr().get(e).trainLoss(), 0.0);
      assertEquals(r.vanilla().get(e).meanGradientNorm(), r.cmr().get(e).meanGradientNorm(),
          0.0);
    }
  }

  @Test
  void positiveLambdaChangesTheCmrArmOnlyAfterWarmup() {
    RunResult r = run(small().build(), 42);
    assertFalse(Arrays.equals(r.vanillaParameters(), r.cmrParameters()));
    EpochMetrics v1 = r.vanilla().get(0);
    EpochMetrics c1 = r.cmr().get(0);
    assertTrue(v1.shared() && c1.shared() && !c1.cmrActive());
    assertEquals(Arm.CMR, c1.arm());
    assertEquals(v1.testAccuracy(), c1.testAccuracy(), 0.0);
    assertEquals(v1.meanConditionNumber(), c1.meanConditionNumber(), 0.0);
    EpochMetrics c2 = r.cmr().get(1);
    assertTrue(c2.cmrActive() && !c2.shared());
    assertTrue(c2.meanGamma() > 0 && c2.meanGamma() <= 1, "gamma " + c2.meanGamma());
    // ||g_task + gamma g_spec|| <= (1 + rho) ||g_task|| step by step, hence on average
    double rho = CmrConfig.defaults().rho();
    assertTrue(c2.meanGradientNorm() <= (1 + rho) * c2.meanTaskGradientNorm() * (1 + 1e-6),
        c2.meanGradientNorm() + " vs " + c2.meanTaskGradientNorm());
    assertEquals(10, r.vanilla().get(2).steps());
    assertEquals(4, r.vanilla().get(2).layers().size());
  }

  @Test
  void sameSeedGivesIdenticalRunsWhateverTheThreadCount() {
    RunResult a = run(small().threads(1).build(), 7);
    RunResult b = run(small().threads(3).build(), 7);
    assertArrayEquals(a.vanillaParameters(), b.vanillaParameters());
    assertArrayEquals(a.cmrParameters(), b.cmrParameters());
    for (int e = 0; e < 3; e++) {
      assertEquals(a.cmr().get(e).trainLoss(), b.cmr().get(e).trainLoss(), 0.0);
      assertEquals(a.cmr().get(e).meanConditionNumber(), b.cmr().get(e).meanConditionNumber(),
          0.0);
    }
    RunResult c = run(small().threads(1).build(), 8);
    assertFalse(Arrays.equals(a.vanillaParameters(), c.vanillaParameters()));
  }

  @Test
  void listenerSeesEveryStepAndEpochInOrder() {
    List<String> events = new ArrayList<>();
    KappaStressConfig config = small().epochs(2).build();
    try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
      t.run(1, new TrainingListener() {
        @Override
        public void epochStarted(long seed, Arm arm, int epoch, int steps) {
          events.add("start " + arm.label() + " " + epoch + " " + steps);
        }

        @Override
        public void stepFinished(long seed, Arm arm, int epoch, int step, int steps,
            double meanLoss) {
          if (step == steps) {
            events.add("last " + arm.label() + " " + epoch);
          }
        }

        @Override
        public void epochFinished(EpochMetrics m) {
          events.add("end " + m.arm().label() + " " + m.epoch());
        }
      });
    }
    assertEquals(List.of("start vanilla 1 10", "last vanilla 1", "end vanilla 1", "end cmr 1",
        "start vanilla 2 10", "last vanilla 2", "end vanilla 2", "start cmr 2 10", "last cmr 2",
        "end cmr 2"), events);
  }

  @Test
  void limitsApplyAndLastBatchIsPartial() {
    KappaStressConfig config = small().epochs(1).trainLimit(70).testLimit(30).build();
    try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
      assertEquals(70, t.trainCount());
      assertEquals(30, t.testCount());
      assertEquals(3, t.stepsPerEpoch());
      RunResult r = t.run(3, new TrainingListener() {});
      assertEquals(3, r.vanilla().get(0).steps());
      double acc = r.vanilla().get(0).testAccuracy() * 30;
      assertEquals(Math.rint(acc), acc, 1e-9, "accuracy is a count over 30 images");
    }
  }

  @Test
  void rejectsDataThatDoesNotFitTheNetwork() {
    KappaStressConfig config = small().widths(21, 8, 4).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KappaStressTrainer(config, TRAIN, TEST));
    assertTrue(e.getMessage().contains("20 features"), e.getMessage());
    KappaStressConfig fewClasses = small().widths(20, 8, 3).build();
    assertThrows(IllegalArgumentException.class,
        () -> new KappaStressTrainer(fewClasses, TRAIN, TEST));
  }
}
