package dev.cmr.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.Activation;
import dev.cmr.nn.Mlp;
import dev.cmr.nn.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpectralWorkersTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void matchesOneRegularizerPerLayer(int threads) {
    Mlp mlp = new Mlp(new int[] {12, 9, 9, 14, 5}, Activation.TANH);
    mlp.initialize(WeightInit.HE, 1.0, 3);
    CmrConfig config = CmrConfig.defaults();
    CmrRegularizer reference = new CmrRegularizer(config);
    try (SpectralWorkers workers = new SpectralWorkers(mlp, config, threads)) {
      workers.startGradients(mlp);
      double total = workers.awaitGradients();
      double expectedTotal = 0;
      LayerSpectrum[] spectra = workers.analyze(mlp);
      for (int l = 0; l < mlp.layerCount(); l++) {
        int rows = mlp.outputs(l);
        int cols = mlp.inputs(l);
        float[] w = new float[rows * cols];
        mlp.copyWeights(l, w);
        float[] g = new float[rows * cols];
        double value = reference.valueAndGradient(w, rows, cols, g);
        expectedTotal += value;
        assertEquals(value, workers.value(l), 0.0, "layer " + l);
        assertArrayEquals(g, workers.gradient(l), "layer " + l);
        LayerSpectrum s = reference.analyze(w, rows, cols);
        assertEquals(s.conditionNumber(), spectra[l].conditionNumber(), 0.0);
        assertEquals(rows, spectra[l].rows());
      }
      assertEquals(expectedTotal, total, 0.0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void usesTheRequestedProducts(int threads) {
    // 140 wide: the symmetric products split into block rows, the float path is taken
    Mlp mlp = new Mlp(new int[] {150, 140, 10}, Activation.TANH);
    mlp.initialize(WeightInit.HE, 1.0, 8);
    CmrConfig config = CmrConfig.defaults();
    CmrRegularizer reference = new CmrRegularizer(config, CmrRegularizer.Products.REFERENCE);
    try (SpectralWorkers workers = new SpectralWorkers(mlp, config, threads,
        CmrRegularizer.Products.REFERENCE)) {
      workers.startGradients(mlp);
      workers.awaitGradients();
      for (int l = 0; l < mlp.layerCount(); l++) {
        float[] w = new float[mlp.outputs(l) * mlp.inputs(l)];
        mlp.copyWeights(l, w);
        float[] g = new float[w.length];
        reference.valueAndGradient(w, mlp.outputs(l), mlp.inputs(l), g);
        assertArrayEquals(g, workers.gradient(l), "layer " + l);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpectralWorkers(mlp, config, threads, null));
    assertEquals("products must not be null", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void enforcesStartThenAwait(int threads) {
    Mlp mlp = new Mlp(new int[] {3, 3, 2}, Activation.TANH);
    try (SpectralWorkers workers = new SpectralWorkers(mlp, CmrConfig.defaults(), threads)) {
      assertThrows(IllegalStateException.class, workers::awaitGradients);
      Mlp other = new Mlp(new int[] {3, 4, 2}, Activation.TANH);
      assertThrows(IllegalArgumentException.class, () -> workers.startGradients(other));
    }
  }
}
