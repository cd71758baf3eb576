package dev.cmr.bench.runner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one {@code cmr bench gemm} run: settings, machine, FMA ceilings, contenders
 * and every case. {@link #toJson()} gives the JSON form.
 *
 * @param options the run's settings
 * @param reference the name of our contender, the one the others are checked and compared
 *     against
 * @param started when the run started
 * @param elapsedSeconds how long the whole run took
 * @param machine facts about the JVM and CPU
 * @param peaks the FMA ceilings, one per element type measured
 * @param contenders every contender, missing ones included, in column order
 * @param cases one per (type, shape), in the order measured
 */
public record GemmReport(GemmOptions options, String reference, Instant started,
    double elapsedSeconds, Map<String, String> machine, List<FmaPeak.Result> peaks,
    List<ContenderStatus> contenders, List<CaseResult> cases) {

  /** Copies the collections so the record stays immutable. */
  public GemmReport {
    machine = Map.copyOf(machine);
    peaks = List.copyOf(peaks);
    contenders = List.copyOf(contenders);
    cases = List.copyOf(cases);
  }

  /** Whether any available contender failed, disagreed with ours or went unverified. */
  public boolean failed() {
    for (CaseResult c : cases) {
      for (Measurement m : c.measurements()) {
        if (m.outcome() != Measurement.Outcome.OK && m.outcome() != Measurement.Outcome.MISSING) {
          return true;
        }
      }
    }
    return false;
  }

  /** The FMA ceiling for {@code precision}, or null when it was not measured. */
  public FmaPeak.Result peak(Precision precision) {
    for (FmaPeak.Result p : peaks) {
      if (p.precision() == precision) {
        return p;
      }
    }
    return null;
  }

  /**
   * Ours as a fraction of the FMA ceiling on one case: {@code GFLOP/s(ours) / peak}; NaN when
   * either is unknown.
   */
  public double fractionOfPeak(CaseResult result) {
    FmaPeak.Result peak = peak(result.precision());
    Measurement ours = result.of(reference);
    if (peak == null || ours == null || !ours.timed()) {
      return Double.NaN;
    }
    return ours.gflops(result.shape()) / peak.gflops();
  }

  /** The report as nested maps and lists, ready for {@link Json#write(Object)}. */
  public Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("benchmark", "gemm");
    root.put("format", 1);
    root.put("started", started.toString());
    root.put("elapsedSeconds", elapsedSeconds);
    root.put("ok", !failed());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("threads", options.threads());
    settings.put("quick", options.quick());
    settings.put("repeats", options.repeats());
    settings.put("warmupSamples", options.warmup());
    settings.put("warmupSeconds", options.warmupSeconds());
    settings.put("minSampleSeconds", options.minSampleSeconds());
    settings.put("settleMillis", options.settleMillis());
    settings.put("seed", options.seed());
    settings.put("statistic", "median of timed samples; GFLOP/s = 2*m*n*k / seconds / 1e9");
    settings.put("ratio", "reference GFLOP/s / peer GFLOP/s (above 1: reference faster)");
    settings.put("verification", "max|C - C_ref| / (k * max|A| * max|B|) <= 4 * k * u");
    root.put("settings", settings);
    root.put("machine", new TreeMap<>(machine));
    List<Object> peakList = new ArrayList<>();
    for (FmaPeak.Result p : peaks) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", p.precision().label());
      entry.put("threads", p.threads());
      entry.put("vectorBits", p.vectorBits());
      entry.put("gflops", p.gflops());
      peakList.add(entry);
    }
    root.put("fmaPeak", peakList);
    root.put("reference", reference);
    List<Object> contenderList = new ArrayList<>();
    for (ContenderStatus s : contenders) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", s.name());
      entry.put("status", s.available() ? "available" : "missing");
      entry.put(s.available() ? "description" : "reason", s.description());
      entry.put("facts", new TreeMap<>(s.facts()));
      contenderList.add(entry);
    }
    root.put("contenders", contenderList);
    List<Object> caseList = new ArrayList<>();
    for (CaseResult c : cases) {
      caseList.add(caseJson(c));
    }
    root.put("cases", caseList);
    return root;
  }

  private Map<String, Object> caseJson(CaseResult c) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("type", c.precision().label());
    entry.put("m", c.shape().m());
    entry.put("k", c.shape().k());
    entry.put("n", c.shape().n());
    entry.put("op", c.shape().op());
    entry.put("flops", c.shape().flops());
    entry.put("referenceFractionOfPeak", fractionOfPeak(c));
    List<Object> results = new ArrayList<>();
    for (Measurement m : c.measurements()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("contender", m.contender());
      r.put("status", m.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (!m.message().isEmpty()) {
        r.put(m.outcome() == Measurement.Outcome.MISSING ? "reason" : "message", m.message());
      }
      if (m.timed()) {
        r.put("gflops", m.gflops(c.shape()));
        r.put("medianSeconds", m.medianSeconds());
        r.put("callsPerSample", m.callsPerSample());
        List<Object> samples = new ArrayList<>();
        for (double s : m.samplesSeconds()) {
          samples.add(s);
        }
        r.put("samplesSeconds", samples);
      }
      if (m.verification() != null) {
        r.put("relativeError", m.verification().relativeError());
        r.put("errorBound", m.verification().bound());
      }
      if (!m.contender().equals(reference)) {
        r.put("referenceRatio", c.ratio(reference, m.contender()));
      }
      results.add(r);
    }
    entry.put("results", results);
    return entry;
  }
}
