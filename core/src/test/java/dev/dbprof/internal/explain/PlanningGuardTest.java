package dev.dbprof.internal.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The guard's reading of statement texts, against a catalog with one user function {@code evil}. */
class PlanningGuardTest {

  private static final CodeCatalog POSTGRES = new CodeCatalog(Dialect.POSTGRESQL, Set.of("evil"),
      Set.of("random"), Map.of(), Map.of("evil_view", "its view definition calls evil()"),
      Map.of("evil_view", "its view definition calls evil()"), Map.of(),
      Map.of("evil_domain", "its domain constraint calls evil()"));
  private static final CodeCatalog MARIADB = new CodeCatalog(Dialect.MARIADB, Set.of("evil"), Set.of(),
      Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  private static PlanningGuard.Verdict check(String sql, CodeCatalog catalog) throws Exception {
    return PlanningGuard.check(StatementGuard.check(sql, catalog.dialect()), catalog, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT evil(1)",
      "SELECT \"evil\"(1)",
      "SELECT EVIL /* c */ (1)",
      "SELECT app.lower(x) FROM t",
      "SELECT c.evil FROM t c",
      // E'…' takes backslash escapes: the call is outside the literal
      "SELECT E'\\'', evil(1)",
      "SELECT $a$ x $a$, evil(1)",
      "SELECT * FROM evil_view",
      "SELECT 1::evil_domain",
      "SELECT * FROM t WHERE a OPERATOR(app.=) 1",
      "SELECT pg_catalog.pg_advisory_lock(1)",
      "SELECT dblink_exec('x', 'y')",
      "SELECT lo_import('/etc/passwd')",
      "SELECT query_to_xml('select 1', true, true, '')",
      "SELECT table_to_xml('t', true, true, '')",
      "SELECT txid_current()",
      "SELECT set_config('a.b', 'c', false)"})
  void postgresStatementsThatCouldRunUserOrDeniedCodeAreRefused(String sql) {
    assertThatThrownBy(() -> check(sql, POSTGRES)).isInstanceOf(StatementGuard.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 'evil(1)'",
      "SELECT $$ evil(1) $$",
      "SELECT 1 /* nested /* evil(1) */ still a comment */",
      "SELECT \"evil\" FROM t",
      "SELECT lower(name), count(*), coalesce(a, 'x'), now(), date_trunc('day', c) FROM t WHERE id = ANY(?)"})
  void postgresLiteralsCommentsAndBuiltInsPass(String sql) throws Exception {
    assertThat(check(sql, POSTGRES).analyzeRefusal()).isNull();
  }

  @Test
  void aVolatileBuiltInIsPlannedButNotAnalyzed() throws Exception {
    assertThat(check("SELECT random() FROM t", POSTGRES).analyzeRefusal()).contains("random()");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT evil()",
      // MySQL reads -- as a comment only before a space: this is 1 - (-evil())
      "SELECT 1--evil()",
      // MySQL ends a block comment at its first */
      "SELECT 1 /* /* */, evil() /* */",
      "SELECT * FROM (SELECT db.f() AS x) d",
      "SELECT 'a\\'', evil()",
      "SELECT \"a\\\"\", evil()",
      "SELECT SLEEP(1)",
      "SELECT BENCHMARK(1000, MD5('a'))",
      "SELECT * FROM (SELECT GET_LOCK('x', 0)) d",
      "SELECT LOAD_FILE('/etc/passwd')",
      "SELECT NEXT VALUE FOR s"})
  void mysqlStatementsThatCouldRunUserOrDeniedCodeAreRefused(String sql) {
    assertThatThrownBy(() -> check(sql, MARIADB)).isInstanceOf(StatementGuard.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1 -- evil()",
      "SELECT 1 # evil()",
      "SELECT 'evil()', \"evil()\"",
      "SELECT `evil` FROM t",
      "SELECT LOWER(name), COUNT(*), IFNULL(a, 'x'), NOW() FROM t WHERE id IN (1, 2)"})
  void mysqlLiteralsCommentsAndBuiltInsPass(String sql) throws Exception {
    assertThat(check(sql, MARIADB).analyzeRefusal()).isNull();
  }
}
