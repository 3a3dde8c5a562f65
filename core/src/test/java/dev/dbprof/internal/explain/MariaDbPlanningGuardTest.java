package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 13 on a real MariaDB 10.11: stored functions in one-row derived tables
 * and CTEs, which MariaDB materializes while optimizing, so plain EXPLAIN runs them. Every side
 * effect is checked from another connection while the advisor is still open.
 */
class MariaDbPlanningGuardTest {

  private static final String SECRET = "TOPSECRET-0815";

  /** Every advisor of this class opens here (the lead adds the superuser opt-in in one place). */
  private static IndexAdvisor open(String url, AdvisorOptions options) {
    return IndexAdvisor.open(url, "root", "", options.withAllowSuperuser(true));
  }

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  private static String attack(String hint) throws SQLException {
    String url = TestDatabases.newMariaDbDatabase(hint);
    try (Connection c = connectMariaDb(url)) {
      run(c,
          "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))",
          "INSERT INTO items SELECT seq, CONCAT('n', seq) FROM seq_1_to_100",
          "CREATE TABLE secret (s VARCHAR(40))",
          "INSERT INTO secret VALUES ('" + SECRET + "')",
          "CREATE TABLE victim (id BIGINT)",
          "CREATE FUNCTION grab() RETURNS INT DETERMINISTIC BEGIN"
              + " RETURN GET_LOCK('dbprof_guard_" + hint + "', 0); END",
          "CREATE FUNCTION widen() RETURNS INT DETERMINISTIC BEGIN"
              + " SET GLOBAL max_connect_errors = 4242; RETURN 1; END",
          "CREATE FUNCTION leak() RETURNS INT DETERMINISTIC BEGIN DECLARE m VARCHAR(100);"
              + " SELECT CONCAT('leaked: ', s) INTO m FROM secret;"
              + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = m; RETURN 1; END",
          "CREATE FUNCTION kill_victim() RETURNS INT DETERMINISTIC BEGIN DECLARE v BIGINT;"
              + " SELECT id INTO v FROM victim; KILL CONNECTION v; RETURN 1; END",
          "CREATE VIEW item_view AS SELECT i.id, grab() AS g FROM items i");
    }
    return url;
  }

  private static boolean lockFree(Connection other, String hint) throws SQLException {
    return count(other, "SELECT IS_FREE_LOCK('dbprof_guard_" + hint + "')") == 1;
  }

  private static void assertRefused(List<AdvisorNote> notes, String... words) {
    assertThat(notes).singleElement().satisfies(n -> assertThat(n.message())
        .startsWith("refused: the statement ").contains(words).doesNotContain(SECRET));
  }

