package dev.cmr.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.nn.data.DataException;
import dev.cmr.nn.data.Mnist;
import dev.cmr.nn.data.MnistData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A reduced kappa-stress run on real MNIST (6,000 training and 1,000 test images, two
 * epochs, CMR in epoch 2): the published network, initialization and constants, fewer
 * steps. Obtains MNIST through the default cache (downloading it on first use), and fails
 * when it cannot: the README's test command promises this run on real data.
 */
class KappaStressIntegrationTest {

  @Test
  void cmrKeepsLayersBetterConditionedThanVanilla() throws DataException {
    Path dir = Mnist.ensureCached(Mnist.defaultCacheDir(), message -> { });
    MnistData data = Mnist.load(dir);
    KappaStressConfig config = KappaStressConfig.builder().epochs(2).trainLimit(6000)
        .testLimit(1000).build();
    RunResult r;
    try (KappaStressTrainer trainer = new KappaStressTrainer(config, data.train(),
        data.test())) {
      assertEquals(47, trainer.stepsPerEpoch());
      r = trainer.run(42, new TrainingListener() { });
    }
    EpochMetrics vanilla = r.last(Arm.VANILLA);
    EpochMetrics cmr = r.last(Arm.CMR);
    assertEquals(2, vanilla.epoch());
    assertTrue(cmr.cmrActive());
    assertTrue(cmr.meanConditionNumber() < vanilla.meanConditionNumber(),
        "mean kappa: CMR " + cmr.meanConditionNumber() + " vs vanilla "
            + vanilla.meanConditionNumber());
    assertTrue(Double.isFinite(cmr.trainLoss()) && !cmr.diverged(), "CMR arm stayed finite");
    assertTrue(cmr.meanGamma() > 0 && cmr.meanGamma() <= 1, "gamma " + cmr.meanGamma());
  }
}
