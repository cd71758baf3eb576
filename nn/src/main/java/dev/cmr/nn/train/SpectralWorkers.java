package dev.cmr.nn.train;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.Mlp;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-layer CMR work for all weight matrices of an {@link Mlp}, spread over a small fixed
 * pool of threads.
 *
 * <p>Each of the {@code threads} task slots owns one {@link CmrRegularizer} (they are not
 * thread-safe) and pulls layer indices from a shared counter; the result of layer {@code l}
 * goes to its own buffer, so the outcome does not depend on which thread did which layer.
 * {@link #startGradients} returns at once, so the caller can back-propagate the task loss
 * while the spectral gradients are computed; {@link #awaitGradients} joins. The model's
 * parameters must not change between the two calls.
 *
 * <p>The per-layer work is {@code gradientJob} (value and gradient of one layer) and
 * {@code analyzeJob} (its spectrum); how a layer's gradient is computed is chosen once, by
 * the {@link CmrRegularizer.Products} mode of the per-slot regularizers. Layers are handed out
 * in index order, which puts the largest ({@code 784 -> 256}) first in the kappa-stress
 * network. No state survives from one call to the next, so results depend only on the
 * weights (and resumed runs stay bit-identical without anything in the checkpoint).
 */
public final class SpectralWorkers implements AutoCloseable {
  private final int layers;
  private final int[] rows;
  private final int[] cols;
  private final int threads;
  private final CmrRegularizer[] regularizers;
  private final ExecutorService pool;
  private final Future<?>[] pending;
  private final AtomicInteger nextLayer = new AtomicInteger();
  private final float[][] weights;
  private final float[][] gradients;
  private final double[] values;
  private final LayerSpectrum[] spectra;
  private Mlp source;
  private boolean started;

  /**
   * Workers for models shaped like {@code shape}, with the given CMR constants, on
   * {@code threads} threads ({@code 1} runs everything on the caller's thread), with
   * {@link CmrRegularizer.Products#FAST} products.
   */
  public SpectralWorkers(Mlp shape, CmrConfig config, int threads) {
    this(shape, config, threads, CmrRegularizer.Products.FAST);
  }

  /**
   * Workers as {@link #SpectralWorkers(Mlp, CmrConfig, int)}, forming products the given way.
   *
   * @param shape a model of the shape the workers will see
   * @param config the CMR constants
   * @param threads task slots, at least 1
   * @param products how each layer's products are formed
   * @throws IllegalArgumentException if {@code threads < 1} or {@code products} is null
   */
  public SpectralWorkers(Mlp shape, CmrConfig config, int threads,
      CmrRegularizer.Products products) {
    if (products == null) {
      throw new IllegalArgumentException("products must not be null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.layers = shape.layerCount();
    this.threads = Math.min(threads, layers);
    this.rows = new int[layers];
    this.cols = new int[layers];
    this.weights = new float[layers][];
    this.gradients = new float[layers][];
    for (int l = 0; l < layers; l++) {
      rows[l] = shape.outputs(l);
      cols[l] = shape.inputs(l);
      weights[l] = new float[rows[l] * cols[l]];
      gradients[l] = new float[rows[l] * cols[l]];
    }
    this.values = new double[layers];
    this.spectra = new LayerSpectrum[layers];
    this.regularizers = new CmrRegularizer[this.threads];
    for (int t = 0; t < this.threads; t++) {
      regularizers[t] = new CmrRegularizer(config, products);
    }
    this.pending = new Future<?>[this.threads];
    if (this.threads > 1) {
      AtomicInteger id = new AtomicInteger();
      pool = Executors.newFixedThreadPool(this.threads, r -> {
        Thread th = new Thread(r, "cmr-spectral-" + id.incrementAndGet());
        th.setDaemon(true);
        return th;
      });
    } else {
      pool = null;
    }
  }

  /** Number of task slots (threads) in use. */
  public int threads() {
    return threads;
  }

  /**
   * Starts computing {@code dR_l/dW_l} for every layer of {@code mlp} (same shape as the one
   * given to the constructor). Returns immediately when running on a pool.
   */
  public void startGradients(Mlp mlp) {
    if (started) {
      throw new IllegalStateException("startGradients called twice without awaitGradients");
    }
    checkShape(mlp);
    source = mlp;
    started = true;
    if (pool != null) {
      launch(true);
    }
  }

  /**
   * Waits for the gradients started by {@link #startGradients} and returns
   * {@code sum_l R(W_l)} (without {@code lambda}); then {@link #gradient(int)} holds each
   * layer's {@code dR_l/dW_l}.
   */
  public double awaitGradients() {
    if (!started) {
      throw new IllegalStateException("awaitGradients called before startGradients");
    }
    started = false;
    if (pool == null) {
      for (int l = 0; l < layers; l++) {
        gradientJob(0, l);
      }
    } else {
      join();
    }
    double total = 0.0;
    for (int l = 0; l < layers; l++) {
      total += values[l];
    }
    return total;
  }

  /** The latest {@code dR_l/dW_l} of layer {@code l} ({@code out x in}, row-major). */
  public float[] gradient(int l) {
    return gradients[l];
  }

  /** The latest {@code R(W_l)} of layer {@code l}. */
  public double value(int l) {
    return values[l];
  }

  /** Spectra of all layers of {@code mlp}, computed in parallel; input side first. */
  public LayerSpectrum[] analyze(Mlp mlp) {
    if (started) {
      throw new IllegalStateException("analyze called while gradients are in flight");
    }
    checkShape(mlp);
    source = mlp;
    if (pool == null) {
      for (int l = 0; l < layers; l++) {
        analyzeJob(0, l);
      }
    } else {
      launch(false);
      join();
    }
    return spectra.clone();
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void launch(boolean gradient) {
    nextLayer.set(0);
    for (int t = 0; t < threads; t++) {
      int slot = t;
      pending[t] = pool.submit(() -> {
        for (int l = nextLayer.getAndIncrement(); l < layers; l = nextLayer.getAndIncrement()) {
          if (gradient) {
            gradientJob(slot, l);
          } else {
            analyzeJob(slot, l);
          }
        }
      });
    }
  }

  private void join() {
    RuntimeException failure = null;
    boolean interrupted = false;
    for (int t = 0; t < threads; t++) {
      while (true) {
        try {
          pending[t].get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException re ? re
                : new IllegalStateException("spectral worker failed", e.getCause());
          }
          break;
        }
      }
      pending[t] = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void gradientJob(int slot, int l) {
    source.copyWeights(l, weights[l]);
    values[l] = regularizers[slot].valueAndGradient(weights[l], rows[l], cols[l],
        gradients[l]);
  }

  private void analyzeJob(int slot, int l) {
    source.copyWeights(l, weights[l]);
    spectra[l] = regularizers[slot].analyze(weights[l], rows[l], cols[l]);
  }

  private void checkShape(Mlp mlp) {
    boolean same = mlp.layerCount() == layers;
    for (int l = 0; same && l < layers; l++) {
      same = mlp.outputs(l) == rows[l] && mlp.inputs(l) == cols[l];
    }
    if (!same) {
      throw new IllegalArgumentException("model shape differs from the workers' shape");
    }
  }
}
