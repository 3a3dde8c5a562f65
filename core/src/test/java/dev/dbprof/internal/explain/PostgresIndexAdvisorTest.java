package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import static dev.dbprof.internal.explain.TestDatabases.connectPostgres;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.StatementKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresIndexAdvisorTest {

  private static final AdvisorOptions TRIAL = AdvisorOptions.defaults().withTrial(true);

  /** orders (100k rows), customers (5k), countries (4), statistics fresh; one database per test. */
  static String seededDatabase(String hint) {
    return TestDatabases.newPostgresDatabase("advisor_template", hint,
        "CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, name text)",
        "INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'name ' || g"
            + " FROM generate_series(1, 5000) g",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,"
            + " created_at timestamp NOT NULL, total numeric(10,2) NOT NULL)",
        "INSERT INTO orders SELECT g, 1 + g % 5000, (ARRAY['NEW','PAID','SHIPPED','DONE'])[1 + g % 4],"
            + " timestamp '2024-01-01' + (g % 1000) * interval '1 hour', g % 500"
            + " FROM generate_series(1, 100000) g",
        "CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO countries VALUES ('CH', 'Switzerland'), ('DE', 'Germany'), ('FR', 'France'),"
            + " ('IT', 'Italy')",
        "CREATE TABLE audit (n int)",
        "ANALYZE");
  }

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  /** As the embedded server's superuser, which index trials need (they build on tables it owns). */
  private static IndexAdvisor open(String url, AdvisorOptions options) {
    return IndexAdvisor.open(url, "postgres", "", options.withAllowSuperuser(true));
  }

  /** As a role with exactly the grants README documents for the advisor. */
  private static IndexAdvisor openAsReader(String url, AdvisorOptions options) {
    return IndexAdvisor.open(url, TestDatabases.postgresReader(url), "", options);
  }

  @Test
  void findsTheMissingForeignKeyIndexOfAnNPlusOneChildQueryAndItsDdl() throws SQLException {
    String url = seededDatabase("fk");
    List<IndexAdvice> advice;
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      assertThat(advisor.dialect()).isEqualTo(Dialect.POSTGRESQL);
      advice = advisor.advise(List.of(candidate("0xA", "SELECT * FROM orders WHERE customer_id = ?")));
    }
    assertThat(advice).hasSize(1);
    IndexAdvice a = advice.get(0);
    assertThat(a.queryId()).isEqualTo("0xA");
    assertThat(a.table()).isEqualTo("orders");
    assertThat(a.columns()).containsExactly("customer_id");
    assertThat(a.ddl()).isEqualTo("CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)");
    assertThat(a.planSource()).isEqualTo(PlanSource.GENERIC_PLAN);
    assertThat(a.validated()).isEqualTo(ValidationMethod.TRIAL);
    assertThat(a.costAfter()).isLessThan(a.costBefore() * 0.5);
    assertThat(a.suggested()).isTrue();
    assertThat(a.rowsExamined()).isEqualTo(100_000);
    try (Connection c = connectPostgres(url)) {
      // the trial index was rolled back
      assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'"))
          .isZero();
      run(c, a.ddl());
    }
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      assertThat(advisor.advise(List.of(candidate("0xA", "SELECT * FROM orders WHERE customer_id = ?"))))
          .isEmpty();
    }
  }

  @Test
  void withoutHypopgOrTrialTheAdviceIsUnvalidatedAndSaysWhy() throws SQLException {
    String url = seededDatabase("novalidation");
    try (IndexAdvisor advisor = openAsReader(url, AdvisorOptions.defaults())) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xB", "SELECT * FROM orders WHERE customer_id = $1")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.validated()).isEqualTo(ValidationMethod.NONE);
        assertThat(a.costAfter()).isNaN();
        assertThat(a.costBefore()).isPositive();
        assertThat(a.suggested()).isTrue();
        assertThat(a.reason()).contains("not validated").contains("hypopg");
      });
    }
  }

  @Test
  void equalityColumnsComeFirstThenRangeThenSort() throws SQLException {
    String url = seededDatabase("order");
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      List<IndexAdvice> range = advisor.advise(List.of(candidate("0xR",
          "SELECT * FROM orders WHERE created_at >= ? AND customer_id = ?")));
      assertThat(range).singleElement().satisfies(a -> assertThat(a.columns()).containsExactly("customer_id", "created_at"));
      List<IndexAdvice> sort = advisor.advise(List.of(candidate("0xS",
          "SELECT o.id, o.total FROM orders o WHERE o.status = ? AND o.customer_id = ? ORDER BY o.created_at DESC")));
      assertThat(sort).singleElement().satisfies(a -> {
        assertThat(a.columns()).containsExactly("status", "customer_id", "created_at");
        assertThat(a.suggested()).isTrue();
      });
    }
  }

  @Test
  void oneCompositeIndexServesTwoQueries() throws SQLException {
    String url = seededDatabase("merge");
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0x1", "SELECT * FROM orders WHERE customer_id = ?"),
          candidate("0x2", "SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at")));
      assertThat(advice).hasSize(2);
      assertThat(advice).extracting(IndexAdvice::ddl).containsOnly(
          "CREATE INDEX CONCURRENTLY orders_customer_id_created_at_idx ON orders (customer_id, created_at)");
      assertThat(advice).allSatisfy(a -> assertThat(a.suggested()).isTrue());
    }
  }

  @Test
  void joinsFlagTheInnerTablesJoinColumn() throws SQLException {
    String url = seededDatabase("join");
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xJ",
          "SELECT o.* FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.email = ?")));
      assertThat(advice).extracting(IndexAdvice::table, IndexAdvice::columns, IndexAdvice::suggested)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("orders", List.of("customer_id"), true),
              org.assertj.core.groups.Tuple.tuple("customers", List.of("email"), true));
      // the email index alone hardly helps while orders is scanned; both together do
      assertThat(advice).filteredOn(a -> a.table().equals("customers")).singleElement()
          .satisfies(a -> {
            assertThat(a.reason()).contains("together with orders_customer_id_idx");
            assertThat(a.costAfter()).isLessThan(a.costBefore() * 0.5);
          });
    }
  }

  @Test
  void coveredQueriesPrimaryKeyLookupsAndTinyTablesAreNeverFlagged() throws SQLException {
    String url = seededDatabase("clean");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE INDEX orders_customer_created ON orders (customer_id, created_at)", "ANALYZE orders");
    }
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0xC", "SELECT customer_id, created_at FROM orders WHERE customer_id = ?"),
          candidate("0xP", "SELECT * FROM orders WHERE id = ?"),
          candidate("0xT", "SELECT * FROM countries WHERE name = ?"),
          candidate("0xL", "SELECT * FROM countries WHERE name = 'Italy'")));
      assertThat(advice).isEmpty();
      assertThat(advisor.notes()).isEmpty();
    }
  }

  @Test
  void aFullScanDespiteAnIndexThatLeadsWithTheColumnsIsANoteNotAnIndex() throws SQLException {
    String url = seededDatabase("existing");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE INDEX orders_total ON orders (total)", "ANALYZE orders");
    }
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      // almost every row matches: the planner prefers the full scan to the existing index
      assertThat(advisor.advise(List.of(candidate("0xE", "SELECT * FROM orders WHERE total > 10")))).isEmpty();
      assertThat(advisor.notes()).singleElement().satisfies(n ->
          assertThat(n.message()).contains("orders_total already leads with total"));
    }
  }

  @Test
  void statementFactsAddColumnsThePlanDoesNotShow() throws SQLException {
    String url = seededDatabase("facts");
    StatementFacts facts = new StatementFacts(StatementKind.SELECT, true, List.of("orders"),
        List.of(new ColumnRef("orders", "customer_id")), List.of(), List.of(),
        List.of(new ColumnRef(null, "created_at")), false, true, false, false, false, OrmStyle.PLAIN);
    StatementFacts otherTable = new StatementFacts(StatementKind.SELECT, true, List.of("orders"),
        List.of(new ColumnRef("customers", "email")), List.of(), List.of(), List.of(),
        false, true, false, false, false, OrmStyle.PLAIN);
    try (IndexAdvisor advisor = openAsReader(url, AdvisorOptions.defaults())) {
      // the plan names customer_id; the facts add an ORDER BY column and a column of another table (ignored)
      List<IndexAdvice> advice = advisor.advise(List.of(
          new Candidate("0xF1", "q", "SELECT * FROM orders WHERE customer_id = ?", false, facts, 2, 1),
          new Candidate("0xF2", "q", "SELECT * FROM orders WHERE total = ?", false, otherTable, 1, 1)));
      assertThat(advice).extracting(IndexAdvice::queryId, IndexAdvice::columns).containsExactly(
          org.assertj.core.groups.Tuple.tuple("0xF1", List.of("customer_id", "created_at")),
          org.assertj.core.groups.Tuple.tuple("0xF2", List.of("total")));
    }
  }

  @Test
  void olderServersPathPreparesAGenericPlan() throws SQLException {
    String url = seededDatabase("prepared");
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      advisor.forcePreparedGenericPlan();
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xQ", "SELECT * FROM orders WHERE customer_id = ?")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.planSource()).isEqualTo(PlanSource.PREPARED_GENERIC);
        assertThat(a.columns()).containsExactly("customer_id");
        assertThat(a.validated()).isEqualTo(ValidationMethod.TRIAL);
        assertThat(a.suggested()).isTrue();
      });
      try (Connection c = connectPostgres(url)) {
        assertThat(count(c, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'dbprof%'")).isZero();
      }
    }
  }

  @Test
  void sampleValuesAreExplainedAsCapturedAndAnalyzeCountsRealRows() throws SQLException {
    String url = seededDatabase("values");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withAllowAnalyze(true))) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          new Candidate("0xV", "select * from orders where customer_id = ?",
              "SELECT * FROM orders WHERE customer_id = 42", true, null, 5, 1)));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.planSource()).isEqualTo(PlanSource.SAMPLE_VALUES);
        assertThat(a.rowsExamined()).isEqualTo(100_000); // actual rows + rows removed by the filter
      });
    }
  }

  @Test
  void aSavingBelowTheBarIsReportedButNotSuggested() throws SQLException {
    String url = seededDatabase("bar");
    // the index saves most of the cost, but not the 99 % this test demands
    try (IndexAdvisor advisor = open(url, TRIAL.withMinCostSaving(0.99))) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xN", "SELECT * FROM orders WHERE customer_id = ?")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.suggested()).isFalse();
        assertThat(a.reason()).contains("below the 99% needed");
      });
    }
  }

  // ---- safety ----

  @Test
  void multipleStatementsDdlAndCommentTricksAreRefusedAndTablesStayIntact() throws SQLException {
    String url = seededDatabase("safety");
    try (IndexAdvisor advisor = open(url, TRIAL.withAllowAnalyze(true))) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0x01", "SELECT 1; DROP TABLE orders"),
          candidate("0x02", "SELECT * FROM orders WHERE id = 1 /* */; DROP TABLE customers --"),
          candidate("0x03", "/*! DROP TABLE orders */ SELECT 1"),
          candidate("0x04", "DROP TABLE orders"),
          candidate("0x05", "TRUNCATE customers"),
          candidate("0x06", "-- select\nALTER TABLE orders DROP COLUMN total")));
      assertThat(advice).isEmpty();
      assertThat(advisor.notes()).hasSize(6).allSatisfy(n -> assertThat(n.message()).startsWith("refused"));
    }
    try (Connection c = connectPostgres(url)) {
      assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(100_000);
      assertThat(count(c, "SELECT count(*) FROM customers")).isEqualTo(5_000);
      assertThat(count(c, "SELECT count(*) FROM information_schema.columns"
          + " WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name = 'total'")).isEqualTo(1);
    }
  }

  @Test
  void aDeleteIsExplainedWithoutRunningEvenWhenAnalyzeIsAllowed() throws SQLException {
    String url = seededDatabase("delete");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withAllowAnalyze(true))) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xD", "DELETE FROM orders WHERE customer_id = 42")));
      assertThat(advice).singleElement().satisfies(a -> assertThat(a.columns()).containsExactly("customer_id"));
    }
    try (Connection c = connectPostgres(url)) {
      assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(100_000);
    }
  }

  @Test
  void aUserFunctionWithASideEffectIsNeitherAnalyzedNorPlanned() throws SQLException {
    String url = seededDatabase("readonly");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS 'INSERT INTO audit VALUES (1) RETURNING 1'");
    }
    // the planning guard refuses it before the read-only transaction would have to stop it
    for (AdvisorOptions options : List.of(AdvisorOptions.defaults().withAllowAnalyze(true),
        AdvisorOptions.defaults())) {
      try (IndexAdvisor advisor = open(url, options)) {
        assertThat(advisor.advise(List.of(candidate("0xF", "SELECT bump()")))).isEmpty();
        assertThat(advisor.notes()).singleElement()
            .satisfies(n -> assertThat(n.message()).startsWith("refused: the statement calls bump()"));
      }
    }
    try (Connection c = connectPostgres(url)) {
      assertThat(count(c, "SELECT count(*) FROM audit")).isZero();
    }
  }

  @Test
  void theStatementTimeoutStopsALongAnalyze() throws SQLException {
    String url = seededDatabase("timeout");
    AdvisorOptions options = AdvisorOptions.defaults().withAllowAnalyze(true)
        .withStatementTimeout(Duration.ofMillis(300));
    try (IndexAdvisor advisor = open(url, options)) {
      // 10^10 rows of a cross join: pg_sleep would be refused by the planning guard
      assertThat(advisor.advise(List.of(candidate("0xZ", "SELECT count(*) FROM orders a, orders b")))).isEmpty();
      assertThat(advisor.notes()).singleElement()
          .satisfies(n -> assertThat(n.message()).contains("statement timeout"));
    }
  }

  @Test
  void theBudgetLimitsHowManyStatementsAreExplained() throws SQLException {
    String url = seededDatabase("budget");
    try (IndexAdvisor advisor = open(url, TRIAL.withMaxStatements(1))) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          new Candidate("0xSMALL", "q", "SELECT * FROM orders WHERE status = ?", false, null, 1, 1),
          new Candidate("0xBIG", "q", "SELECT * FROM orders WHERE customer_id = ?", false, null, 900, 1)));
      assertThat(advice).extracting(IndexAdvice::queryId).containsExactly("0xBIG");
      assertThat(advisor.notes()).extracting(AdvisorNote::queryId).containsExactly("0xSMALL");
    }
  }

  @Test
  void aSpentTimeBudgetExplainsNothingAndConnectsNowhere() {
    // the budget bounds the advisor's whole life, connecting included
    String url = seededDatabase("time");
    assertThatThrownBy(() -> open(url, TRIAL.withBudget(Duration.ZERO)))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("within the advisor's budget of 0 s");
  }

  @Test
  void withoutASampleTheFingerprintIsPlanned() throws SQLException {
    String url = seededDatabase("fingerprint");
    try (IndexAdvisor advisor = open(url, TRIAL)) {
      List<IndexAdvice> advice = advisor.advise(List.of(new Candidate("0xG",
          "select * from orders where customer_id in (?+) and status = ?", null, false, null, 1, 1)));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.columns()).containsExactly("customer_id", "status");
        assertThat(a.planSource()).isEqualTo(PlanSource.GENERIC_PLAN);
      });
    }
  }

  @Test
  void anUnreachableDatabaseGivesOneSentenceWithoutThePassword() {
    assertThatThrownBy(() -> IndexAdvisor.open(
        "jdbc:postgresql://127.0.0.1:1/shop?password=hunter2secret", "app", "hunter2secret",
        AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).startsWith("Cannot connect to the database at jdbc:postgresql://127.0.0.1:1/shop")
              .doesNotContain("hunter2secret").doesNotContain("\n").endsWith(".");
        });
  }

  @Test
  void aWrongPasswordNeverAppearsInTheMessage() {
    String url = TestDatabases.postgresUrl("postgres");
    // embedded PostgreSQL trusts local connections, so ask for a user that does not exist
    assertThatThrownBy(() -> IndexAdvisor.open(url, "nobody_here", "pa55word-xyz", AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word-xyz").contains("nobody_here"));
  }
}
