package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.connectPostgres;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The advisor's PostgreSQL connection: who it may be, what it holds, how long it may take. Roles
 * are made per test with the grants README documents for the advisor.
 */
class PostgresAdvisorSessionTest {

  private static final AtomicInteger ROLES = new AtomicInteger();
  private static final String FK_QUERY = "SELECT * FROM orders WHERE customer_id = ?";

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  private static String database(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** A login role with the documented grants and, on top, {@code extra} (role attributes). */
  private static String role(String url, String extra, String... statements) throws SQLException {
    String role = "advisor_role_" + ROLES.incrementAndGet();
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE ROLE " + role + " LOGIN " + extra,
          "GRANT CONNECT ON DATABASE " + database(url) + " TO " + role,
          "GRANT USAGE ON SCHEMA public TO " + role,
          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
      for (String sql : statements) {
        run(c, sql.replace("$ROLE", role));
      }
    }
    return role;
  }

  // ---- who may connect ----

  @Test
  void aSuperuserIsToldItIsOneWithoutTheClustersOtherSuperusers() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("superuser_named");
    String other = role(url, "SUPERUSER");
    assertThatThrownBy(() -> IndexAdvisor.open(url, "postgres", "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("(superuser (role postgres))")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(other));
  }

  @Test
  void aSuperuserIsRefusedInOneSentenceUnlessAllowed() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("superuser");
    assertThatThrownBy(() -> IndexAdvisor.open(url, "postgres", "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .satisfies(e -> assertThat(e.getMessage())
            .contains("superuser (role postgres)")
            .contains("--explain-allow-superuser")
            .doesNotContain("\n").endsWith("."));
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "",
        AdvisorOptions.defaults().withAllowSuperuser(true))) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).hasSize(1);
    }
  }

  @Test
  void membershipInAPowerfulPredefinedRoleThroughAnotherRoleIsRefused() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("member");
    String middle = "advisor_middle_" + ROLES.incrementAndGet();
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE ROLE " + middle + " NOLOGIN", "GRANT pg_signal_backend TO " + middle);
    }
    String login = role(url, "", "GRANT " + middle + " TO $ROLE");
    assertThatThrownBy(() -> IndexAdvisor.open(url, login, "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("member of pg_signal_backend");
  }

  @Test
  void roleAttributesThatAdministerTheServerAreRefused() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("attributes");
    String creator = role(url, "CREATEROLE");
    String replicator = role(url, "REPLICATION BYPASSRLS");
    assertThatThrownBy(() -> IndexAdvisor.open(url, creator, "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("CREATEROLE (role " + creator + ")");
    assertThatThrownBy(() -> IndexAdvisor.open(url, replicator, "", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("BYPASSRLS (role " + replicator + ")")
        .hasMessageContaining("REPLICATION (role " + replicator + ")");
  }

  @Test
  void theDocumentedMinimalRoleIsAcceptedAndSufficient() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("minimal");
    String reader = role(url, "");
    try (IndexAdvisor advisor = IndexAdvisor.open(url, reader, "", AdvisorOptions.defaults())) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).singleElement()
          .satisfies(a -> assertThat(a.columns()).containsExactly("customer_id"));
      assertThat(advisor.notes()).isEmpty();
    }
  }

  @Test
  void explainRoleSwitchesToTheRoleWhosePrivilegesThenApply() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("setrole");
    String narrow = "advisor_narrow_" + ROLES.incrementAndGet();
    try (Connection c = connectPostgres(url)) {
      // may read customers, not orders
      run(c, "CREATE ROLE " + narrow + " NOLOGIN", "GRANT USAGE ON SCHEMA public TO " + narrow,
          "GRANT SELECT ON customers TO " + narrow);
    }
    String login = role(url, "", "GRANT " + narrow + " TO $ROLE");
    try (IndexAdvisor advisor = IndexAdvisor.open(url, login, "", AdvisorOptions.defaults().withRole(narrow))) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).isEmpty();
      assertThat(advisor.notes()).singleElement()
          .satisfies(n -> assertThat(n.message()).contains("permission denied for table orders"));
    }
    String stranger = role(url, "");
    assertThatThrownBy(() -> IndexAdvisor.open(url, stranger, "", AdvisorOptions.defaults().withRole(narrow)))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("permission denied to set role");
  }

  @Test
  void aSuperuserLoginStaysRefusedAfterSetRoleBecauseResetRoleWouldUndoIt() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("resetrole");
    String reader = role(url, "");
    assertThatThrownBy(() -> IndexAdvisor.open(url, "postgres", "", AdvisorOptions.defaults().withRole(reader)))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("superuser (role postgres)");
  }

  // ---- what the session holds and waits for ----

  @Test
  void aTableLockedByTheApplicationEndsTheWaitAtTheShortLockTimeout() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("locktimeout");
    String reader = role(url, "");
    try (Connection app = connectPostgres(url)) {
      app.setAutoCommit(false);
      run(app, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      // a statement timeout of 30 s would let the EXPLAIN queue behind the lock (and everyone
      // behind the EXPLAIN) for 30 s; the lock timeout gives up after one
      AdvisorOptions options = AdvisorOptions.defaults().withStatementTimeout(Duration.ofSeconds(30));
      try (IndexAdvisor advisor = IndexAdvisor.open(url, reader, "", options)) {
        assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).isEmpty();
        assertThat(advisor.notes()).singleElement()
            .satisfies(n -> assertThat(n.message()).contains("lock timeout"));
      }
      app.rollback();
    }
  }

  @Test
  void anAdvisoryLockTakenWhilePlanningIsReleasedBeforeTheNextStatement() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("advisory");
    try (Connection c = connectPostgres(url)) {
      // falsely IMMUTABLE: the planner folds grab(7) while planning, taking the lock
      run(c, "CREATE FUNCTION grab(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS"
          + " 'BEGIN PERFORM pg_advisory_lock(4242); RETURN $1; END'");
    }
    String reader = role(url, "");
    try (IndexAdvisor advisor = IndexAdvisor.open(url, reader, "", AdvisorOptions.defaults());
        Connection other = connectPostgres(url)) {
      advisor.advise(List.of(candidate("0xL", "SELECT * FROM orders WHERE customer_id = grab(7)")));
      // the advisor is still connected: the lock must be free all the same
      assertThat(count(other, "SELECT pg_try_advisory_lock(4242)::int")).isEqualTo(1);
      run(other, "SELECT pg_advisory_unlock(4242)");
    }
  }

  // ---- the budget bounds everything ----

  @Test
  void aNetworkThatFreezesMidSessionEndsTheAdvisorWithinTheBudget() throws Exception {
    String url = PostgresIndexAdvisorTest.seededDatabase("freeze");
    String reader = role(url, "");
    try (FreezingProxy proxy = new FreezingProxy(TestDatabases.postgres().getPort())) {
      // the user's own socket timeout would wait an hour
      String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database(url) + "?socketTimeout=3600";
      AdvisorOptions options = AdvisorOptions.defaults().withBudget(Duration.ofSeconds(3));
      List<AdvisorNote> notes = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
        try (IndexAdvisor advisor = IndexAdvisor.open(proxied, reader, "", options)) {
          proxy.freeze();
          advisor.advise(List.of(candidate("0xA", FK_QUERY), candidate("0xB", "SELECT * FROM orders WHERE status = ?")));
          return advisor.notes();
        }
      });
      assertThat(notes).anySatisfy(n -> assertThat(n.message())
          .contains("budget of 3 s ran out and its database connection was aborted"));
      assertThat(notes).anySatisfy(n -> assertThat(n.queryId()).isEqualTo("0xB"));
    }
  }

  @Test
  void theTimeBetweenOpeningAndAdvisingDoesNotCountAgainstTheBudget() throws Exception {
    // the CLI opens the advisor first (a bad URL fails fast), then reads its inputs, maybe for
    // minutes, and only then asks for advice: that reading is not the advisor's time
    String url = PostgresIndexAdvisorTest.seededDatabase("idlebudget");
    String reader = role(url, "");
    try (IndexAdvisor advisor = IndexAdvisor.open(url, reader, "",
        AdvisorOptions.defaults().withBudget(Duration.ofSeconds(5)))) {
      Thread.sleep(6_000);
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).hasSize(1);
      assertThat(advisor.notes()).isEmpty();
    }
  }

  @Test
  void aNetworkFrozenBeforeConnectingEndsTheOpenWithinTheBudget() throws Exception {
    String url = PostgresIndexAdvisorTest.seededDatabase("freezeopen");
    try (FreezingProxy proxy = new FreezingProxy(TestDatabases.postgres().getPort())) {
      proxy.freeze();
      String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database(url)
          + "?connectTimeout=3600&loginTimeout=3600&socketTimeout=3600";
      AdvisorOptions options = AdvisorOptions.defaults().withBudget(Duration.ofSeconds(3));
      AdvisorException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
        try {
          IndexAdvisor.open(proxied, "postgres", "", options).close();
          return null;
        } catch (AdvisorException refused) {
          return refused;
        }
      });
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("within the advisor's budget of 3 s");
    }
  }

  // ---- --index-trial ----

  @Test
  void enabledEventTriggersRefuseTheTrialSoTheirEffectsCannotSurviveTheRollback() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("eventtrigger");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE SEQUENCE touched",
          "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS"
              + " 'BEGIN PERFORM nextval(''touched''); END'",
          "CREATE EVENT TRIGGER advisor_test_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl()");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "",
        AdvisorOptions.defaults().withTrial(true).withAllowSuperuser(true))) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).singleElement().satisfies(a -> {
        assertThat(a.validated()).isEqualTo(ValidationMethod.NONE);
        assertThat(a.reason()).contains("enabled event triggers (advisor_test_ddl)");
      });
    }
    try (Connection c = connectPostgres(url)) {
      assertThat(count(c, "SELECT is_called::int FROM touched")).isZero();
    }
  }

  @Test
  void aColumnOfATypeThatIsNotBuiltInRefusesTheTrial() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("usertype");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE DOMAIN customer_ref AS int",
          "ALTER TABLE orders ALTER COLUMN customer_id TYPE customer_ref", "ANALYZE orders");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "",
        AdvisorOptions.defaults().withTrial(true).withAllowSuperuser(true))) {
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).singleElement().satisfies(a -> {
        assertThat(a.validated()).isEqualTo(ValidationMethod.NONE);
        assertThat(a.reason()).contains("column customer_id has the type customer_ref, which is not built in");
      });
    }
  }

  @Test
  void aDbprofStoppedInsideTheTrialDoesNotBlockTheApplicationsWrites() throws SQLException {
    String url = PostgresIndexAdvisorTest.seededDatabase("stopped");
    AtomicReference<String> application = new AtomicReference<>("not run");
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "",
        AdvisorOptions.defaults().withTrial(true).withAllowSuperuser(true))) {
      // the advisor's thread stays here, sending nothing, as if stopped with SIGSTOP, while its
      // transaction holds the build's SHARE lock on orders
      advisor.whileTrialIndexesExist(() -> {
        try (Connection app = connectPostgres(url); Statement st = app.createStatement()) {
          st.setQueryTimeout(30); // without the server ending the stopped transaction: blocked for good
          st.executeUpdate("UPDATE orders SET total = total WHERE id = 1");
          application.set("updated");
        } catch (SQLException e) {
          application.set(e.getMessage());
        }
      });
      assertThat(advisor.advise(List.of(candidate("0xA", FK_QUERY)))).singleElement()
          .satisfies(a -> assertThat(a.validated()).isEqualTo(ValidationMethod.NONE));
    }
    assertThat(application.get()).isEqualTo("updated");
    try (Connection c = connectPostgres(url)) {
      assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'")).isZero();
    }
  }
}
