package dev.dbprof.explain;

import static dev.dbprof.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.explain.TestDatabases.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A dbprof terminated (SIGTERM) while a trial index exists on the disposable database leaves no
 * index behind: the shutdown hook drops it.
 */
class DisposableTrialShutdownTest {

  @Test
  void sigtermWhileATrialIndexExistsLeavesNoIndexBehind() throws Exception {
    String url = MariaDbIndexAdvisorTest.seededDatabase("sigterm");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        DisposableTrialApp.class.getName(), url).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          output.add(line);
        }
      } catch (Exception ignored) {
        // the process is gone
      }
    });
    reader.start();
    try {
      // a hang guard for the child's start, not a speed assertion
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!output.contains("TRIAL INDEX EXISTS") && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(output).as("the child reached its trial: %s", output).contains("TRIAL INDEX EXISTS");
      assertThat(trialIndexes(url)).as("the trial index exists before SIGTERM").isEqualTo(1);
    } finally {
      child.destroy(); // SIGTERM: shutdown hooks run
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
      reader.join(10_000);
    }
    assertThat(output).noneMatch(l -> l.startsWith("WRONG"));
    assertThat(trialIndexes(url)).isZero();
  }

  private static long trialIndexes(String url) throws Exception {
    try (Connection c = connectMariaDb(url)) {
      return count(c, "SELECT count(DISTINCT index_name) FROM information_schema.statistics"
          + " WHERE table_schema = DATABASE() AND index_name LIKE 'dbprof\\_trial\\_%'");
    }
  }
}
