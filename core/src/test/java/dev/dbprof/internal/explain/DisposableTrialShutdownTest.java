package dev.dbprof.internal.explain;

import static dev.dbprof.internal.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.testing.ChildJvm;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A dbprof terminated (SIGTERM) while a trial index exists on the disposable database leaves no
 * index behind: the shutdown hook drops it.
 */
class DisposableTrialShutdownTest {

  @Test
  void sigtermWhileATrialIndexExistsLeavesNoIndexBehind() throws Exception {
    String url = MariaDbIndexAdvisorTest.seededDatabase("sigterm");
    ChildJvm child = ChildJvm.start(DisposableTrialApp.class, url);
    try {
      child.awaitLine("TRIAL INDEX EXISTS", Duration.ofSeconds(120));
      assertThat(child.output()).as("the child reached its trial: %s", child.output()).contains("TRIAL INDEX EXISTS");
      assertThat(trialIndexes(url)).as("the trial index exists before SIGTERM").isEqualTo(1);
    } finally {
      child.stop(false); // SIGTERM: shutdown hooks run
    }
    assertThat(child.output()).noneMatch(l -> l.startsWith("WRONG"));
    assertThat(trialIndexes(url)).isZero();
  }

  private static long trialIndexes(String url) throws Exception {
    try (Connection c = connectMariaDb(url)) {
      return count(c, "SELECT count(DISTINCT index_name) FROM information_schema.statistics"
          + " WHERE table_schema = DATABASE() AND index_name LIKE 'dbprof\\_trial\\_%'");
    }
  }
}
