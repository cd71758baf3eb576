package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
  void aResumedRunIsAlwaysResumable() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    RunFolder folder = RunFolder.existing(dir);
    String message = folder.interruptionMessage("kappa-stress");
    assertTrue(message.contains("--resume " + dir), message);
    folder.release();
  }

  @Test
  void aSecondRunOnTheSameFolderIsRefusedWhileTheFirstHoldsIt() throws Exception {
    Path dir = tmp.resolve("shared");
    RunFolder first = RunFolder.create(dir);
    assertTrue(Files.exists(dir.resolve(RunFolder.LOCK_FILE)));
    IOException fresh = assertThrows(IOException.class, () -> RunFolder.create(dir));
    assertTrue(fresh.getMessage().contains("in use by another cmr run"), fresh.getMessage());
    IOException resumed = assertThrows(IOException.class, () -> RunFolder.existing(dir));
    assertTrue(resumed.getMessage().contains("in use by another cmr run"),
        resumed.getMessage());
    assertTrue(Files.isDirectory(dir), "the refused run removed the first run's folder");

    first.release();
    assertFalse(Files.exists(dir.resolve(RunFolder.LOCK_FILE)));
    RunFolder.existing(dir).release();
  }

  @Test
  void aNewRunRefusesAFolderAnotherRunFilledMeanwhile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("filled"));
    Files.writeString(dir.resolve("epochs.csv"), "arm,epoch\n");
    IOException e = assertThrows(IOException.class, () -> RunFolder.create(dir));
    assertTrue(e.getMessage().contains("filled by another cmr run"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("epochs.csv")));
    RunFolder.existing(dir).release();
  }
}
