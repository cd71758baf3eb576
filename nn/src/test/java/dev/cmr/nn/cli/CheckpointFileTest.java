package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.LayerMetrics;
import dev.cmr.nn.train.OptimizerKind;
import dev.cmr.nn.train.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
  private static final int[] WIDTHS = {3, 4, 2};
  private static final String CONFIG = "{\"command\": \"train\", \"widths\": [3, 4, 2]}\n";

  @TempDir
  Path tmp;

  /** A state of the 3-4-2 network with random parameters, Adam moments and one epoch. */
  static TrainingState state(long seed) {
    int n = 3 * 4 + 4 + 4 * 2 + 2;
    SplittableRandom rng = new SplittableRandom(seed);
    float[] p = new float[n];
    float[] m = new float[n];
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = (float) rng.nextGaussian();
      m[i] = (float) rng.nextGaussian();
      v[i] = (float) rng.nextDouble();
    }
    Map<String, float[]> adam = new LinkedHashMap<>();
    adam.put("adam_m", m);
    adam.put("adam_v", v);
    LayerSpectrum s = new LayerSpectrum(4, 3, 1.5, 0.5, 3.0, 0.9,
        new double[] {1, 0.1, -0.2, 0.3, Double.NaN, 0.5}, 0.25, 0.925);
    EpochMetrics e = new EpochMetrics(seed, Arm.CMR, 1, false, 7, 2.25, 0.5, 3.0, 1.25, 1.0,
        0.0, 1.5, 0.125, 17.5, false, false, List.of(new LayerMetrics(0, s, 0.75)));
    return new TrainingState(seed, 1, null,
        new TrainingState.ArmSnapshot(p, OptimizerKind.ADAM, 7, adam), List.of(), List.of(e));
  }

  private Path written() throws IOException {
    Path file = tmp.resolve("checkpoint.zip");
    CheckpointFile.write(file, "train", CONFIG, state(3), 0xabcdef12L);
    return file;
  }

  @Test
  void roundTripKeepsEveryValue() throws IOException {
    Path file = written();
    CheckpointFile.Contents c = CheckpointFile.read(file);
    assertEquals("train", c.command());
    assertEquals(Main.version(), c.engineVersion());
    assertEquals(0xabcdef12L, c.fingerprint());
    assertEquals(List.of(3, 4, 2), java.util.Arrays.stream(c.widths()).boxed().toList());
    TrainingState expected = state(3);
    assertEquals(expected.cmr(), c.state().cmr());
    assertEquals(null, c.state().vanilla());
    assertEquals(expected.cmrHistory(), c.state().cmrHistory(),
        "metrics history, NaN moments included");
    assertFalse(Files.exists(tmp.resolve("checkpoint.zip.tmp")), "temporary file renamed");

    // a second write replaces the first atomically
    CheckpointFile.write(file, "train", CONFIG, state(4), 1);
    assertEquals(state(4).cmr(), CheckpointFile.read(file).state().cmr());

    Map<String, byte[]> entries = entries(file);
    assertEquals("manifest.json", List.copyOf(entries.keySet()).get(entries.size() - 1),
        "the manifest is written last");
    Map<?, ?> manifest = (Map<?, ?>) Json.parse(new String(entries.get("manifest.json"),
        StandardCharsets.UTF_8));
    assertEquals(1.0, manifest.get("format_version"));
    assertEquals(7.0, ((Map<?, ?>) ((Map<?, ?>) manifest.get("arms")).get("cmr")).get("step"));
    Map<?, ?> recorded = (Map<?, ?>) manifest.get("entries");
    assertEquals(CheckpointFile.sha256(entries.get("cmr/layer-01/weight")),
        ((Map<?, ?>) recorded.get("cmr/layer-01/weight")).get("sha256"));
    assertTrue(entries.containsKey("cmr/optimizer/adam_v"));
  }

  @Test
  void refusesAnotherFormatVersion() throws IOException {
    Path file = written();
    rewrite(file, e -> e.put("manifest.json", text(e.get("manifest.json"))
        .replace("\"format_version\": 1", "\"format_version\": 2")
        .getBytes(StandardCharsets.UTF_8)));
    IOException x = assertThrows(IOException.class, () -> CheckpointFile.read(file));
    assertTrue(x.getMessage().contains("format version 2 is not supported")
        && x.getMessage().contains("reads version 1"), x.getMessage());
    assertTrue(x.getMessage().startsWith("checkpoint " + file), x.getMessage());
  }

  @Test
  void refusesABadChecksum() throws IOException {
    Path file = written();
    flipByteIn(file, "cmr/layer-00/bias");
    IOException x = assertThrows(IOException.class, () -> CheckpointFile.read(file));
    assertTrue(x.getMessage().contains("checksum mismatch in entry cmr/layer-00/bias"),
        x.getMessage());
  }

  @Test
  void refusesAShapeThatDoesNotMatch() throws IOException {
    // the configuration says 3-5-2, the tensors are 3-4-2; checksums made consistent
    Path file = written();
    rewrite(file, e -> {
      byte[] config = CONFIG.replace("[3, 4, 2]", "[3, 5, 2]").getBytes(StandardCharsets.UTF_8);
      String manifest = text(e.get("manifest.json")).replace(
          CheckpointFile.sha256(e.get("config.json")), CheckpointFile.sha256(config));
      e.put("config.json", config);
      e.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    });
    IOException x = assertThrows(IOException.class, () -> CheckpointFile.read(file));
    assertTrue(x.getMessage().contains("shape mismatch: tensor cmr/layer-00/weight is [4, 3]")
        && x.getMessage().contains("need [5, 3]"), x.getMessage());

    // a declared shape whose data is too short
    Path other = tmp.resolve("other.zip");
    CheckpointFile.write(other, "train", CONFIG, state(3), 1);
    rewrite(other, e -> {
      byte[] bias = new byte[12];
      String manifest = text(e.get("manifest.json")).replace(
          CheckpointFile.sha256(e.get("cmr/layer-00/bias")), CheckpointFile.sha256(bias));
      e.put("cmr/layer-00/bias", bias);
      e.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    });
    IOException y = assertThrows(IOException.class, () -> CheckpointFile.read(other));
    assertTrue(y.getMessage().contains("shape mismatch: tensor cmr/layer-00/bias holds 12"
        + " bytes, its shape [4] needs 16"), y.getMessage());
  }

  @Test
  void refusesWhatIsNotACheckpoint() throws IOException {
    Path garbage = Files.write(tmp.resolve("garbage.zip"), new byte[] {1, 2, 3, 4, 5});
    IOException x = assertThrows(IOException.class, () -> CheckpointFile.read(garbage));
    assertTrue(x.getMessage().contains("does not start with a zip header"), x.getMessage());
    Path file = written();
    byte[] all = Files.readAllBytes(file);
    byte[] flipped = all.clone();
    flipped[0] ^= 0x01;
    Path damaged = Files.write(tmp.resolve("damaged.zip"), flipped);
    IOException d = assertThrows(IOException.class, () -> CheckpointFile.read(damaged));
    assertTrue(d.getMessage().contains("the file is damaged or is not a checkpoint"),
        d.getMessage());
    Path truncated = Files.write(tmp.resolve("truncated.zip"),
        java.util.Arrays.copyOf(all, all.length / 2));
    IOException t = assertThrows(IOException.class, () -> CheckpointFile.read(truncated));
    assertTrue(t.getMessage().startsWith("checkpoint " + truncated), t.getMessage());
    IOException none = assertThrows(IOException.class,
        () -> CheckpointFile.read(tmp.resolve("none.zip")));
    assertTrue(none.getMessage().contains("no such file"), none.getMessage());
  }

  // ---------------------------------------------------------------------------------------
  // zip surgery for tests

  static Map<String, byte[]> entries(Path zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        z.transferTo(out);
        entries.put(e.getName(), out.toByteArray());
      }
    }
    return entries;
  }

  /** Rewrites a zip after {@code edit} changed its entries (a valid zip again). */
  static void rewrite(Path zip, Consumer<Map<String, byte[]>> edit) throws IOException {
    Map<String, byte[]> entries = entries(zip);
    edit.accept(entries);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
  }

  /** Flips one bit of {@code entry}'s data, leaving the manifest's checksum as it was. */
  static void flipByteIn(Path zip, String entry) throws IOException {
    rewrite(zip, e -> e.get(entry)[1] ^= 0x10);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
