package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.DbprofDataSource;
import dev.dbprof.testing.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 15: an application on HikariCP, captured with {@code DbprofDataSource.wrap(pool)}, was told to
 * "use a connection pool" — connection-churn ranked first, because every checkout was written as a
 * connect. The same short requests on a real pool over PostgreSQL are no churn; on a data source that
 * connects each time, they are.
 */
class PooledCheckoutsTest {

  private static final int REQUESTS = 40;

  @TempDir
  Path dir;

  @Test
  void checkoutsFromAHikariPoolAreNoConnectionChurn() throws Exception {
    String url = EmbeddedPostgresServer.newDatabase("pooled_checkouts");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    Path capture = dir.resolve("pooled.jsonl");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      requests(DbprofDataSource.wrap(pool, CaptureSettings.defaults().withOut(capture)));
    }
    Capture.flush();

    JsonNode report = analyze(capture);

    assertThat(report.get("summary").get("statements").asLong()).isEqualTo(REQUESTS + 1);
    assertThat(rules(report)).doesNotContain("connection-churn");
  }

  @Test
  void connectionsOfADataSourceThatConnectsEachTimeAreChurn() throws Exception {
    String url = EmbeddedPostgresServer.newDatabase("connecting");
    PGSimpleDataSource connecting = new PGSimpleDataSource();
    connecting.setUrl(url);
    connecting.setUser("postgres");
    Path capture = dir.resolve("connecting.jsonl");
    requests(DbprofDataSource.wrap(connecting, CaptureSettings.defaults().withOut(capture)));
    Capture.flush();

    JsonNode report = analyze(capture);

    assertThat(report.get("summary").get("statements").asLong()).isEqualTo(REQUESTS + 1);
    assertThat(rules(report)).contains("connection-churn");
  }

  private static JsonNode analyze(Path capture) throws Exception {
    Cli cli = Cli.run("analyze", "--format", "json", "--fail-on", "never", capture.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    return new ObjectMapper().readTree(cli.out());
  }

  private static List<String> rules(JsonNode report) {
    List<String> rules = new ArrayList<>();
    report.get("findings").forEach(f -> rules.add(f.get("rule").asText()));
    return rules;
  }

  /** A table, then one short request per checkout: look an owner up by id. */
  private static void requests(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("create table owners (id int primary key, name text)");
    }
    for (int i = 0; i < REQUESTS; i++) {
      try (Connection c = ds.getConnection();
          PreparedStatement ps = c.prepareStatement("select name from owners where id = ?")) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isFalse();
        }
      }
    }
  }
}