  @Test
  void aStoredFunctionInADerivedTableTakesNoLock() throws SQLException {
    String url = attack("derived");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults()); Connection other = connectMariaDb(url)) {
      advisor.advise(List.of(candidate("0x1", "SELECT * FROM (SELECT grab() AS x) d JOIN items i ON i.id = d.x")));
      assertThat(lockFree(other, "derived")).isTrue();
      assertRefused(advisor.notes(), "grab()", "stored");
    }
  }

  @Test
  void aUserLockTakenByAStatementThatSlippedPastTheGuardIsReleasedAfterIt() throws Exception {
    String url = attack("unlock");
    // the session alone, without the guard in front: as if a statement had slipped past it
    try (Connection advisorConnection = connectMariaDb(url);
        MySqlSession session = new MySqlSession(advisorConnection, AdvisorOptions.defaults(), Dialect.MARIADB,
            () -> connectMariaDb(url));
        Connection other = connectMariaDb(url)) {
      session.explain(StatementGuard.check("SELECT * FROM (SELECT grab() AS x) d", Dialect.MARIADB), false);
      assertThat(lockFree(other, "unlock")).isTrue();
    }
  }

  @Test
  void aStoredFunctionInACteChangesNoGlobalVariable() throws SQLException {
    String url = attack("cte");
    try (Connection other = connectMariaDb(url)) {
      long before = count(other, "SELECT @@GLOBAL.max_connect_errors");
      try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
        advisor.advise(List.of(candidate("0x1", "WITH c AS (SELECT widen() AS x) SELECT * FROM c")));
        assertThat(count(other, "SELECT @@GLOBAL.max_connect_errors")).isEqualTo(before);
        assertRefused(advisor.notes(), "widen()");
      } finally {
        run(other, "SET GLOBAL max_connect_errors = " + before);
      }
    }
  }

  @Test
  void aSignalCarryingASecretNeverReachesTheNotes() throws SQLException {
    String url = attack("signal");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
      advisor.advise(List.of(candidate("0x1", "SELECT * FROM (SELECT leak() AS x) d")));
      assertRefused(advisor.notes(), "leak()");
    }
  }

  @Test
  void aKillInADerivedTableLeavesTheOtherSessionAlive() throws SQLException {
    String url = attack("kill");
    try (Connection victim = connectMariaDb(url)) {
      run(victim, "INSERT INTO victim SELECT CONNECTION_ID()");
      try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
        advisor.advise(List.of(candidate("0x1", "SELECT * FROM (SELECT kill_victim() AS x) d")));
        assertThat(victim.isValid(5)).isTrue();
        assertRefused(advisor.notes(), "kill_victim()");
      }
    }
  }

  @Test
  void viewsQualifiedCallsAndDeniedBuiltInsAreRefused() throws SQLException {
    String url = attack("view");
    String db = url.substring(url.lastIndexOf('/') + 1);
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withAllowAnalyze(true));
        Connection other = connectMariaDb(url)) {
      advisor.advise(List.of(
          candidate("0x1", "SELECT * FROM item_view WHERE id = 3"),
          candidate("0x2", "SELECT * FROM (SELECT " + db + ".grab() AS x) d"),
          candidate("0x3", "SELECT * FROM (SELECT GET_LOCK('dbprof_guard_view', 0) AS x) d"),
          candidate("0x4", "SELECT SLEEP(5) FROM items"),
          candidate("0x5", "SELECT * FROM items WHERE id = `grab` (  )")));
      assertThat(lockFree(other, "view")).isTrue();
      assertThat(advisor.notes()).extracting(AdvisorNote::message).containsExactly(
          "refused: the statement reads relation item_view: its view definition calls the stored function"
              + " grab(); not explained",
          "refused: the statement calls " + db + ".grab(), a stored function; planning could run it;"
              + " not explained",
          "refused: the statement calls get_lock(), which dbprof never runs (it locks, sleeps, reads files,"
              + " or changes state); not explained",
          "refused: the statement calls sleep(), which dbprof never runs (it locks, sleeps, reads files,"
              + " or changes state); not explained",
          "refused: the statement calls grab(), a stored or loadable function; planning could run it;"
              + " not explained");
    }
  }

  @Test
  void ordinaryQueriesWithBuiltInFunctionsAreStillExplained() throws SQLException {
    String url = attack("orm");
    for (AdvisorOptions options : List.of(AdvisorOptions.defaults(),
        AdvisorOptions.defaults().withAllowAnalyze(true))) {
      try (IndexAdvisor advisor = open(url, options.withMinTableRows(0))) {
        advisor.advise(List.of(
            candidate("0x1", "SELECT i.id, LOWER(i.name) FROM items i WHERE LOWER(i.name) = LOWER(?)"),
            candidate("0x2", "SELECT COUNT(*) FROM items WHERE COALESCE(name, '') <> '' AND id IN (1, 2)"),
            candidate("0x3", "SELECT DATE(NOW()) AS d, CAST(id AS CHAR) FROM (SELECT id, name FROM items"
                + " WHERE name LIKE 'n%') t WHERE id > 3"),
            candidate("0x4", "WITH c AS (SELECT id FROM items WHERE name = 'n1') SELECT * FROM c")));
        assertThat(advisor.notes()).extracting(AdvisorNote::message)
            .noneMatch(m -> m.startsWith("refused") || m.startsWith("not explained")
                || m.startsWith("explained without") || m.startsWith("could not"));
      }
    }
  }
}
