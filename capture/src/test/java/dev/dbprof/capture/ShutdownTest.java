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
}
