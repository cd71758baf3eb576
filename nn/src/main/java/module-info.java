/**
 * A minimal multilayer-perceptron trainer on plain {@code float[]} arrays, and MNIST data.
 *
 * <p>Exported: {@link dev.cmr.nn} (the network, activations, initializations, the softmax
 * cross-entropy loss and the optimizers) and {@link dev.cmr.nn.data} (MNIST and Fashion-MNIST
 * loading). The kappa-stress experiment ({@code dev.cmr.nn.train}) and the {@code cmr}
 * command-line tool ({@code dev.cmr.nn.cli}) are not exported: run them through {@code ./cmr}.
 * CMR itself is in module {@code dev.cmr.engine}.
 */
module dev.cmr.nn {
  requires dev.cmr.engine;
  requires dev.cmr.kernels;
  requires java.logging;
  requires jdk.incubator.vector;

  exports dev.cmr.nn;
  exports dev.cmr.nn.data;
}
