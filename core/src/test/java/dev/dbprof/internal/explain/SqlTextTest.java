package dev.dbprof.internal.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void jdbcPlaceholdersBecomeNumberedParametersOutsideLiteralsAndComments() {
    SqlText.DollarText t = SqlText.toDollarParameters(
        "select '?' , \"a?\", x from t /* ? */ where a = ? and b ?| array['k'] and c = ? -- ?\n and d ?? 'k'");
    assertThat(t.sql()).isEqualTo(
        "select '?' , \"a?\", x from t /* ? */ where a = $1 and b ?| array['k'] and c = $2 -- ?\n and d ?? 'k'");
    assertThat(t.parameters()).isEqualTo(2);
  }

  @Test
  void existingDollarParametersAreCountedAndDollarQuotesSkipped() {
    SqlText.DollarText t = SqlText.toDollarParameters("select $$ $1 $$, a from t where a = $2 and b = ?");
    assertThat(t.sql()).isEqualTo("select $$ $1 $$, a from t where a = $2 and b = $3");
    assertThat(t.parameters()).isEqualTo(3);
  }

  @Test
  void placeholdersKnowTheirColumn() {
    var ps = SqlText.placeholders(
        "SELECT * FROM orders o WHERE o.customer_id = ? AND o.status IN (?, ?) AND created_at BETWEEN ? AND ? LIMIT ?",
        Dialect.MARIADB);
    assertThat(ps).extracting(SqlText.Placeholder::column)
        .containsExactly("customer_id", "status", "status", "created_at", "created_at", null);
    assertThat(ps.get(5).precedingKeyword()).isEqualTo("limit");
  }

  @Test
  void mysqlBackslashEscapesKeepAQuestionMarkInsideTheString() {
    assertThat(SqlText.placeholders("select 'it\\'s ?' from t where a = ?", Dialect.MYSQL)).hasSize(1);
  }

  @Test
  void standInLiteralsFollowTheColumnType() {
    assertThat(MySqlSession.standIn("int")).isEqualTo("1");
    assertThat(MySqlSession.standIn("datetime")).isEqualTo("'2000-01-01 00:00:00'");
    assertThat(MySqlSession.standIn("varchar")).isEqualTo("'1'");
    assertThat(MySqlSession.standIn(null)).isEqualTo("'1'");
  }

  @Test
  void aliasesAfterALiteralAreReadAsTheServerLexesTheLiteral() {
    String tail = " AND o.customer_id IN (SELECT c.id FROM customers c)";
    assertThat(TableAliases.of("SELECT * FROM orders o WHERE o.note = 'it\\'s'" + tail, Dialect.MARIADB))
        .containsEntry("c", "customers");
    assertThat(TableAliases.of("SELECT * FROM orders o WHERE o.note = E'it\\'s'" + tail, Dialect.POSTGRESQL))
        .containsEntry("c", "customers");
    assertThat(TableAliases.of("SELECT * FROM orders o WHERE o.note = $$it's$$" + tail, Dialect.POSTGRESQL))
        .containsEntry("c", "customers");
  }

  @Test
  void aliasesMapToTables() {
    assertThat(TableAliases.of("SELECT o.id FROM shop.orders AS o JOIN customers c ON c.id = o.customer_id,"
        + " items WHERE o.id = 1", Dialect.POSTGRESQL))
        .containsEntry("o", "shop.orders")
        .containsEntry("c", "customers")
        .containsEntry("orders", "shop.orders");
    assertThat(TableAliases.of("SELECT * FROM city, country co WHERE city.x = co.y", Dialect.MARIADB))
        .containsEntry("city", "city")
        .containsEntry("co", "country");
  }

  @Test
  void writesBecomeTheSelectThatReadsTheirRows() {
    assertThat(SqlText.readingSelect("DELETE FROM orders WHERE customer_id = ?", Dialect.MARIADB))
        .isEqualTo("SELECT 1 FROM orders WHERE customer_id = ?");
    assertThat(SqlText.readingSelect("UPDATE LOW_PRIORITY orders o SET o.total = (SELECT 1 FROM x WHERE y = 1),"
        + " status = 'where' WHERE o.customer_id = ? ORDER BY o.id LIMIT 5", Dialect.MARIADB))
        .isEqualTo("SELECT 1 FROM orders o WHERE o.customer_id = ? ORDER BY o.id LIMIT 5");
    assertThat(SqlText.readingSelect("UPDATE t SET a = 1", Dialect.MARIADB)).isEqualTo("SELECT 1 FROM t");
    assertThat(SqlText.readingSelect("INSERT INTO t VALUES (1)", Dialect.MARIADB)).isNull();
  }

  @Test
  void writesAndSortKeysAreFoundOutsideLiteralsAsMySqlReadsThem() {
    // MySQL escapes a quote with a backslash: the WHERE and ORDER BY inside the string are text
    assertThat(SqlText.readingSelect("UPDATE t SET note = 'x\\' where ' WHERE id = 1", Dialect.MARIADB))
        .isEqualTo("SELECT 1 FROM t WHERE id = 1");
    assertThat(SqlText.orderByKeys("SELECT * FROM t WHERE a = 'it\\' ORDER BY b, ' LIMIT 5", Dialect.MYSQL))
        .isEmpty();
    assertThat(SqlText.orderByKeys("SELECT * FROM t ORDER BY FIELD(b, 'a,b'), c # ORDER BY x", Dialect.MYSQL))
        .containsExactly("FIELD(b, 'a,b')", "c");
  }

  @Test
  void orderByKeysOfTheOuterStatement() {
    assertThat(SqlText.orderByKeys("SELECT * FROM (SELECT a FROM t ORDER BY z) s WHERE s.a = ?"
        + " ORDER BY s.created_at DESC, `s`.`id` LIMIT 10", Dialect.MYSQL))
        .containsExactly("s.created_at DESC", "`s`.`id`");
    assertThat(SqlText.orderByKeys("SELECT * FROM t WHERE a = 'order by x'", Dialect.MYSQL)).isEmpty();
  }
}
