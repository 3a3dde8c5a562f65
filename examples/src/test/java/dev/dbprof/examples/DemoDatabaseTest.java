package dev.dbprof.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DemoDatabaseTest {

  @Test
  void runsPostgreSql17FromTheMavenBinaries() throws SQLException {
    DemoDatabase database = SharedPostgres.get();

    assertThat(database.serverVersion()).startsWith("17.");
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select version()")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("PostgreSQL 17.");
    }
  }

  @Test
  void reportsProgressWhileStarting() {
    assertThat(SharedPostgres.startupProgress().lines().toList())
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).isEqualTo("starting embedded PostgreSQL…"))
        .satisfies(lines -> assertThat(lines.get(1))
            .matches("PostgreSQL 17\\.\\d+ ready on port \\d+ in \\d+\\.\\d s"));
  }

  @Test
  void listensOnTheReportedPort() {
    DemoDatabase database = SharedPostgres.get();

    assertThat(database.port()).isPositive();
    assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + database.port() + "/postgres");
  }

  @Test
  void createsFreshDatabases() throws SQLException {
    String url = SharedPostgres.newDatabase("fresh");
    try (Connection connection = DriverManager.getConnection(url, DemoDatabase.USER, DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("create table marker (id int)");
    }
    String again = SharedPostgres.get().createDatabase(url.substring(url.lastIndexOf('/') + 1));
    try (Connection connection = DriverManager.getConnection(again, DemoDatabase.USER, DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select count(*) from pg_tables where tablename = 'marker'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("recreated empty").isZero();
    }
  }

  @Test
  void rejectsDatabaseNamesThatWouldNeedQuoting() {
    assertThatThrownBy(() -> SharedPostgres.get().createDatabase("shop; drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void explainsAFailedStartAsRootInOneSentence() {
    String message = DemoDatabase.explain(new IOException("Process failed",
        new IllegalStateException("initdb: error: cannot be run as root")));

    assertThat(message).contains("user namespaces").contains("non-root").doesNotContain("\n").endsWith(".");
  }

  @Test
  void explainsOtherFailuresWithTheRootCause() {
    String message = DemoDatabase.explain(new IOException("wrapper",
        new IOException("No space left on device\n  at somewhere")));

    assertThat(message).isEqualTo("Embedded PostgreSQL could not start: No space left on device");
  }
}
