package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir Path tmp;

  @Test
  void anInterruptedRunBeforeItsFirstEpochSaysNothingWasKeptAndLeavesNoFolder()
      throws Exception {
    Path dir = tmp.resolve("runs/new");
    RunFolder folder = RunFolder.create(dir);
    assertEquals("interrupted before the first epoch completed; nothing was kept",
        folder.interruptionMessage("kappa-stress"));
    folder.discardIfUncommitted();
    assertFalse(Files.exists(tmp.resolve("runs")));
  }

  @Test
  void anInterruptedRunAfterAnEpochNamesTheResumeCommand() throws Exception {
    Path dir = tmp.resolve("run");
    RunFolder folder = RunFolder.create(dir);
    folder.commit();
    String message = folder.interruptionMessage("train");
    assertTrue(message.endsWith("continue with: ./cmr train --resume " + dir), message);
    folder.discardIfUncommitted();
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void aResumedRunIsAlwaysResumable() {
    Path dir = tmp.resolve("old");
    String message = RunFolder.existing(dir).interruptionMessage("kappa-stress");
    assertTrue(message.contains("--resume " + dir), message);
  }
}
