package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.connectPostgres;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 13 on a real PostgreSQL 17: a low-privilege role owns IMMUTABLE and STABLE
 * plpgsql functions that take an advisory lock, terminate another backend or raise an error
 * carrying a secret only the superuser can read, and puts calls of them in the log — directly, in
 * a view, a column default, a row-level security policy, a domain and an operator. Planning such
 * a statement runs the function with the advisor's rights; the guard must refuse it first.
 * Every check of a side effect runs from another connection while the advisor is still open.
 */
class PostgresPlanningGuardTest {

  private static final String SECRET = "TOPSECRET-4711";
  private static final long LOCK_KEY = 4711;

  /** Every advisor of this class opens here (the lead adds the superuser opt-in in one place). */
  private static IndexAdvisor open(String url, String user, AdvisorOptions options) {
    return IndexAdvisor.open(url, user, "", options.withAllowSuperuser(true));
  }

  private static IndexAdvisor openAsSuperuser(String url, AdvisorOptions options) {
    return open(url, "postgres", options);
  }

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  /** A schema with an attacker role, its functions, a secret table and a victim table; returns the URL. */
  private static Attack attack(String hint) throws SQLException {
    return attack(hint, false);
  }

  /**
   * A database of its own (a user operator on built-in types changes what the guard allows in the
   * whole database, so no other test may share it), schema {@code app} first on the URL's path.
   */
  private static Attack attack(String hint, boolean withOperator) throws SQLException {
    String database = TestDatabases.newPostgresDatabase("guard_template", "guard_" + hint, "SELECT 1")
        .replaceAll(".*/", "");
    String schema = "app";
    String url = TestDatabases.postgresUrl(database) + "?currentSchema=" + schema;
    String role = database + "_owner";
    try (Connection c = connectPostgres(url)) {
      run(c,
          "CREATE SCHEMA " + schema,
          "CREATE ROLE " + role + " LOGIN",
          "GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + role,
          "CREATE TABLE " + schema + ".secret (s text)",
          "INSERT INTO " + schema + ".secret VALUES ('" + SECRET + "')",
          "REVOKE ALL ON " + schema + ".secret FROM PUBLIC",
          "CREATE TABLE " + schema + ".victim (pid int)",
          "GRANT SELECT ON " + schema + ".victim TO PUBLIC",
          "SET ROLE " + role,
          "SET search_path = " + schema,
          "CREATE TYPE mood AS ENUM ('calm', 'angry')",
          "CREATE TABLE items (id int PRIMARY KEY, name text, mood mood DEFAULT 'calm')",
          "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 100) g",
          // an immutable function may call a volatile one: that one may write, here a file as the advisor
          "CREATE FUNCTION spill_now() RETURNS void VOLATILE LANGUAGE plpgsql AS $$ BEGIN EXECUTE"
              + " format('COPY (SELECT s FROM " + schema + ".secret) TO %L', current_setting('app.spill'));"
              + " END $$",
          "CREATE FUNCTION spill(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM spill_now(); RETURN $1; END $$",
          // invoker's rights: run by the advisor's account, these can do what it can
          "CREATE FUNCTION leak(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$"
              + " BEGIN RAISE EXCEPTION 'leaked: %', (SELECT s FROM " + schema + ".secret); END $$",
          "CREATE FUNCTION grab(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_advisory_lock(" + LOCK_KEY + "); RETURN $1; END $$",
          "CREATE FUNCTION grab_stable(int) RETURNS int STABLE SECURITY DEFINER LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_advisory_lock(" + LOCK_KEY + "); RETURN $1; END $$",
          "CREATE FUNCTION kill(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_terminate_backend(pid) FROM " + schema + ".victim; RETURN $1; END $$",
          "CREATE VIEW item_view AS SELECT i.id, i.name, grab(1) AS g FROM items i",
          "CREATE VIEW item_view_view AS SELECT id FROM item_view",
          "CREATE TABLE stamped (id int, s int DEFAULT kill(1))",
          "CREATE TABLE tickets (id serial PRIMARY KEY, note text)",
          "CREATE DOMAIN positive AS int CHECK (VALUE > leak(1))",
          "CREATE FUNCTION int_text_eq(int, text) RETURNS boolean IMMUTABLE LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_advisory_lock(" + LOCK_KEY + "); RETURN true; END $$",
          withOperator ? "CREATE OPERATOR = (LEFTARG = int, RIGHTARG = text, FUNCTION = int_text_eq)"
              : "SELECT 1",
          "CREATE TABLE guarded (id int, owner text)",
          "ALTER TABLE guarded ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY p ON guarded USING (id > grab(1))",
          "GRANT SELECT ON items, item_view, item_view_view, guarded, stamped, tickets TO PUBLIC",
          "RESET ROLE");
    }
    return new Attack(url, schema);
  }

  private record Attack(String url, String schema) {}

  private static long lockHolders(Connection other) throws SQLException {
    return count(other, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = " + LOCK_KEY
        + " AND granted");
  }

