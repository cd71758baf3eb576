package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoMessagesTest {
  @TempDir Path tmp;

  @Test
  void aMissingParentIsNamedWithoutTheExceptionClass() throws IOException {
    Path file = tmp.resolve("regular");
    Files.writeString(file, "x");
    IOException e = assertThrows(IOException.class,
        () -> RunFolder.create(file.resolve("run")));
    assertTrue(e.getMessage().startsWith("cannot create the run folder " + file.resolve("run")
        + " ("), e.getMessage());
    assertTrue(!e.getMessage().contains("java.nio"), e.getMessage());
  }

  @Test
  void eachKindOfFailureReadsAsASentence() {
    assertEquals("/a: permission denied",
        IoMessages.describe(new AccessDeniedException("/a")));
    assertEquals("/b: Read-only file system",
        IoMessages.describe(new FileSystemException("/b", null, "Read-only file system")));
    assertEquals("disk full", IoMessages.describe(new IOException("disk full")));
  }

  @Test
  void anIntegerOptionBeyondIntRangeSaysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Options.integer(Map.of("epochs", "99999999999"), "epochs"));
    assertEquals("--epochs must be at most 2147483647 in magnitude, got 99999999999",
        e.getMessage());
    assertEquals(7, Options.integer(Map.of("epochs", " 7 "), "epochs"));
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> Options.integer(Map.of("epochs", "five"), "epochs"));
    assertEquals("--epochs expects an integer, got 'five'", text.getMessage());
  }

  @Test
  void anOptionWithoutItsValueIsNamedRatherThanTheNextArgument() {
    var options = TrainingCommand.options(TrainingCommand.Kind.KAPPA_STRESS);
    UsageException e = assertThrows(UsageException.class,
        () -> Options.parse(new String[] {"--epochs", "--out", "x"}, options, 0));
    assertEquals("option --epochs needs a value (N), got the option '--out'; write"
        + " --epochs=VALUE for a value that starts with --", e.getMessage());
  }

  @Test
  void aMissingConfigFileIsReportedAsMissing() throws Exception {
    Path missing = tmp.resolve("nope.json");
    Options o = Options.parse(new String[0],
        TrainingCommand.options(TrainingCommand.Kind.KAPPA_STRESS), 0);
    UsageException e = assertThrows(UsageException.class,
        () -> o.readConfig(missing, java.util.List.of()));
    assertEquals("--config cannot be read (" + missing + ": no such file or folder)",
        e.getMessage());
  }
}
