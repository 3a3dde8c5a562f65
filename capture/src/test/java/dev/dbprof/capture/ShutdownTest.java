package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown hook, in a separate JVM that exits without flushing. */
class ShutdownTest {

  @TempDir
  Path dir;

  private record Result(int exit, String stdout, String stderr) {
  }

  private Result runChild(Path out, int statements) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        "-Ddbprof.out=" + out, "-Ddbprof.params=raw", ShutdownChild.class.getName(),
        Integer.toString(statements)));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  @Test
  void everythingQueuedIsWrittenAtExit() throws Exception {
    Path out = dir.resolve("exit.jsonl");
    Result r = runChild(out, 5_000);
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("done");
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.ofType("stmt")).hasSize(5_000);
    assertThat(file.droppedCount()).isZero();
    assertThat(file.lines().get(0).get("pid")).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(file.ofType("stmt").get(4_999).get("params")).isEqualTo(List.of("4999"));
  }

  @Test
  void anUnwritableFileIsReportedOnceOnStderrAtExit() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    Result r = runChild(blocker.resolve("capture.jsonl"), 300);
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("done");
    List<String> lines = r.stderr().lines().filter(l -> l.startsWith("dbprof:")).toList();
    assertThat(lines).singleElement().satisfies(l -> assertThat(l)
        .contains("could not write capture file", "301 events dropped"));
  }

  /**
   * A capture file that is a FIFO nobody opens for reading: opening it blocks the writer thread
   * for ever. The application must still exit at once after its work (the shutdown hook gives up
   * on a writer without progress after CaptureWriter.STALL_MS), and say what was lost.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void aFifoNobodyReadsDoesNotHoldUpTheExitAndTheDropIsReported() throws Exception {
    Path fifo = dir.resolve("capture.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "-Ddbprof.out=" + fifo, ShutdownChild.class.getName(), "300")
        .redirectError(stderr.toFile()).start();
    long doneAt;
    try (java.io.BufferedReader out = new java.io.BufferedReader(
        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("done");
      doneAt = System.nanoTime();
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    }
    long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - doneAt);

    assertThat(p.exitValue()).isZero();
    // from the application's last statement to its exit: the stall bound plus JVM teardown
    // (before: the 10 s join of the shutdown hook, and nothing said)
    assertThat(exitMillis).isLessThan(5_000);
    List<String> lines = Files.readString(stderr, StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("dbprof:")).toList();
    assertThat(lines).singleElement().satisfies(l -> assertThat(l)
        .contains(fifo.toString(), "blocked every write", "301 events dropped"));
  }
}
