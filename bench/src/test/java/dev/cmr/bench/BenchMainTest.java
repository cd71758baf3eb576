package dev.cmr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  /** Records its arguments and returns a fixed code. */
  private static final class Recorder implements Subcommand {
    final List<String> seen = new ArrayList<>();

    @Override
    public String name() {
      return "train";
    }

    @Override
    public String summary() {
      return "a stand-in subcommand";
    }

    @Override
    public int run(List<String> args, PrintStream o, PrintStream e) {
      seen.addAll(args);
      return 7;
    }
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dispatchesToTheNamedSubcommandWithTheRemainingArguments() {
    Recorder recorder = new Recorder();
    BenchMain main = new BenchMain(List.of(recorder));
    assertEquals(7, main.run(List.of("train", "--epochs", "3"), out, err));
    assertEquals(List.of("--epochs", "3"), recorder.seen);
  }

  @Test
  void helpListsEverySubcommandOnStandardOutput() {
    assertEquals(0, BenchMain.standard().run(List.of("--help"), out, err));
    assertTrue(out().contains("gemm"), out());
    assertTrue(out().contains("usage: cmr bench"), out());
    assertEquals("", err());
  }

  @Test
  void noArgumentsIsAUsageErrorWithTheHelpOnStandardError() {
    assertEquals(2, BenchMain.standard().run(List.of(), out, err));
    assertTrue(err().contains("usage: cmr bench"), err());
    assertEquals("", out());
  }

  @Test
  void unknownSubcommandIsOneLineAndExitCodeTwo() {
    assertEquals(2, BenchMain.standard().run(List.of("frobnicate", "--x"), out, err));
    String message = err();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("unknown subcommand 'frobnicate'"), message);
    assertTrue(message.contains("gemm"), message);
    assertEquals("", out());
  }

  @Test
  void duplicateSubcommandNamesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BenchMain(List.of(new Recorder(), new Recorder())));
    assertTrue(e.getMessage().contains("train"), e.getMessage());
  }
}
