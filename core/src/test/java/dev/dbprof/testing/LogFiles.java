package dev.dbprof.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits for a server's asynchronous log writer to catch up with what a test did. */
public final class LogFiles {

  private LogFiles() {}

  /** Waits until every condition holds for at least one line of {@code log}. */
  @SafeVarargs
  public static void awaitLines(Path log, Duration timeout, Predicate<String>... conditions)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Files.exists(log) && allHold(log, conditions)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("log " + log + " did not show the expected lines in " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private static boolean allHold(Path log, Predicate<String>[] conditions) throws IOException {
    var lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    for (Predicate<String> condition : conditions) {
      if (lines.stream().noneMatch(condition)) {
        return false;
      }
    }
    return true;
  }
}
