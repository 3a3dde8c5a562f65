package dev.dbprof.internal.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.internal.explain.Conditions.Predicate;
import dev.dbprof.internal.explain.Conditions.Use;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static List<String> describe(String condition) {
    return describe(condition, Dialect.POSTGRESQL);
  }

  private static List<String> describe(String condition, Dialect dialect) {
    return Conditions.predicates(condition, dialect).stream()
        .map(p -> String.join(".", p.column()) + " " + p.use()
            + (p.other() == null ? "" : " " + String.join(".", p.other())))
        .toList();
  }

  @Test
  void postgresGenericPlanFilterWithCastsAndParameters() {
    assertThat(describe("((o.customer_id = $1) AND ((o.status)::text = 'NEW'::text))"))
        .containsExactly("o.customer_id EQUALITY", "o.status EQUALITY");
  }

  @Test
  void rangesBetweenAndMultiWordCasts() {
    assertThat(describe("((orders.created_at >= '2024-01-01 00:00:00'::timestamp without time zone)"
        + " AND (orders.total > $2))"))
        .containsExactly("orders.created_at RANGE", "orders.total RANGE");
    assertThat(describe("t.a BETWEEN 1 AND 5 AND t.b = 2"))
        .containsExactly("t.a RANGE", "t.b EQUALITY");
  }

  @Test
  void joinConditionYieldsBothSides() {
    assertThat(describe("(o.customer_id = c.id)"))
        .containsExactly("o.customer_id JOIN c.id", "c.id JOIN o.customer_id");
  }

  @Test
  void mysqlBacktickQualifiedAndInLists() {
    List<Predicate> p = Conditions.predicates(
        "((`shop`.`o`.`customer_id` = 42) and (`shop`.`o`.`status` in ('NEW','PAID')))", Dialect.MYSQL);
    assertThat(p).extracting(Predicate::columnName).containsExactly("customer_id", "status");
    assertThat(p).extracting(Predicate::qualifier).containsExactly("o", "o");
    assertThat(p).extracting(Predicate::use).containsOnly(Use.EQUALITY);
  }

  @Test
  void anyArrayAndIsNullAreEqualities() {
    assertThat(describe("((t.id = ANY ('{1,2,3}'::integer[])) AND (t.deleted_at IS NULL))"))
        .containsExactly("t.id EQUALITY", "t.deleted_at EQUALITY");
  }

  @Test
  void skipsWhatAPlainIndexCannotServe() {
    assertThat(describe("((t.a = 1) OR (t.b = 2))")).isEmpty();
    assertThat(describe("(lower((c.email)::text) = 'x'::text)")).isEmpty();
    assertThat(describe("(t.a <> 5)")).isEmpty();
    assertThat(describe("(t.name ~~ 'abc%'::text)")).isEmpty();
    assertThat(describe("(t.a IS NOT NULL)")).isEmpty();
    assertThat(describe("(NOT (hashed SubPlan 1))")).isEmpty();
    assertThat(describe("t.a not in (1,2)")).isEmpty();
  }

  @Test
  void keepsTheIndexableConjunctNextToAnOr() {
    assertThat(describe("((t.tenant = 7) AND ((t.a = 1) OR (t.b = 2)))"))
        .containsExactly("t.tenant EQUALITY");
  }

  @Test
  void stringsAreLexedAsTheServerPrintsThem() {
    // PostgreSQL prints standard strings: a backslash is an ordinary character
    assertThat(describe("((t.path = 'C:\\'::text) AND (t.id = $1))"))
        .containsExactly("t.path EQUALITY", "t.id EQUALITY");
    // MySQL/MariaDB escape a quote with a backslash and keep the column's case
    assertThat(describe("t.note = 'it\\'s' and city.Name = 'x'", Dialect.MARIADB))
        .containsExactly("t.note EQUALITY", "city.Name EQUALITY");
  }

  @Test
  void valueOnTheLeftIsFlipped() {
    assertThat(describe("(42 = t.customer_id)")).containsExactly("t.customer_id EQUALITY");
  }
}
