package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * hypopg is not part of the embedded PostgreSQL binaries, so this runs only against a server named
 * by {@code DBPROF_TEST_HYPOPG_URL} (a database where the test may create tables and the hypopg
 * extension, user in the URL). Run by hand on PostgreSQL 15.18 with Debian's postgresql-15-hypopg
 * 1.3.1, which also covers the PREPARE path that servers before 16 take.
 */
@EnabledIfEnvironmentVariable(named = "DBPROF_TEST_HYPOPG_URL", matches = "jdbc:postgresql:.*")
class HypopgIndexAdvisorTest {

  @Test
  void hypotheticalIndexesValidateWithoutBuildingAnything() throws SQLException {
    String url = System.getenv("DBPROF_TEST_HYPOPG_URL");
    try (Connection c = DriverManager.getConnection(url)) {
      run(c,
          "CREATE EXTENSION IF NOT EXISTS hypopg",
          "DROP TABLE IF EXISTS advisor_orders",
          "CREATE TABLE advisor_orders (id bigint PRIMARY KEY, customer_id int NOT NULL, created_at timestamp NOT NULL)",
          "INSERT INTO advisor_orders SELECT g, 1 + g % 5000, timestamp '2024-01-01' + g * interval '1 minute'"
              + " FROM generate_series(1, 100000) g",
          "ANALYZE advisor_orders");
    }
    long version;
    try (Connection c = DriverManager.getConnection(url)) {
      version = TestDatabases.count(c, "SELECT current_setting('server_version_num')::int");
    }
    PlanSource expectedSource = version >= 160000 ? PlanSource.GENERIC_PLAN : PlanSource.PREPARED_GENERIC;
    List<IndexAdvice> advice;
    try (IndexAdvisor advisor = IndexAdvisor.open(url, null, null, AdvisorOptions.defaults().withAllowSuperuser(true))) {
      advice = advisor.advise(List.of(new Candidate("0xH", "q",
          "SELECT * FROM advisor_orders WHERE customer_id = ? ORDER BY created_at", false, null, 1, 1)));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(TestDatabases.count(c, "SELECT count(*) FROM pg_indexes WHERE tablename = 'advisor_orders'"))
          .isEqualTo(1); // only the primary key: nothing was built
      run(c, "DROP TABLE advisor_orders");
    }
    assertThat(advice).singleElement().satisfies(a -> {
      assertThat(a.validated()).isEqualTo(ValidationMethod.HYPOPG);
      assertThat(a.columns()).containsExactly("customer_id", "created_at");
      assertThat(a.costAfter()).isLessThan(a.costBefore() * 0.5);
      assertThat(a.suggested()).isTrue();
      assertThat(a.planSource()).isEqualTo(expectedSource);
    });
  }
}