  /** Explains one statement as the superuser and checks, with the advisor still open, that no lock is held. */
  private static List<AdvisorNote> explainAndCheckNoLock(String url, String sql) throws SQLException {
    try (IndexAdvisor advisor = openAsSuperuser(url, AdvisorOptions.defaults());
        Connection other = connectPostgres(url)) {
      advisor.advise(List.of(candidate("0x1", sql)));
      assertThat(lockHolders(other)).as("advisory lock taken by: %s", sql).isZero();
      return advisor.notes();
    }
  }

  private static void assertRefusedNaming(List<AdvisorNote> notes, String... words) {
    assertThat(notes).singleElement().satisfies(n -> {
      assertThat(n.message()).startsWith("refused: the statement ").contains(words).doesNotContain(SECRET);
    });
  }

  @Test
  void anImmutableFunctionRaisingASecretIsNeverPlanned() throws SQLException {
    Attack a = attack("leak");
    List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), "SELECT * FROM items WHERE id = leak(1)");
    assertRefusedNaming(notes, "leak()", "outside pg_catalog");
  }

  @Test
  void anImmutableFunctionWritesNoFileAsTheAdvisor() throws Exception {
    Attack a = attack("spill");
    java.nio.file.Path spilled = java.nio.file.Files.createTempDirectory("dbprof-guard").resolve("spilled.txt");
    String database = a.url().replaceAll(".*/|\\?.*", "");
    try (Connection c = connectPostgres(a.url())) {
      // where the function writes; a database setting, so the advisor's session sees it
      run(c, "ALTER DATABASE " + database + " SET app.spill = '" + spilled + "'");
    }
    List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), "SELECT * FROM items WHERE id = spill(1)");
    assertThat(spilled).doesNotExist();
    assertRefusedNaming(notes, "spill()");
  }

  @Test
  void aLockTakenByAStatementThatSlippedPastTheGuardIsReleasedAfterIt() throws Exception {
    Attack a = attack("unlock");
    // the session alone, without the guard in front: as if a statement had slipped past it
    try (Connection advisorConnection = connectPostgres(a.url());
        PostgresSession session = new PostgresSession(advisorConnection, AdvisorOptions.defaults());
        Connection other = connectPostgres(a.url())) {
      session.explain(StatementGuard.check("SELECT * FROM items WHERE id = grab(1)", Dialect.POSTGRESQL), false);
      assertThat(lockHolders(other)).isZero();
    }
  }

  @Test
  void quotedAndQualifiedSpellingsOfTheFunctionAreRefusedToo() throws SQLException {
    Attack a = attack("spell");
    for (String sql : List.of(
        "SELECT * FROM items WHERE id = \"grab\"(1)",
        "SELECT * FROM items WHERE id = " + a.schema() + ".grab(1)",
        "SELECT * FROM items WHERE id = GRAB /* c */ (1)",
        "SELECT * FROM items WHERE id = pg_catalog.pg_advisory_lock(" + LOCK_KEY + ")::int")) {
      List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), sql);
      assertThat(notes).singleElement().satisfies(n -> assertThat(n.message()).startsWith("refused:"));
    }
  }

  @Test
  void aStableSecurityDefinerFunctionFoldedForSelectivityTakesNoLock() throws SQLException {
    Attack a = attack("stable");
    List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), "SELECT * FROM items WHERE id = grab_stable(1)");
    assertRefusedNaming(notes, "grab_stable()");
  }

  @Test
  void aViewAndAViewOverItThatCallTheFunctionAreRefused() throws SQLException {
    Attack a = attack("view");
    assertRefusedNaming(explainAndCheckNoLock(a.url(), "SELECT * FROM item_view WHERE id = 3"),
        "item_view", "grab()");
    assertRefusedNaming(explainAndCheckNoLock(a.url(), "SELECT * FROM item_view_view WHERE id = 3"),
        "item_view_view", "reads item_view");
  }

  @Test
  void aColumnDefaultOnInsertTerminatesNoBackend() throws SQLException {
    Attack a = attack("default");
    try (Connection victim = connectPostgres(a.url())) {
      run(victim, "INSERT INTO " + a.schema() + ".victim SELECT pg_backend_pid()");
      try (IndexAdvisor advisor = openAsSuperuser(a.url(), AdvisorOptions.defaults())) {
        advisor.advise(List.of(candidate("0x1", "INSERT INTO stamped (id) VALUES (1)")));
        assertThat(victim.isValid(5)).as("the victim session survives").isTrue();
        assertThat(count(victim, "SELECT count(*) FROM " + a.schema() + ".stamped")).isZero();
        assertRefusedNaming(advisor.notes(), "stamped", "column default", "kill()");
      }
    }
  }

  @Test
  void aDomainConstraintLeaksNoSecret() throws SQLException {
    Attack a = attack("domain");
    List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), "SELECT * FROM items WHERE id = 5::positive");
    assertRefusedNaming(notes, "type positive", "leak()");
  }

  @Test
  void aUserOperatorOnBuiltInTypesIsRefusedWhereverItsSymbolAppears() throws SQLException {
    Attack a = attack("operator", true);
    List<AdvisorNote> notes = explainAndCheckNoLock(a.url(), "SELECT * FROM items WHERE 1 = 'x'::text");
    assertRefusedNaming(notes, "operator =", "outside pg_catalog");
  }

  @Test
  void aRowLevelSecurityPolicyTakesNoLockForARoleItAppliesTo() throws SQLException {
    Attack a = attack("policy");
    String reader = a.url().replaceAll(".*/|\\?.*", "") + "_reader";
    try (Connection c = connectPostgres(a.url())) {
      // superusers bypass policies: the policy runs for an ordinary role
      run(c, "CREATE ROLE " + reader + " LOGIN", "GRANT USAGE ON SCHEMA " + a.schema() + " TO " + reader);
    }
    try (IndexAdvisor advisor = open(a.url(), reader, AdvisorOptions.defaults());
        Connection other = connectPostgres(a.url())) {
      advisor.advise(List.of(candidate("0x1", "SELECT * FROM guarded WHERE owner = 'me'")));
      assertThat(lockHolders(other)).isZero();
      assertRefusedNaming(advisor.notes(), "guarded", "row-level security policy", "grab()");
    }
  }

  @Test
  void explainAnalyzeRunsNoTerminateLockOrSequenceFromTheLog() throws SQLException {
    Attack a = attack("analyze");
    try (Connection c = connectPostgres(a.url())) {
      run(c, "CREATE SEQUENCE " + a.schema() + ".ticket");
    }
    try (Connection victim = connectPostgres(a.url())) {
      long pid = count(victim, "SELECT pg_backend_pid()");
      try (IndexAdvisor advisor = openAsSuperuser(a.url(), AdvisorOptions.defaults().withAllowAnalyze(true));
          Connection other = connectPostgres(a.url())) {
        advisor.advise(List.of(
            candidate("0x1", "SELECT pg_terminate_backend(" + pid + ")"),
            candidate("0x2", "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")"),
            candidate("0x3", "SELECT nextval('ticket')"),
            candidate("0x4", "SELECT id, random() FROM items WHERE id = 2")));
        assertThat(victim.isValid(5)).isTrue();
        assertThat(lockHolders(other)).isZero();
        assertThat(count(other, "SELECT last_value FROM " + a.schema() + ".ticket")).isEqualTo(1);
        assertThat(count(other, "SELECT count(*) FROM " + a.schema() + ".ticket WHERE is_called")).isZero();
        assertThat(advisor.notes()).extracting(AdvisorNote::message).containsExactly(
            "refused: the statement calls pg_terminate_backend(), which dbprof never runs (it locks,"
                + " signals, sleeps, reads files or queries, or changes state); not explained",
            "refused: the statement calls pg_try_advisory_lock(), which dbprof never runs (it locks,"
                + " signals, sleeps, reads files or queries, or changes state); not explained",
            "refused: the statement calls nextval(), which dbprof never runs (it locks,"
                + " signals, sleeps, reads files or queries, or changes state); not explained",
            "explained without ANALYZE: it calls random(), which is volatile and could change something");
      }
    }
  }

  @Test
  void ordinaryOrmQueriesWithBuiltInFunctionsAreStillExplained() throws SQLException {
    Attack a = attack("orm");
    for (AdvisorOptions options : List.of(AdvisorOptions.defaults(),
        AdvisorOptions.defaults().withAllowAnalyze(true))) {
      try (IndexAdvisor advisor = openAsSuperuser(a.url(), options.withMinTableRows(0))) {
        advisor.advise(List.of(
            candidate("0x1", "SELECT i.id, lower(i.name) FROM items i WHERE lower(i.name) = lower(?)"),
            candidate("0x2", "SELECT count(*) FROM items WHERE coalesce(name, '') <> '' AND id = ANY(?)"),
            candidate("0x3", "SELECT date_trunc('day', now()) AS d, CAST(id AS bigint), id::text FROM items"
                + " WHERE name LIKE 'n%' AND id > 3"),
            candidate("0x4", "SELECT * FROM items WHERE id IN (SELECT id FROM items WHERE name = 'n1')"
                + " ORDER BY name LIMIT 10"),
            candidate("0x5", "INSERT INTO items (id, name) VALUES (?, ?)"),
            candidate("0x6", "SELECT * FROM items WHERE mood = 'angry' AND id > 10"),
            // nextval in a serial default is volatile: planning never runs it, and writes are never executed
            candidate("0x7", "INSERT INTO tickets (note) VALUES (?)"),
            // defaults are evaluated only by writes
            candidate("0x8", "SELECT * FROM stamped WHERE id = 1")));
        assertThat(advisor.notes()).extracting(AdvisorNote::message)
            .noneMatch(m -> m.startsWith("refused") || m.startsWith("not explained")
                || m.startsWith("explained without") || m.startsWith("could not"));
      }
    }
  }
}
