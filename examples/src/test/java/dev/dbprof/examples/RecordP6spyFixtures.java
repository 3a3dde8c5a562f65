package dev.dbprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.examples.RequestRecordings.Recording;
import dev.dbprof.examples.RequestRecordings.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Re-records core's reader fixtures {@code core/src/test/resources/orm/hibernate-p6spy/}: the p6spy
 * log of each request scenario's run on PostgreSQL without unit markers. Runs only when asked:
 * {@code -Ddbprof.recordP6spyFixtures=true}.
 */
@EnabledIfSystemProperty(named = "dbprof.recordP6spyFixtures", matches = "true")
class RecordP6spyFixtures {

  private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "orm", "hibernate-p6spy");

  @Test
  void record() throws Exception {
    Files.createDirectories(FIXTURES);
    for (RequestScenario scenario : RequestScenario.values()) {
      Recording recording = RequestRecordings.of(scenario, RequestDatabase.POSTGRESQL, false);
      Path target = FIXTURES.resolve(scenario.name().toLowerCase(Locale.ROOT) + ".log");
      Files.copy(recording.files().get(Source.P6SPY), target, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(target)).as(target.toString()).isPositive();
    }
  }
}
