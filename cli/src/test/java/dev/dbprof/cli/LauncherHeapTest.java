package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by configuration, not by the input: {@code dbprof analyze} in the launcher's
 * heap ({@code -Xmx400m}, serial collector) reads a generated PostgreSQL log from stdin, larger than
 * that heap could hold as sessions or shapes, and ends normally; when memory does run out, it says
 * so in one sentence and exits 3.
 */
class LauncherHeapTest {

  private static final List<String> LAUNCHER_HEAP = List.of("-XX:+UseSerialGC", "-Xmx400m");

  @TempDir Path dir;

  /** One line of a PostgreSQL stderr log at {@code millis} after midnight (the log spans under a day). */
  private static void line(StringBuilder out, long millis, int pid, String message) {
    long s = millis / 1000;
    out.append("2026-11-24 ");
    two(out, s / 3600).append(':');
    two(out, s / 60 % 60).append(':');
    two(out, s % 60).append('.');
    long ms = millis % 1000;
    out.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    out.append(" UTC [").append(pid).append("] LOG:  ").append(message).append('\n');
  }

  private static StringBuilder two(StringBuilder out, long value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private interface Lines {
    /** Appends the lines of step {@code i} of the stream. */
    void step(StringBuilder out, int i);
  }

  private record Run(int exit, String stdout, String stderr) {}

  /** Runs dbprof's main in a child JVM, streaming {@code steps} generated steps through its stdin. */
  private Run dbprof(List<String> jvm, int steps, Lines lines, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze"));
    command.addAll(List.of(args));
    command.add("-");
    Path stderr = dir.resolve("stderr.txt");
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> {
      try (InputStream in = child.getInputStream()) {
        in.transferTo(stdout);
      } catch (IOException gone) {
        // the child ended; its exit code says how
      }
    });
    drain.start();
    try (OutputStream in = new BufferedOutputStream(child.getOutputStream(), 1 << 16)) {
      StringBuilder chunk = new StringBuilder(1 << 16);
      for (int i = 0; i < steps; i++) {
        lines.step(chunk, i);
        if (chunk.length() > 60_000) {
          in.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
          chunk.setLength(0);
        }
      }
      in.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException childGone) {
      // it stopped reading (ended early); the assertions below say why
    }
    boolean ended = child.waitFor(10, TimeUnit.MINUTES); // a hang guard, not a speed assertion
    if (!ended) {
      child.destroyForcibly();
    }
    drain.join();
    assertThat(ended).as("dbprof ended").isTrue();
    return new Run(child.exitValue(), stdout.toString(StandardCharsets.UTF_8), Files.readString(stderr));
  }

  @Test
  void threeMillionSessionsWithoutDisconnectionsEndNormally() throws Exception {
    int sessions = 3_000_000;
    // connection per request: each session connects, runs one statement and is never seen again
    Run run = dbprof(LAUNCHER_HEAP, sessions, (out, i) -> {
      int pid = 100_000 + i;
      line(out, i, pid, "connection authorized: user=app database=shop");
      line(out, i, pid, "duration: 0.100 ms  statement: select id, name from customers where id = " + i);
    }, "--fail-on", "never", "--format", "json");

    assertThat(run.exit()).as(run.stderr()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.stdout()).get("summary");
    assertThat(summary.get("statements").asLong()).isEqualTo(sessions);
    assertThat(summary.get("unitsOfWork").asLong()).isEqualTo(sessions);
    assertThat(summary.get("fingerprints").asLong()).isEqualTo(1);
  }

  @Test
  void aMillionDistinctShapesEndNormallyAndTheReportSaysWhatWasFolded() throws Exception {
    int shapes = 1_000_000;
    Run run = dbprof(LAUNCHER_HEAP, shapes, (out, i) ->
        line(out, i / 20, 4242, "duration: 0.100 ms  statement: select c_" + i + " from t"),
        "--fail-on", "never", "--format", "json");

    assertThat(run.exit()).as(run.stderr()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.stdout());
    JsonNode summary = report.get("summary");
    JsonNode folded = summary.get("folded");
    assertThat(summary.get("statements").asLong()).isEqualTo(shapes);
    assertThat(summary.get("fingerprints").asLong()).isPositive().isLessThanOrEqualTo(20_000);
    assertThat(folded.get("maxFingerprints").asInt()).isEqualTo(20_000);
    assertThat(folded.get("shapes").asLong()).isEqualTo(shapes - summary.get("fingerprints").asLong());
    long listed = 0;
    for (JsonNode query : report.get("queries")) {
      listed += query.get("count").asLong();
    }
    assertThat(listed + folded.get("statements").asLong()).isEqualTo(shapes);
  }

  @Test
  void runningOutOfMemoryOnTheReadingThreadEndsWithOneSentenceAndExitThree() throws Exception {
    // lines just under the 4 MB limit: the reading thread's line buffer does not fit a 16 MB heap
    String literal = "x".repeat(4_000_000);
    Run run = dbprof(List.of("-XX:+UseSerialGC", "-Xmx16m"), 3, (out, i) ->
        line(out, i, 4242, "duration: 0.100 ms  statement: select '" + literal + "'"),
        "--fail-on", "never");

    assertThat(run.exit()).as(run.stderr()).isEqualTo(3);
    assertOneSentence(run.stderr());
  }

  private static void assertOneSentence(String stderr) {
    List<String> lines = stderr.lines().toList();
    assertThat(lines).as(stderr).hasSize(1);
    assertThat(lines.get(0)).matches("dbprof: internal error: out of memory \\(heap limit \\d+ MB\\); give the JVM "
        + "more \\(DBPROF_JAVA_OPTS=-Xmx…\\) or lower --max-fingerprints\\.");
  }

  @Test
  void runningOutOfMemoryEndsWithOneSentenceAndExitThree() throws Exception {
    // A cap far above what 64 MB holds: the shapes (each with a 4 KB comment in its sample text,
    // so that the heap fills after a few thousand parses) fill it on the analysing thread.
    String comment = " /* " + "x".repeat(4_000) + " */";
    Run run = dbprof(List.of("-XX:+UseSerialGC", "-Xmx64m"), 1_000_000, (out, i) ->
        line(out, i / 20, 4242, "duration: 0.100 ms  statement: select c_" + i + " from t" + comment),
        "--fail-on", "never", "--max-fingerprints", "100000000");

    assertThat(run.exit()).as(run.stderr()).isEqualTo(3);
    assertOneSentence(run.stderr());
  }
}
