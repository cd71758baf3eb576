package dev.cmr.nn.cli;

import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.LayerMetrics;
import dev.cmr.nn.train.OptimizerKind;
import dev.cmr.nn.train.TrainingState;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Checkpoints: a versioned zip holding everything a run needs to continue bit-identically.
 *
 * <p>Entries: {@code config.json} (the effective configuration, as in the run folder),
 * {@code history.json} (every epoch's metrics so far, per arm), and per trained arm
 * {@code <arm>/layer-NN/weight} ({@code out x in}), {@code <arm>/layer-NN/bias}
 * ({@code out}) and {@code <arm>/optimizer/<name>} (one value per parameter), each raw
 * little-endian float32. {@code manifest.json}, written last, records the format and its
 * version, the engine version, the command, seed, epoch and per-arm optimizer step, the
 * shape of every tensor, the data fingerprint, and the SHA-256 and size of every other
 * entry. Java serialization is never used.
 *
 * <p>Writing is atomic: a temporary file in the same folder, flushed and forced to disk, then
 * renamed over the old checkpoint, so a crash leaves either the old or the new one. Reading
 * refuses, with a message saying which, a file that is not a zip, another format or format
 * version, an entry whose SHA-256 differs from the manifest, or a tensor whose shape does not
 * match its data or the configuration's widths.
 */
final class CheckpointFile {
  /** The manifest's {@code format} value. */
  static final String FORMAT = "cmr-checkpoint";
  /** The format version this build writes and reads. */
  static final int FORMAT_VERSION = 1;
  static final String MANIFEST = "manifest.json";
  static final String CONFIG = "config.json";
  static final String HISTORY = "history.json";
  /** The file of a single-seed run. */
  static final String SINGLE = "checkpoint.zip";
  private static final Pattern SEEDED = Pattern.compile("checkpoint-seed(-?\\d+)\\.zip");

  /** A checkpoint that cannot be used; the message names the file and the reason. */
  static final class CheckpointException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    CheckpointException(Path file, String problem) {
      super("checkpoint " + file + ": " + problem);
    }
  }

  /**
   * A checkpoint as read.
   *
   * @param file where it was read from
   * @param engineVersion the version of the tool that wrote it
   * @param command the subcommand that wrote it
   * @param config the parsed {@code config.json}
   * @param state the training state
   * @param fingerprint the fingerprint of the training and test data
   */
  record Contents(Path file, String engineVersion, String command, Map<?, ?> config,
      TrainingState state, long fingerprint) {

    /** The layer widths of the configuration. */
    int[] widths() {
      return widthsOf(config);
    }
  }

  private CheckpointFile() {}

  /** The checkpoint file name of {@code seed} in a run of {@code seeds} seeds. */
  static String fileName(long seed, int seeds) {
    return seeds == 1 ? SINGLE : "checkpoint-seed" + seed + ".zip";
  }

  /** The checkpoints in {@code dir}: {@code checkpoint.zip}, else the per-seed ones by seed. */
  static List<Path> find(Path dir) throws IOException {
    Path single = dir.resolve(SINGLE);
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> SEEDED.matcher(p.getFileName().toString()).matches()).forEach(found::add);
    }
    found.sort((a, b) -> Long.compare(seedOf(a), seedOf(b)));
    return found;
  }

  private static long seedOf(Path p) {
    Matcher m = SEEDED.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  // ---------------------------------------------------------------------------------------
  // writing

  /**
   * Writes {@code state} atomically to {@code file}.
   *
   * @param command the subcommand writing it
   * @param configJson the run's {@code config.json} text (must hold {@code widths})
   * @param fingerprint the data fingerprint
   */
  static void write(Path file, String command, String configJson, TrainingState state,
      long fingerprint) throws IOException {
    int[] widths = widthsOf((Map<?, ?>) Json.parse(configJson));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(CONFIG, configJson.getBytes(StandardCharsets.UTF_8));
    entries.put(HISTORY, historyJson(state).getBytes(StandardCharsets.UTF_8));
    Map<String, int[]> tensors = new LinkedHashMap<>();
    for (Arm arm : Arm.values()) {
      TrainingState.ArmSnapshot s = state.arm(arm);
      if (s == null) {
        continue;
      }
      float[] p = s.parameters();
      int offset = 0;
      for (int l = 0; l + 1 < widths.length; l++) {
        int out = widths[l + 1];
        int in = widths[l];
        offset = tensor(entries, tensors, layerName(arm, l, "weight"), p, offset, out, in);
        offset = tensor(entries, tensors, layerName(arm, l, "bias"), p, offset, out);
      }
      for (Map.Entry<String, float[]> e : s.optimizerState().entrySet()) {
        float[] a = e.getValue();
        tensor(entries, tensors, arm.label() + "/optimizer/" + e.getKey(), a, 0, a.length);
      }
    }

    Json.Writer m = new Json.Writer(true).beginObject()
        .member("format", FORMAT).member("format_version", FORMAT_VERSION)
        .member("engine_version", Main.version()).member("command", command)
        .member("created", Instant.now().toString()).member("seed", state.seed())
        .member("epoch", state.epoch())
        .member("data_fingerprint", Long.toHexString(fingerprint))
        .member("byte_order", "little-endian").member("dtype", "float32");
    m.name("arms").beginObject();
    for (Arm arm : Arm.values()) {
      TrainingState.ArmSnapshot s = state.arm(arm);
      if (s != null) {
        m.name(arm.label()).beginObject().member("optimizer", s.optimizer().label())
            .member("step", s.steps()).endObject();
      }
    }
    m.endObject();
    m.name("tensors").beginArray();
    for (Map.Entry<String, int[]> t : tensors.entrySet()) {
      m.beginObject().member("name", t.getKey()).name("shape").beginArray();
      for (int d : t.getValue()) {
        m.value(d);
      }
      m.endArray().endObject();
    }
    m.endArray();
    m.name("entries").beginObject();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      m.name(e.getKey()).beginObject().member("sha256", sha256(e.getValue()))
          .member("bytes", e.getValue().length).endObject();
    }
    m.endObject().endObject();
    entries.put(MANIFEST, (m + "\n").getBytes(StandardCharsets.UTF_8));
    writeZipAtomically(file, entries);
  }

  private static String layerName(Arm arm, int layer, String part) {
    return String.format(Locale.ROOT, "%s/layer-%02d/%s", arm.label(), layer, part);
  }

  /** Adds {@code shape}'s worth of floats from {@code a} at {@code offset}; returns the end. */
  private static int tensor(Map<String, byte[]> entries, Map<String, int[]> tensors,
      String name, float[] a, int offset, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(a, offset, n);
    entries.put(name, buf.array());
    tensors.put(name, shape);
    return offset + n;
  }

  private static void writeZipAtomically(Path file, Map<String, byte[]> entries)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      ZipOutputStream zip = new ZipOutputStream(raw);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] data = e.getValue();
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTime(0L);
        if (e.getKey().endsWith(".json")) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          // float data barely compresses; storing keeps the per-epoch write fast
          CRC32 crc = new CRC32();
          crc.update(data);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(data.length);
          entry.setCompressedSize(data.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
      zip.finish();
      zip.flush();
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    RunFiles.syncFolder(file.toAbsolutePath().getParent());
  }

  // ---------------------------------------------------------------------------------------
  // reading

  /**
   * A zip archive starts with a local file header, {@code PK\3\4}; without it the zip reader
   * would see an empty archive and the file would be taken for another format.
   */
  private static void checkZipSignature(Path file) throws IOException {
    byte[] head = new byte[4];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read < head.length || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
      throw new CheckpointException(file, "does not start with a zip header; the file is"
          + " damaged or is not a checkpoint");
    }
  }

  /**
   * Reads and verifies a checkpoint.
   *
   * @throws CheckpointException if the file is not a readable zip, is another format or
   *     format version, fails a checksum, or holds a tensor of the wrong shape
   */
  static Contents read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(file, "no such file");
    }
    checkZipSignature(file);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), readAll(zip));
      }
    } catch (ZipException | EOFException e) {
      throw new CheckpointException(file, "not a readable zip archive (" + e.getMessage()
          + "); the file is damaged or truncated");
    }
    byte[] manifestBytes = entries.get(MANIFEST);
    if (manifestBytes == null) {
      throw new CheckpointException(file, "no " + MANIFEST + "; not a cmr checkpoint");
    }
    Map<?, ?> manifest = object(file, MANIFEST, manifestBytes);

    // format and version first: nothing else can be trusted to mean the same otherwise
    if (!FORMAT.equals(manifest.get("format"))) {
      throw new CheckpointException(file, "format is '" + manifest.get("format")
          + "', expected '" + FORMAT + "'");
    }
    Object version = manifest.get("format_version");
    if (!(version instanceof Double v) || v != FORMAT_VERSION) {
      String found = version instanceof Double d ? Json.number(d) : String.valueOf(version);
      throw new CheckpointException(file, "format version " + found + " is not supported;"
          + " this build (cmr " + Main.version() + ") reads version " + FORMAT_VERSION);
    }

    // every payload entry against its recorded SHA-256
    Map<?, ?> recorded = map(file, manifest, "entries");
    for (Map.Entry<?, ?> e : recorded.entrySet()) {
      String name = (String) e.getKey();
      byte[] data = entries.get(name);
      if (data == null) {
        throw new CheckpointException(file, "entry " + name + " listed in the manifest is"
            + " missing");
      }
      Object expected = ((Map<?, ?>) e.getValue()).get("sha256");
      String actual = sha256(data);
      if (!actual.equals(expected)) {
        throw new CheckpointException(file, "checksum mismatch in entry " + name
            + ": manifest SHA-256 " + expected + ", actual " + actual
            + "; the file is corrupt");
      }
    }
    for (String name : entries.keySet()) {
      if (!name.equals(MANIFEST) && !recorded.containsKey(name)) {
        throw new CheckpointException(file, "entry " + name + " has no checksum in the"
            + " manifest");
      }
    }

    Map<?, ?> config = object(file, CONFIG, entries.get(CONFIG));
    int[] widths;
    try {
      widths = widthsOf(config);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, e.getMessage());
    }
    Map<String, int[]> shapes = shapes(file, manifest);
    Map<?, ?> arms = map(file, manifest, "arms");
    Map<?, ?> history = object(file, HISTORY, entries.get(HISTORY));
    long seed = (long) number(file, manifest, "seed");
    int epoch = (int) number(file, manifest, "epoch");
    TrainingState.ArmSnapshot[] snapshots = new TrainingState.ArmSnapshot[2];
    for (Arm arm : Arm.values()) {
      if (arms.get(arm.label()) instanceof Map<?, ?> a) {
        snapshots[arm.ordinal()] = arm(file, arm, a, widths, shapes, entries);
      }
    }
    TrainingState state;
    try {
      state = new TrainingState(seed, epoch, snapshots[0], snapshots[1],
          metrics(history, Arm.VANILLA, seed), metrics(history, Arm.CMR, seed));
    } catch (RuntimeException e) {
      throw new CheckpointException(file, "inconsistent contents: " + e.getMessage());
    }
    long fingerprint;
    try {
      fingerprint = Long.parseUnsignedLong(String.valueOf(manifest.get("data_fingerprint")), 16);
    } catch (NumberFormatException e) {
      throw new CheckpointException(file, "manifest data_fingerprint is not a hex number");
    }
    return new Contents(file, String.valueOf(manifest.get("engine_version")),
        String.valueOf(manifest.get("command")), config, state, fingerprint);
  }

  private static TrainingState.ArmSnapshot arm(Path file, Arm arm, Map<?, ?> meta,
      int[] widths, Map<String, int[]> shapes, Map<String, byte[]> entries)
      throws CheckpointException {
    int count = 0;
    for (int l = 0; l + 1 < widths.length; l++) {
      count += widths[l + 1] * widths[l] + widths[l + 1];
    }
    float[] p = new float[count];
    int offset = 0;
    for (int l = 0; l + 1 < widths.length; l++) {
      int out = widths[l + 1];
      int in = widths[l];
      offset = load(file, layerName(arm, l, "weight"), shapes, entries, p, offset, out, in);
      offset = load(file, layerName(arm, l, "bias"), shapes, entries, p, offset, out);
    }
    String prefix = arm.label() + "/layer-";
    for (String name : shapes.keySet()) {
      if (name.startsWith(prefix)) {
        int layer = Integer.parseInt(name.substring(prefix.length(), prefix.length() + 2));
        if (layer >= widths.length - 1) {
          throw new CheckpointException(file, "shape mismatch: tensor " + name + " is beyond"
              + " the configuration's " + (widths.length - 1) + " layers");
        }
      }
    }
    OptimizerKind kind;
    try {
      kind = OptimizerKind.parse(String.valueOf(meta.get("optimizer")));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, e.getMessage());
    }
    Map<String, float[]> state = new LinkedHashMap<>();
    String optPrefix = arm.label() + "/optimizer/";
    for (String name : shapes.keySet()) {
      if (name.startsWith(optPrefix)) {
        float[] a = new float[count];
        load(file, name, shapes, entries, a, 0, count);
        state.put(name.substring(optPrefix.length()), a);
      }
    }
    if (!(meta.get("step") instanceof Double step)) {
      throw new CheckpointException(file, "manifest lacks the " + arm.label() + " step");
    }
    try {
      return new TrainingState.ArmSnapshot(p, kind, (long) (double) step, state);
    } catch (RuntimeException e) {
      throw new CheckpointException(file, e.getMessage());
    }
  }

  /** Reads tensor {@code name} into {@code into} at {@code offset} after checking its shape. */
  private static int load(Path file, String name, Map<String, int[]> shapes,
      Map<String, byte[]> entries, float[] into, int offset, int... expected)
      throws CheckpointException {
    int[] shape = shapes.get(name);
    byte[] data = entries.get(name);
    if (shape == null || data == null) {
      throw new CheckpointException(file, "tensor " + name + " is missing");
    }
    if (!Arrays.equals(shape, expected)) {
      throw new CheckpointException(file, "shape mismatch: tensor " + name + " is "
          + Arrays.toString(shape) + " in the checkpoint, the configuration's widths need "
          + Arrays.toString(expected));
    }
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (data.length != 4 * n) {
      throw new CheckpointException(file, "shape mismatch: tensor " + name + " holds "
          + data.length + " bytes, its shape " + Arrays.toString(shape) + " needs " + 4 * n);
    }
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
        .get(into, offset, (int) n);
    return offset + (int) n;
  }

  private static Map<String, int[]> shapes(Path file, Map<?, ?> manifest)
      throws CheckpointException {
    if (!(manifest.get("tensors") instanceof List<?> list)) {
      throw new CheckpointException(file, "manifest lacks the tensor list");
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> t) || !(t.get("name") instanceof String name)
          || !(t.get("shape") instanceof List<?> dims)) {
        throw new CheckpointException(file, "manifest tensor entry " + o + " lacks name/shape");
      }
      int[] shape = new int[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!(dims.get(i) instanceof Double d) || d < 0 || d != Math.rint(d)) {
          throw new CheckpointException(file, "tensor " + name + " has a bad shape " + dims);
        }
        shape[i] = (int) (double) d;
      }
      shapes.put(name, shape);
    }
    return shapes;
  }

  static int[] widthsOf(Map<?, ?> config) {
    if (!(config.get("widths") instanceof List<?> list) || list.size() < 2) {
      throw new IllegalArgumentException("configuration lacks the layer widths");
    }
    int[] w = new int[list.size()];
    for (int i = 0; i < w.length; i++) {
      if (!(list.get(i) instanceof Double d) || d < 1 || d != Math.rint(d)) {
        throw new IllegalArgumentException("configuration widths must be positive integers,"
            + " got " + list);
      }
      w[i] = (int) (double) d;
    }
    return w;
  }

  private static Map<?, ?> object(Path file, String name, byte[] data)
      throws CheckpointException {
    if (data == null) {
      throw new CheckpointException(file, "entry " + name + " is missing");
    }
    try {
      if (Json.parse(new String(data, StandardCharsets.UTF_8)) instanceof Map<?, ?> m) {
        return m;
      }
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "entry " + name + ": " + e.getMessage());
    }
    throw new CheckpointException(file, "entry " + name + " is not a JSON object");
  }

  private static Map<?, ?> map(Path file, Map<?, ?> m, String key) throws CheckpointException {
    if (m.get(key) instanceof Map<?, ?> v) {
      return v;
    }
    throw new CheckpointException(file, "manifest lacks '" + key + "'");
  }

  private static double number(Path file, Map<?, ?> m, String key) throws CheckpointException {
    if (m.get(key) instanceof Double v) {
      return v;
    }
    throw new CheckpointException(file, "manifest lacks the number '" + key + "'");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // ---------------------------------------------------------------------------------------
  // metrics history

  static String historyJson(TrainingState state) {
    Json.Writer w = new Json.Writer(false).beginObject();
    for (Arm arm : Arm.values()) {
      w.name(arm.label()).beginArray();
      for (EpochMetrics m : state.history(arm)) {
        epochJson(w, m);
      }
      w.endArray();
    }
    return w.endObject().toString();
  }

  /** One epoch's metrics as a JSON object, per-layer spectra included. */
  static void epochJson(Json.Writer w, EpochMetrics m) {
    w.beginObject().member("epoch", m.epoch()).member("cmr_active", m.cmrActive())
        .member("steps", m.steps()).member("train_loss", m.trainLoss())
        .member("test_accuracy", m.testAccuracy())
        .member("mean_condition_number", m.meanConditionNumber())
        .member("mean_grad_norm", m.meanGradientNorm())
        .member("mean_task_grad_norm", m.meanTaskGradientNorm())
        .member("mean_gamma", m.meanGamma()).member("regularizer", m.regularizer())
        .member("seconds", m.seconds()).member("step_ms", m.meanStepMillis())
        .member("shared", m.shared()).member("diverged", m.diverged());
    w.name("layers").beginArray();
    for (LayerMetrics l : m.layers()) {
      LayerSpectrum s = l.spectrum();
      w.beginObject().member("layer", l.layer()).member("rows", s.rows())
          .member("cols", s.cols()).member("s_max", s.sMax()).member("s_min", s.sMin())
          .member("condition_number", s.conditionNumber()).member("edge_term", s.edgeTerm())
          .member("moment_penalty", s.momentPenalty()).member("regularizer", s.regularizer())
          .member("task_grad_norm", l.meanTaskGradientNorm());
      w.name("moments").beginArray();
      for (double v : s.moments()) {
        w.value(v);
      }
      w.endArray().endObject();
    }
    w.endArray().endObject();
  }

  private static List<EpochMetrics> metrics(Map<?, ?> history, Arm arm, long seed) {
    List<EpochMetrics> list = new ArrayList<>();
    if (!(history.get(arm.label()) instanceof List<?> epochs)) {
      throw new IllegalArgumentException("history lacks the " + arm.label() + " arm");
    }
    for (Object o : epochs) {
      Map<?, ?> e = (Map<?, ?>) o;
      List<LayerMetrics> layers = new ArrayList<>();
      for (Object lo : (List<?>) e.get("layers")) {
        Map<?, ?> l = (Map<?, ?>) lo;
        List<?> mom = (List<?>) l.get("moments");
        double[] moments = new double[mom.size()];
        for (int i = 0; i < moments.length; i++) {
          moments[i] = real(mom.get(i));
        }
        layers.add(new LayerMetrics(integer(l.get("layer")), new LayerSpectrum(
            integer(l.get("rows")), integer(l.get("cols")), real(l.get("s_max")),
            real(l.get("s_min")), real(l.get("condition_number")), real(l.get("edge_term")),
            moments, real(l.get("moment_penalty")), real(l.get("regularizer"))),
            real(l.get("task_grad_norm"))));
      }
      list.add(new EpochMetrics(seed, arm, integer(e.get("epoch")),
          Boolean.TRUE.equals(e.get("cmr_active")), integer(e.get("steps")),
          real(e.get("train_loss")), real(e.get("test_accuracy")),
          real(e.get("mean_condition_number")), real(e.get("mean_grad_norm")),
          real(e.get("mean_task_grad_norm")), real(e.get("mean_gamma")),
          real(e.get("regularizer")), real(e.get("seconds")), real(e.get("step_ms")),
          Boolean.TRUE.equals(e.get("shared")), Boolean.TRUE.equals(e.get("diverged")),
          layers));
    }
    return list;
  }

  private static double real(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  private static int integer(Object o) {
    if (!(o instanceof Double d)) {
      throw new IllegalArgumentException("expected a number, got " + o);
    }
    return (int) (double) d;
  }
}
