package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The dblink attacks, which the embedded binaries cannot stage (they have no dblink): a
 * low-privilege role's IMMUTABLE function that, folded while planning as the superuser, grants the
 * role SUPERUSER or commits a row through dblink's own connection — no read-only transaction stops
 * either. Runs only against a server named by {@code DBPROF_TEST_DBLINK_URL}: a superuser URL of a
 * PostgreSQL that has the dblink extension and lets its superuser connect over TCP without a
 * password from the server itself (the test creates and drops its own database and role). Run by
 * hand on Debian's PostgreSQL 15.18 ({@code initdb -A trust}, {@code listen_addresses=127.0.0.1}),
 * where without the planning guard the role became a superuser and the row was committed.
 */
@EnabledIfEnvironmentVariable(named = "DBPROF_TEST_DBLINK_URL", matches = "jdbc:postgresql:.*")
class DblinkPlanningGuardTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  /** A database of its own with dblink, a table, and a role that owns a schema; dropped after. */
  private record Stage(String url, String database, String role, String dblinkTarget) {}

  private static Stage stage() throws SQLException {
    String admin = System.getenv("DBPROF_TEST_DBLINK_URL");
    String suffix = ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
    String database = "dbprof_dblink_" + suffix;
    String role = "mallory_" + suffix;
    try (Connection c = DriverManager.getConnection(admin)) {
      run(c, "CREATE DATABASE " + database);
    }
    URI server = URI.create(admin.substring("jdbc:".length()));
    String url = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database
        + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
    String superuser;
    try (Connection c = DriverManager.getConnection(url)) {
      superuser = c.getMetaData().getUserName();
      run(c,
          "CREATE EXTENSION dblink",
          "CREATE ROLE " + role + " LOGIN",
          "CREATE SCHEMA m AUTHORIZATION " + role,
          "CREATE TABLE items (id int PRIMARY KEY)",
          "INSERT INTO items SELECT g FROM generate_series(1, 5000) g",
          "CREATE TABLE audit (note text)",
          "GRANT SELECT ON items TO " + role);
    }
    String target = "host=" + server.getHost() + " port=" + server.getPort() + " dbname=" + database
        + " user=" + superuser;
    return new Stage(url, database, role, target);
  }

  private static void drop(Stage stage) throws SQLException {
    try (Connection c = DriverManager.getConnection(System.getenv("DBPROF_TEST_DBLINK_URL"))) {
      run(c, "DROP DATABASE " + stage.database() + " WITH (FORCE)", "DROP ROLE " + stage.role());
    }
  }

  /** The role's function, created as the role: it runs {@code command} through dblink when called. */
  private static void plant(Stage stage, String function, String command) throws SQLException {
    try (Connection c = DriverManager.getConnection(stage.url())) {
      run(c, "SET ROLE " + stage.role(),
          "CREATE FUNCTION m." + function + "(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$"
              + " BEGIN PERFORM dblink_exec('" + stage.dblinkTarget() + "', '" + command.replace("'", "''")
              + "'); RETURN $1; END $f$");
    }
  }

  private static List<AdvisorNote> adviseAsSuperuser(Stage stage, String sql) {
    try (IndexAdvisor advisor = IndexAdvisor.open(stage.url(), null, null,
        AdvisorOptions.defaults().withAllowSuperuser(true).withMinTableRows(0))) {
      advisor.advise(List.of(new Candidate("0xD", "q", sql, false, null, 1, 1)));
      return advisor.notes();
    }
  }

  @Test
  void aFunctionThatWouldGrantItsOwnerSuperuserThroughDblinkIsNeverPlanned() throws SQLException {
    Stage stage = stage();
    try {
      plant(stage, "promote", "ALTER ROLE " + stage.role() + " SUPERUSER");
      List<AdvisorNote> notes = adviseAsSuperuser(stage, "SELECT * FROM items WHERE id = m.promote(1)");
      try (Connection c = DriverManager.getConnection(stage.url())) {
        assertThat(TestDatabases.count(c,
            "SELECT count(*) FROM pg_roles WHERE rolsuper AND rolname = '" + stage.role() + "'")).isZero();
      }
      assertThat(notes).anySatisfy(n -> assertThat(n.message()).startsWith("refused:").contains("promote"));
    } finally {
      drop(stage);
    }
  }

  @Test
  void aFunctionThatWouldCommitARowThroughDblinkIsNeverPlanned() throws SQLException {
    Stage stage = stage();
    try {
      plant(stage, "stamp", "INSERT INTO audit VALUES ('planned')");
      List<AdvisorNote> notes = adviseAsSuperuser(stage, "SELECT * FROM items WHERE id = m.stamp(1)");
      try (Connection c = DriverManager.getConnection(stage.url())) {
        assertThat(TestDatabases.count(c, "SELECT count(*) FROM audit")).isZero();
      }
      assertThat(notes).anySatisfy(n -> assertThat(n.message()).startsWith("refused:").contains("stamp"));
    } finally {
      drop(stage);
    }
  }
}
