package dev.dbprof.internal.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlanReaderTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = PlanReaderTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void mysql8PrimaryKeyLookupFromTheManual() throws IOException {
    Plan plan = MySqlPlanReader.read(resource("mysql8-const-primary-key.json"), Dialect.MYSQL);
    assertThat(plan.totalCost()).isEqualTo(1.00);
    assertThat(plan.costIsRows()).isFalse();
    PlanNode a = plan.root().children().get(0);
    assertThat(a.table()).isEqualTo("a");
    assertThat(a.access()).isEqualTo(PlanNode.Access.INDEX);
    assertThat(a.indexName()).isEqualTo("PRIMARY");
    assertThat(a.estimatedRows()).isEqualTo(1);
    assertThat(plan.nodes()).noneMatch(n -> n.access() == PlanNode.Access.FULL_SCAN);
  }

  @Test
  void mysql8NestedLoopWithAFullScan() throws IOException {
    Plan plan = MySqlPlanReader.read(resource("mysql8-world-city-country.json"), Dialect.MYSQL);
    assertThat(plan.totalCost()).isEqualTo(550.97);
    assertThat(plan.root().children()).extracting(PlanNode::table).containsExactly("city", "country");
    PlanNode city = plan.root().children().get(0);
    assertThat(city.access()).isEqualTo(PlanNode.Access.FULL_SCAN);
    assertThat(city.estimatedRows()).isEqualTo(4035);
    assertThat(city.indexName()).isNull();
    assertThat(Conditions.predicates(city.filters().get(0), Dialect.MYSQL))
        .extracting(Conditions.Predicate::columnName, Conditions.Predicate::qualifier)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "city"));
    PlanNode country = plan.root().children().get(1);
    assertThat(country.access()).isEqualTo(PlanNode.Access.INDEX);
    assertThat(country.indexName()).isEqualTo("PRIMARY");
  }

  @Test
  void mariadbPlanWithoutCostsCountsRows() throws IOException {
    Plan plan = MySqlPlanReader.read(resource("mariadb-kb-full-scan.json"), Dialect.MARIADB);
    assertThat(plan.costIsRows()).isTrue();
    assertThat(plan.totalCost()).isEqualTo(1000);
    PlanNode t1 = plan.root().children().get(0);
    assertThat(t1.access()).isEqualTo(PlanNode.Access.FULL_SCAN);
    assertThat(t1.filters()).containsExactly("(t1.col1 = 1)");
  }

  @Test
  void mysqlFormatVersionTwoIsRejectedClearly() {
    assertThatThrownBy(() -> MySqlPlanReader.read("{\"query\": \"/* select#1 */\", \"inputs\": []}", Dialect.MYSQL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query_block");
  }

  @Test
  void postgresPlanTree() {
    String json = """
        [{"Plan": {"Node Type": "Sort", "Total Cost": 120.5, "Plan Rows": 10,
          "Sort Key": ["o.created_at DESC"],
          "Plans": [{"Node Type": "Seq Scan", "Relation Name": "orders", "Schema": "shop",
            "Alias": "o", "Total Cost": 100.0, "Plan Rows": 10,
            "Filter": "(o.customer_id = $1)"}]}}]""";
    Plan plan = PostgresPlanReader.read(json);
    assertThat(plan.totalCost()).isEqualTo(120.5);
    assertThat(plan.nodes()).hasSize(2);
    PlanNode scan = plan.nodes().get(1);
    assertThat(scan.access()).isEqualTo(PlanNode.Access.FULL_SCAN);
    assertThat(scan.schema()).isEqualTo("shop");
    assertThat(scan.alias()).isEqualTo("o");
    assertThat(scan.filters()).containsExactly("(o.customer_id = $1)");
    assertThat(plan.root().sortKeys()).containsExactly("o.created_at DESC");
  }
}
