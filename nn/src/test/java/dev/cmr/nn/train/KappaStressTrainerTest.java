package dev.cmr.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.MatrixFreeOptions;
import dev.cmr.engine.SpectralMethod;
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

  /** Runs {@code config} from scratch, keeping every checkpointed state. */
  private static RunResult runKeepingStates(KappaStressConfig config, List<TrainingState> into) {
    try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
      return t.run(5, new TrainingListener() {
        @Override
        public void checkpoint(TrainingState state) {
          into.add(state);
        }
      });
    }
  }

  private static void assertSameRun(RunResult expected, RunResult actual) {
    assertArrayEquals(expected.vanillaParameters(), actual.vanillaParameters());
    assertArrayEquals(expected.cmrParameters(), actual.cmrParameters());
    for (Arm arm : Arm.values()) {
      assertEquals(expected.epochs(arm).size(), actual.epochs(arm).size(), arm.label());
      for (int e = 0; e < expected.epochs(arm).size(); e++) {
        EpochMetrics a = expected.epochs(arm).get(e);
        EpochMetrics b = actual.epochs(arm).get(e);
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0, arm.label() + " epoch " + (e + 1));
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
        assertEquals(a.meanConditionNumber(), b.meanConditionNumber(), 0.0);
        assertEquals(a.meanGradientNorm(), b.meanGradientNorm(), 0.0);
        assertEquals(a.meanGamma(), b.meanGamma(), 0.0);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"BOTH", "VANILLA", "CMR"})
  void resumingAfterAnyEpochIsBitIdentical(String which) {
    KappaStressConfig config = small().epochs(3).warmupEpochs(1).arms(Arms.valueOf(which))
        .build();
    List<TrainingState> states = new ArrayList<>();
    RunResult full = runKeepingStates(config, states);
    assertEquals(3, states.size(), "a state after every epoch");
    assertEquals(List.of(1, 2, 3), states.stream().map(TrainingState::epoch).toList());
    for (TrainingState s : states.subList(0, 2)) {
      try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
        assertSameRun(full, t.resume(s, new TrainingListener() { }));
      }
    }
    // with both arms the CMR arm exists only once forked after the warm-up epoch
    if (config.arms() == Arms.BOTH) {
      assertTrue(states.get(0).cmr() != null && states.get(0).vanilla() != null);
    } else {
      assertEquals(config.arms() == Arms.CMR, states.get(0).cmr() != null);
      assertEquals(config.arms() == Arms.VANILLA, states.get(0).vanilla() != null);
    }
  }

  @Test
  void matrixFreeRunsResumeBitIdenticallyWhateverTheThreadCount() {
    KappaStressConfig config = small().epochs(3).warmupEpochs(1).arms(Arms.CMR)
        .spectral(MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE)).build();
    List<TrainingState> states = new ArrayList<>();
    RunResult full = runKeepingStates(config, states);
    try (KappaStressTrainer t = new KappaStressTrainer(config, TRAIN, TEST)) {
      assertSameRun(full, t.resume(states.get(1), new TrainingListener() { }));
    }
    List<TrainingState> oneThread = new ArrayList<>();
    assertSameRun(full, runKeepingStates(config.toBuilder().threads(1).build(), oneThread));
    // the estimator is really in use: the exact path trains to different weights
    RunResult exact = runKeepingStates(config.toBuilder()
        .spectral(MatrixFreeOptions.defaults()).build(), new ArrayList<>());
    assertFalse(Arrays.equals(full.cmrParameters(), exact.cmrParameters()));
    assertTrue(full.cmr().get(2).meanConditionNumber() < full.cmr().get(0).meanConditionNumber()
        * 1.5);
  }

  @Test
  void aLoneArmTrainsExactlyAsItsSideOfTheComparison() {
    RunResult both = run(small().build(), 42);
    RunResult vanilla = run(small().arms(Arms.VANILLA).build(), 42);
    RunResult cmr = run(small().arms(Arms.CMR).build(), 42);
    assertArrayEquals(both.vanillaParameters(), vanilla.vanillaParameters());
    assertArrayEquals(both.cmrParameters(), cmr.cmrParameters());
    assertTrue(vanilla.cmr().isEmpty() && vanilla.cmrParameters() == null);
    assertTrue(cmr.vanilla().isEmpty() && cmr.vanillaParameters() == null);
    assertFalse(cmr.cmr().get(0).cmrActive(), "own warm-up epoch");
    assertFalse(cmr.cmr().get(0).shared(), "nothing to share with");
    assertTrue(cmr.cmr().get(1).cmrActive());
  }

  @Test
  void resumeRefusesAStateThatDoesNotFit() {
    KappaStressConfig config = small().epochs(2).build();
    List<TrainingState> states = new ArrayList<>();
    runKeepingStates(config, states);
    TrainingState last = states.get(1);
    try (KappaStressTrainer t = new KappaStressTrainer(small().epochs(1).build(), TRAIN,
        TEST)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.resume(last, new TrainingListener() { }));
      assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
    }
    try (KappaStressTrainer t = new KappaStressTrainer(small().widths(20, 8, 4).build(),
        TRAIN, TEST)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.resume(last, new TrainingListener() { }));
      assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }
    try (KappaStressTrainer t = new KappaStressTrainer(
        small().optimizer(OptimizerKind.SGD).build(), TRAIN, TEST)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.resume(last, new TrainingListener() { }));
      assertTrue(e.getMessage().contains("adam"), e.getMessage());
    }
    try (KappaStressTrainer t = new KappaStressTrainer(small().arms(Arms.VANILLA).build(),
        TRAIN, TEST)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.resume(last, new TrainingListener() { }));
      assertTrue(e.getMessage().contains("cmr arm"), e.getMessage());
    }
  }

  @Test
  void divergenceNamesStepLayerAndQuantityAndStopsTheRun() {
    // plain SGD without clipping at an absurd rate: the output layer's weights grow by
    // about lr per step until its logits overflow float
    KappaStressConfig config = small().arms(Arms.VANILLA).optimizer(OptimizerKind.SGD)
        .initGain(1).clip(0).learningRate(1e37).epochs(8).build();
    List<TrainingState> states = new ArrayList<>();
    RunResult r = runKeepingStates(config, states);
    Divergence d = r.divergence();
    assertTrue(r.diverged() && d != null, "diverged");
    assertEquals(Arm.VANILLA, d.arm());
    assertTrue(d.step() >= 1 && d.step() <= 10, "step " + d.step());
    assertEquals((d.epoch() - 1) * 10L + d.step(), d.globalStep());
    assertTrue(List.of("loss", "weights", "biases", "weight gradient", "bias gradient",
        "gradient norm").contains(d.quantity()), d.quantity());
    assertTrue(d.layer() >= -1 && d.layer() < 4, "layer " + d.layer());
    assertFalse(Double.isFinite(d.value()), "value " + d.value());
    String message = d.message();
    assertTrue(message.contains("epoch " + d.epoch() + ", step " + d.step()), message);
    assertTrue(message.contains(d.quantity()), message);
    // the growth is linear in the step, so this happens epochs after the first checkpoint
    assertTrue(d.epoch() >= 2, "diverged only at epoch " + d.epoch());
    // the run stopped in the diverged epoch, and no state was handed out for it
    assertEquals(d.epoch(), r.vanilla().size());
    assertTrue(r.last(Arm.VANILLA).diverged());
    assertEquals(d.epoch() - 1, states.size());
    for (TrainingState s : states) {
      for (float p : s.vanilla().parameters()) {
        assertTrue(Float.isFinite(p), "checkpointed parameters are finite");
      }
    }
  }
}
