package dev.dbprof.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.StatementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementAnalyzerTest {

  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final StatementAnalyzer analyzer = new StatementAnalyzer();

  private StatementFacts analyze(String sql) {
    return analyzer.analyze(sql, fingerprinter.normalize(sql));
  }

  private static ColumnRef col(String table, String column) {
    return new ColumnRef(table, column);
  }

  @Test
  void hibernateJoinResolvesAliasesToTables() {
    StatementFacts facts = analyze("select o1_0.id,o1_0.customer_id from orders o1_0 join customers c1_0 "
        + "on c1_0.id=o1_0.customer_id where o1_0.status in (?,?) and o1_0.total > ? "
        + "order by o1_0.created_at desc, c1_0.name limit ?");
    assertThat(facts.parsed()).isTrue();
    assertThat(facts.kind()).isEqualTo(StatementKind.SELECT);
    assertThat(facts.tables()).containsExactly("orders", "customers");
    assertThat(facts.equalityColumns()).containsExactly(col("orders", "status"));
    assertThat(facts.rangeColumns()).containsExactly(col("orders", "total"));
    assertThat(facts.joinColumns()).containsExactlyInAnyOrder(col("customers", "id"), col("orders", "customer_id"));
    assertThat(facts.orderColumns()).containsExactly(col("orders", "created_at"), col("customers", "name"));
    assertThat(facts.hasWhere()).isTrue();
    assertThat(facts.hasLimit()).isTrue();
    assertThat(facts.countOverSubquery()).isFalse();
    assertThat(facts.orm()).isEqualTo(OrmStyle.HIBERNATE);
  }

  @Test
  void tablesAreLowerCaseUnquotedDedupedInOrder() {
    StatementFacts facts = analyze("SELECT * FROM \"Orders\" o JOIN `Lines` l ON l.order_id = o.id "
        + "JOIN Orders o2 ON o2.id = o.parent_id");
    assertThat(facts.tables()).containsExactly("orders", "lines");
  }

  @Test
  void unqualifiedColumnsResolveOnlyWithOneTable() {
    assertThat(analyze("select * from orders where customer_id = ?").equalityColumns())
        .containsExactly(col("orders", "customer_id"));
    assertThat(analyze("select * from orders o, customers c where customer_id = ?").equalityColumns())
        .containsExactly(col(null, "customer_id"));
  }

  @Test
  void implicitJoinInWhereIsAJoin() {
    StatementFacts facts = analyze("select * from a, b where a.id = b.a_id and a.x = 1");
    assertThat(facts.joinColumns()).containsExactly(col("a", "id"), col("b", "a_id"));
    assertThat(facts.equalityColumns()).containsExactly(col("a", "x"));
  }

  @Test
  void joinUsingNamesBothTables() {
    StatementFacts facts = analyze("select * from orders o join customers c using (customer_id)");
    assertThat(facts.joinColumns()).containsExactly(col("orders", "customer_id"), col("customers", "customer_id"));
  }

  @Test
  void rangePredicates() {
    StatementFacts facts = analyze("select * from events where at between ? and ? and score >= 3 "
        + "and 10 > priority and name like 'abc%' and kind = 'x'");
    assertThat(facts.rangeColumns()).containsExactly(col("events", "at"), col("events", "score"),
        col("events", "priority"), col("events", "name"));
    assertThat(facts.equalityColumns()).containsExactly(col("events", "kind"));
    assertThat(facts.leadingWildcardLike()).isFalse();
  }

  @Test
  void leadingWildcardLikeIsFlaggedAndNotARange() {
    StatementFacts facts = analyze("select * from products where name like '%phone'");
    assertThat(facts.leadingWildcardLike()).isTrue();
    assertThat(facts.rangeColumns()).isEmpty();
    assertThat(analyze("select * from products where name like ?").leadingWildcardLike()).isFalse();
  }

  @Test
  void inListsTuplesAndIsNullAreEquality() {
    StatementFacts facts = analyze("select * from t where (a, b) in ((1, 2), (3, 4)) and c is null "
        + "and d is not null and e not in (1)");
    assertThat(facts.equalityColumns()).containsExactly(col("t", "a"), col("t", "b"), col("t", "c"));
  }

  @Test
  void subqueriesAreWalkedWithTheirOwnTables() {
    StatementFacts facts = analyze("delete from order_lines where order_id in "
        + "(select id from orders where customer_id = :cid)");
    assertThat(facts.kind()).isEqualTo(StatementKind.DELETE);
    assertThat(facts.tables()).containsExactly("order_lines", "orders");
    assertThat(facts.equalityColumns()).containsExactly(col("order_lines", "order_id"), col("orders", "customer_id"));
    assertThat(facts.hasWhere()).isTrue();
  }

  @Test
  void correlatedSubqueryJoinsToTheOuterAlias() {
    StatementFacts facts = analyze("select a from t where x = (select max(x) from u where u.t_id = t.id)");
    assertThat(facts.tables()).containsExactly("t", "u");
    assertThat(facts.joinColumns()).containsExactly(col("u", "t_id"), col("t", "id"));
  }

  @Test
  void countOverSubquery() {
    StatementFacts sqlalchemy = analyze("SELECT count(*) AS count_1 \nFROM (SELECT users.id AS users_id \n"
        + "FROM users WHERE users.name LIKE %s) AS anon_1");
    assertThat(sqlalchemy.countOverSubquery()).isTrue();
    assertThat(sqlalchemy.tables()).containsExactly("users");
    assertThat(sqlalchemy.orm()).isEqualTo(OrmStyle.SQLALCHEMY);
    assertThat(analyze("select count(*) from orders where status = ?").countOverSubquery()).isFalse();
    assertThat(analyze("select count(*) from (select 1 from a) x join b on b.id = x.id").countOverSubquery()).isFalse();
  }

  @Test
  void aCountOverASubqueryThatLimitsItsRowsNeedsTheSubquery() {
    // Rails .limit(50).count, Django qs[:50].count(): a direct count would count every row
    assertThat(analyze("SELECT COUNT(*) FROM (SELECT 1 AS one FROM \"orders\" LIMIT $1) subquery_for_count")
        .countOverSubquery()).isFalse();
    assertThat(analyze("select count(*) from (select id from orders order by id limit 50 offset 10) s")
        .countOverSubquery()).isFalse();
    assertThat(analyze("select count(*) from (select id from orders fetch first 5 rows only) s")
        .countOverSubquery()).isFalse();
    assertThat(analyze("select count(*) from (select id from a union select id from b) s").countOverSubquery())
        .isFalse();
    assertThat(analyze("SELECT COUNT(*) FROM (SELECT DISTINCT customer_id FROM orders) subquery")
        .countOverSubquery()).isTrue();
  }

  @Test
  void cteNamesAreNotTables() {
    StatementFacts facts = analyze("with recent as (select * from orders where created_at > $1) "
        + "select count(*) from recent");
    assertThat(facts.tables()).containsExactly("orders");
    assertThat(facts.rangeColumns()).containsExactly(col("orders", "created_at"));
    assertThat(facts.hasWhere()).isFalse();
  }

  @Test
  void whereAndLimitFlags() {
    assertThat(analyze("select * from t").hasWhere()).isFalse();
    assertThat(analyze("select * from t").hasLimit()).isFalse();
    assertThat(analyze("select * from t fetch first 5 rows only").hasLimit()).isTrue();
    assertThat(analyze("select top 5 * from t").hasLimit()).isTrue();
    assertThat(analyze("update t set a = 1").hasWhere()).isFalse();
    assertThat(analyze("update t set a = 1 where id = ?").hasWhere()).isTrue();
    assertThat(analyze("delete from t where id = ? limit 10").hasLimit()).isTrue();
  }

  @Test
  void insertSelectAndUpdateKinds() {
    StatementFacts insert = analyze("insert into archive select * from orders o where o.created_at < ?");
    assertThat(insert.kind()).isEqualTo(StatementKind.INSERT);
    assertThat(insert.tables()).containsExactly("archive", "orders");
    assertThat(insert.rangeColumns()).containsExactly(col("orders", "created_at"));

    StatementFacts upsert = analyze("insert into t (a, b) values (1, 'x') on conflict (a) do update set b = excluded.b");
    assertThat(upsert.kind()).isEqualTo(StatementKind.INSERT);
    assertThat(upsert.tables()).containsExactly("t");

    StatementFacts update = analyze("update orders set status = ? where id = ?");
    assertThat(update.kind()).isEqualTo(StatementKind.UPDATE);
    assertThat(update.equalityColumns()).containsExactly(col("orders", "id"));
  }

  @Test
  void orderByLabelsAreNotColumns() {
    StatementFacts facts = analyze("select customer_id, sum(total) as spent from orders group by customer_id "
        + "order by spent desc, customer_id");
    assertThat(facts.orderColumns()).containsExactly(col("orders", "customer_id"));
  }

  @Test
  void dialectsParse() {
    StatementFacts mysql = analyze("select `a` from `t` where `x` = 'it\\'s'");
    assertThat(mysql.parsed()).isTrue();
    assertThat(mysql.equalityColumns()).containsExactly(col("t", "x"));
    StatementFacts sqlServer = analyze("select [Name] from [dbo].[Users] where [Id] = 1");
    assertThat(sqlServer.parsed()).isTrue();
    assertThat(sqlServer.tables()).containsExactly("dbo.users");
    StatementFacts python = analyze("select * from users where id = %(id)s and name = %s");
    assertThat(python.parsed()).isTrue();
    assertThat(python.equalityColumns()).containsExactly(col("users", "id"), col("users", "name"));
    StatementFacts postgres = analyze("select * from users where id = $1 and name = :name and x = 'a%s'");
    assertThat(postgres.parsed()).isTrue();
    assertThat(postgres.equalityColumns()).containsExactly(col("users", "id"), col("users", "name"), col("users", "x"));
  }

  @Test
  void aFingerprintIsAUsableSample() {
    String fingerprint = fingerprinter.normalize("select * from t where id in (1, 2, 3) and a = 'x' limit 5").fingerprint();
    StatementFacts facts = analyze(fingerprint);
    assertThat(facts.parsed()).isTrue();
    assertThat(facts.equalityColumns()).containsExactly(col("t", "id"), col("t", "a"));
    assertThat(facts.hasLimit()).isTrue();
  }

  @Test
  void longSamplesAreAnalyzedThroughTheFingerprint() {
    StringBuilder sql = new StringBuilder("select * from orders where customer_id = 1 and id in (0");
    for (int i = 1; i < 20_000; i++) {
      sql.append(", ").append(i);
    }
    StatementFacts facts = analyze(sql.append(')').toString());
    assertThat(facts.parsed()).isTrue();
    assertThat(facts.equalityColumns()).containsExactly(col("orders", "customer_id"), col("orders", "id"));
  }

  @Test
  void parseFailureKeepsTokenKindAndTables() {
    String sql = "select o.id from orders o join lines l on l.order_id = o.id where o.x = ? "
        + "this is not sql ((( from more_tables";
    StatementFacts facts = analyze(sql);
    assertThat(facts.parsed()).isFalse();
    assertThat(facts.kind()).isEqualTo(StatementKind.SELECT);
    assertThat(facts.tables()).containsExactly("orders", "lines", "more_tables");
    assertThat(facts.equalityColumns()).isEmpty();
    assertThat(facts.hasWhere()).isFalse();
  }

  @Test
  void garbageNeverThrows() {
    for (String sql : new String[] {"", "   ", "'unterminated", "\u0000\u0001", "select (((((((", "update", "from"}) {
      StatementFacts facts = analyze(sql);
      assertThat(facts.parsed()).isFalse();
      assertThat(facts.tables()).isEmpty();
    }
    assertThat(analyzer.analyze(null, fingerprinter.normalize(null)).parsed()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      select o1_0.id from orders o1_0 where o1_0.id=?                                     | HIBERNATE
      select order0_.id as id1_0_ from orders order0_ where order0_.id=?                   | HIBERNATE
      SELECT users.id AS users_id FROM users WHERE users.id = %(pk_1)s                     | SQLALCHEMY
      SELECT count(*) FROM (SELECT a.x FROM a) AS anon_1                                   | SQLALCHEMY
      SELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2                       | ACTIVE_RECORD
      SELECT `users`.* FROM `users` WHERE `users`.`id` = 1 LIMIT 1                         | ACTIVE_RECORD
      SELECT "shop_order"."id", "shop_order"."total" FROM "shop_order" WHERE "shop_order"."id" = 1 | DJANGO
      select id, name from users where id = ?                                              | PLAIN
      select u.id as id from users u                                                       | PLAIN
      """)
  void ormStyleFromShape(String sql, OrmStyle style) {
    assertThat(analyze(sql).orm()).isEqualTo(style);
  }
}
