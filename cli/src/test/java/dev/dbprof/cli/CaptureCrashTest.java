package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbprof.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application JVM that ends in the middle of its JDBC batches — stopped (SIGTERM: shutdown
 * hooks run) or killed (SIGKILL: nothing runs) — leaves a capture file that {@code dbprof analyze}
 * reads: at most the last, cut-off line is skipped, and the events the capture dropped before are
 * counted in the file and in the report.
 */
class CaptureCrashTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCaptureCutOffMidBatchIsStillReadableAndCountsItsDrops(boolean killed) throws Exception {
    String url = ReliabilityPostgres.newDatabase();
    Path out = dir.resolve("capture-dir").resolve("capture.jsonl");
    ChildJvm app = ChildJvm.start(CrashingApp.class, url, out.toString());
    try {
      app.awaitLine("batch 5", Duration.ofSeconds(120));
      assertThat(app.output()).as("the application ran its batches: %s", app.output()).contains("READY", "batch 5");
    } finally {
      app.stop(killed);
    }
    assertThat(app.output()).noneMatch(l -> l.startsWith("WRONG"));
    assertThat(app.output()).noneMatch(l -> l.contains("Exception"));

    String text = Files.readString(out, StandardCharsets.UTF_8);
    if (!killed) {
      assertThat(text).as("the shutdown hook wrote whole lines").endsWith("\n");
    }

    Cli cli = Cli.run("analyze", "--format", "json", "--fail-on", "never", out.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(cli.out()).get("summary");
    JsonNode input = summary.get("inputs").get(0);
    assertThat(input.get("format").asText()).isEqualTo("dbprof");
    assertThat(input.get("skippedLines").asLong()).isLessThanOrEqualTo(killed ? 1 : 0);
    // open, create table and the first selects went nowhere: the directory was a file
    assertThat(input.get("droppedEvents").asLong()).isGreaterThanOrEqualTo(CrashingApp.DROPPED_FIRST + 2);
    assertThat(summary.get("droppedEvents").asLong()).isEqualTo(input.get("droppedEvents").asLong());
    assertThat(summary.get("statements").asLong()).isGreaterThan(5);
    if (!killed) { // a kill loses the last 200 ms, which may be all the batches
      assertThat(text).contains("\"type\":\"batch\"", "\"size\":" + CrashingApp.BATCH);
    }
  }
}
