package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.bench.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GemmOptionsTest {
  private static GemmOptions parse(String... args) throws UsageException {
    return GemmOptions.parse(List.of(args), 3);
  }

  @Test
  void defaultsCoverTheSquareAndMlpShapesInBothTypes() throws UsageException {
    GemmOptions o = parse();
    assertEquals(3, o.threads());
    assertEquals(List.of(GemmShape.parse("256"), GemmShape.parse("512"),
        GemmShape.parse("1024"), GemmShape.parse("2048"), GemmShape.parse("128x784x256"),
        GemmShape.parse("128x256x256"), GemmShape.parse("128x784x256:nt"),
        GemmShape.parse("256x128x784:tn"), GemmShape.parse("128x256x784"),
        GemmShape.parse("128x256x256:nt"), GemmShape.parse("256x128x256:tn")), o.sizes());
    assertEquals(List.of(Precision.FLOAT, Precision.DOUBLE), o.types());
    assertEquals(5, o.repeats());
    assertFalse(o.quick());
    assertNull(o.json());
    assertEquals("python3", o.python());
  }

  @Test
  void quickShortensSizesAndRepeatsButExplicitValuesWin() throws UsageException {
    GemmOptions quick = parse("--quick");
    assertTrue(quick.quick());
    assertTrue(quick.sizes().size() < GemmOptions.DEFAULT_SIZES.size());
    assertTrue(quick.repeats() < parse().repeats());
    GemmOptions explicit = parse("--quick", "--sizes", "8", "--repeats", "9");
    assertEquals(List.of(new GemmShape(8, 8, 8)), explicit.sizes());
    assertEquals(9, explicit.repeats());
    assertEquals(0, quick.settleMillis());
    assertTrue(parse().settleMillis() >= 150, "default pause outlasts OpenBLAS's polling");
    assertEquals(35, parse("--quick", "--settle-ms", "35").settleMillis());
    assertEquals(0, parse("--settle-ms=0").settleMillis());
  }

  @Test
  void sizesAcceptCommasSeveralArgumentsAndTheEqualsForm() throws UsageException {
    List<GemmShape> expected = List.of(new GemmShape(64, 64, 64), new GemmShape(2, 3, 4),
        new GemmShape(5, 5, 5));
    assertEquals(expected, parse("--sizes", "64,2x3x4,5").sizes());
    assertEquals(expected, parse("--sizes", "64", "2x3x4", "5", "--quick").sizes());
    assertEquals(expected, parse("--sizes=64,2X3X4,5").sizes());
    GemmShape s = parse("--sizes", "128x784x256").sizes().get(0);
    assertEquals(128, s.m());
    assertEquals(784, s.k());
    assertEquals(256, s.n());
  }

  @Test
  void everyOptionIsRead() throws UsageException {
    GemmOptions o = parse("--threads", "2", "--json", "out.json", "--types", "double",
        "--python=/opt/py/bin/python3", "--seed", "-5", "--repeats=4");
    assertEquals(2, o.threads());
    assertEquals(Path.of("out.json"), o.json());
    assertEquals(List.of(Precision.DOUBLE), o.types());
    assertEquals("/opt/py/bin/python3", o.python());
    assertEquals(-5, o.seed());
    assertEquals(4, o.repeats());
    assertTrue(parse("--help").help());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--threads 0|--threads", "--threads x|'x'", "--repeats -1|--repeats",
      "--sizes 12x3|12x3", "--sizes 0|0", "--sizes 8,,9|separated", "--types half|half",
      "--frobnicate|unknown option '--frobnicate'", "stray|unexpected argument 'stray'",
      "--json|--json expects a value", "--quick=yes|takes no value", "--seed 1.5|--seed",
      "--sizes 40000|40000", "--settle-ms -1|--settle-ms", "--settle-ms 20000|20000"})
  void badArgumentsNameTheArgumentAndTheValue(String spec) {
    String[] parts = spec.split("\\|");
    UsageException e = assertThrows(UsageException.class,
        () -> GemmOptions.parse(List.of(parts[0].split(" ")), 2));
    assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
  }

  @Test
  void theCommandTurnsUsageErrorsIntoExitCodeTwoAndOneLine() {
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    GemmCommand command = new GemmCommand(o -> {
      throw new AssertionError("no contender may be built for a usage error");
    });
    assertEquals(2, command.run(List.of("--threads", "zero"), out, err));
    String message = errBytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("cmr bench gemm: --threads"), message);
    errBytes.reset();
    assertEquals(2, command.run(List.of("--json", "/no/such/folder/cmr/x.json"), out, err));
    assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("does not exist"));
    assertEquals(0, command.run(List.of("--help"), out, err));
    assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("usage: cmr bench gemm"));
  }

  @Test
  void shapesRoundTripAndCountFlops() {
    GemmShape s = GemmShape.parse("128x784x256");
    assertEquals(s, GemmShape.parse(s.toString()));
    assertEquals(2.0 * 128 * 784 * 256, s.flops());
    assertThrows(IllegalArgumentException.class, () -> new GemmShape(0, 1, 1));
    assertEquals("nn", s.op());
  }

  @Test
  void shapesCarryTheirTransposes() {
    GemmShape nt = GemmShape.parse("128x784x256:NT");
    assertEquals(new GemmShape(128, 784, 256, false, true), nt);
    assertEquals("128x784x256:nt", nt.toString());
    assertEquals(nt, GemmShape.parse(nt.toString()));
    GemmShape tn = GemmShape.parse("64:tn");
    assertTrue(tn.transA());
    assertFalse(tn.transB());
    assertEquals(GemmShape.parse("5x6x7"), GemmShape.parse("5x6x7:nn"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GemmShape.parse("5x6x7:xt"));
    assertTrue(e.getMessage().contains("got 'xt' in '5x6x7:xt'"), e.getMessage());
  }
}
