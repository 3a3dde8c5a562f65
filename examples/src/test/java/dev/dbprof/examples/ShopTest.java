package dev.dbprof.examples;

import static dev.dbprof.examples.ShopRuns.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.examples.CountingDriver.Call;
import dev.dbprof.examples.ShopRuns.Run;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each anti-pattern is present in the naive mode and gone in the fixed mode, counted at the JDBC
 * layer (what a capture sees) and, where the server can tell, in pg_stat_statements.
 */
class ShopTest {

  /** A bind parameter as the application sends it ({@code ?}) or as the server records it ({@code $1}). */
  private static final String P = "(\\?|\\$\\d+)";

  private static final Pattern ORDERS_OF_CUSTOMER = sql("from orders( \\w+)? where (\\w+\\.)?customer_id=" + P);
  private static final Pattern CUSTOMER_BY_ID = sql("from customers( \\w+)? where (\\w+\\.)?id=" + P);
  private static final Pattern ITEMS_OF_ORDER = sql("from order_items\\b.* where (\\w+\\.)?order_id=" + P);
  private static final Pattern INSERT_ITEM = sql("^insert into order_items\\b");
  private static final Pattern UPDATE_STOCK = sql("^update products set\\b");
  private static final Pattern COUNT_OVER_SUBQUERY = sql("^select count\\(\\*\\) ?from ?\\(select");
  private static final Pattern PLAIN_STATUS_COUNT = sql("^select count\\([^)]*\\) ?from orders( \\w+)? where");
  private static final Pattern PRODUCT_BY_ID = sql("from products( \\w+)? where (\\w+\\.)?id=" + P);

  private static final int STATUSES = Workload.SEARCHED_STATUSES.size();

  @ParameterizedTest
  @EnumSource(Variant.class)
  void nPlusOne_naiveQueriesOrdersOncePerCustomer_fixedNever(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(naive.singles(ORDERS_OF_CUSTOMER)).isEqualTo(Workload.CUSTOMERS_LISTED);
    assertThat(naive.serverCalls(ORDERS_OF_CUSTOMER)).isEqualTo(Workload.CUSTOMERS_LISTED);
    assertThat(fixed.singles(ORDERS_OF_CUSTOMER)).isZero();
    assertThat(fixed.serverCalls(ORDERS_OF_CUSTOMER)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void nPlusOne_naiveInterleavesCustomerAndItemsPerOrder_fixedJoins(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(naive.singles(CUSTOMER_BY_ID)).isEqualTo(Workload.LABELLED_ORDERS);
    assertThat(naive.singles(ITEMS_OF_ORDER)).isEqualTo(Workload.LABELLED_ORDERS);
    assertThat(naive.serverCalls(ITEMS_OF_ORDER)).isEqualTo(Workload.LABELLED_ORDERS);
    // Interleaved: customer, items, customer, items, … within the labels' unit of work.
    List<Call> labels = naive.unitsOfWork().stream()
        .filter(unit -> unit.stream().anyMatch(c -> ITEMS_OF_ORDER.matcher(c.sql()).find()))
        .findFirst().orElseThrow();
    List<String> order = labels.stream().map(Call::sql)
        .filter(s -> CUSTOMER_BY_ID.matcher(s).find() || ITEMS_OF_ORDER.matcher(s).find())
        .map(s -> CUSTOMER_BY_ID.matcher(s).find() ? "customer" : "items").limit(4).toList();
    assertThat(order).containsExactly("customer", "items", "customer", "items");

    assertThat(fixed.singles(CUSTOMER_BY_ID)).isZero();
    assertThat(fixed.singles(ITEMS_OF_ORDER)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void unbatchedWrites_naiveInsertsEachItem_fixedSendsOneBatch(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(naive.singles(INSERT_ITEM)).isEqualTo(Workload.IMPORT_LINES);
    assertThat(naive.batches(INSERT_ITEM)).isEmpty();
    assertThat(naive.serverCalls(INSERT_ITEM)).isEqualTo(Workload.IMPORT_LINES);

    assertThat(fixed.singles(INSERT_ITEM)).isZero();
    assertThat(fixed.batches(INSERT_ITEM)).extracting(Call::batchSize).containsExactly(Workload.IMPORT_LINES);
    // reWriteBatchedInserts: the server receives one multi-row INSERT instead of 32.
    assertThat(fixed.serverCalls(INSERT_ITEM)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void unbatchedWrites_naiveUpdatesStockRowByRow_fixedBatches(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(naive.singles(UPDATE_STOCK)).isEqualTo(Workload.IMPORT_LINES);
    assertThat(naive.batches(UPDATE_STOCK)).isEmpty();
    assertThat(fixed.singles(UPDATE_STOCK)).isZero();
    assertThat(fixed.batches(UPDATE_STOCK)).extracting(Call::batchSize).containsExactly(Workload.IMPORT_LINES);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void countSubquery_naiveWrapsTheQuery_fixedCountsPlainly(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(naive.singles(COUNT_OVER_SUBQUERY)).isEqualTo(STATUSES);
    assertThat(naive.serverCalls(COUNT_OVER_SUBQUERY)).isEqualTo(STATUSES);
    assertThat(fixed.singles(COUNT_OVER_SUBQUERY)).isZero();
    assertThat(fixed.singles(PLAIN_STATUS_COUNT)).isEqualTo(STATUSES);
    assertThat(fixed.serverCalls(COUNT_OVER_SUBQUERY)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void duplicateQuery_naiveLoadsTheFeaturedProductTwiceInOneUnit_fixedOnce(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);
    String featured = "[" + Workload.FEATURED_PRODUCT_ID + "]";

    assertThat(naive.unitsOfWork()).anySatisfy(unit -> assertThat(unit.stream()
        .filter(c -> PRODUCT_BY_ID.matcher(c.sql()).find() && c.parameters().equals(featured)))
        .hasSize(2));
    assertThat(fixed.calls().stream()
        .filter(c -> PRODUCT_BY_ID.matcher(c.sql()).find() && c.parameters().equals(featured)))
        .hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void connectionChurn_naiveOpensAConnectionPerSearchStatement_fixedUsesOnePooledConnection(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    long oneStatementConnections = naive.statementsPerConnection().values().stream().filter(n -> n == 1).count();
    assertThat(oneStatementConnections).isEqualTo(2L * STATUSES);
    assertThat(naive.connectionsOpened()).isEqualTo(2L * STATUSES + 1);

    assertThat(fixed.connectionsOpened()).isEqualTo(1L);
    assertThat(fixed.statementsPerConnection()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void fixedMode_runsNoStatementTwiceInAUnitOfWork(Variant variant) {
    Run fixed = ShopRuns.of(variant, Mode.FIXED);

    assertThat(fixed.unitsOfWork()).isNotEmpty();
    for (List<Call> unit : fixed.unitsOfWork()) {
      Map<String, Long> timesPerStatement = unit.stream()
          .collect(Collectors.groupingBy(c -> c.kind() + " " + c.sql(), TreeMap::new, Collectors.counting()));
      assertThat(timesPerStatement).allSatisfy((statement, times) ->
          assertThat(times).as(statement).isEqualTo(1L));
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void naiveMode_repeatsStatementShapesWithinUnitsOfWork(Variant variant) {
    Run naive = ShopRuns.of(variant, Mode.NAIVE);

    long worst = naive.unitsOfWork().stream()
        .flatMap(unit -> unit.stream().collect(Collectors.groupingBy(Call::sql, Collectors.counting()))
            .values().stream())
        .mapToLong(Long::longValue).max().orElse(0);
    assertThat(worst).isGreaterThanOrEqualTo(Workload.IMPORT_LINES);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void theCaptureHoldsOnlyTheShopsWork_notTheSchemaSetup(Variant variant) {
    for (Mode mode : Mode.values()) {
      assertThat(ShopRuns.of(variant, mode).calls()).noneMatch(c ->
          c.sql().startsWith("create ") || c.sql().startsWith("analyze") || c.sql().contains("generate_series"));
    }
  }

  @Test
  void everyVariantAndModeDoesTheSameBusinessWork() throws SQLException {
    ShopResult expected = ShopRuns.of(Variant.JDBC, Mode.NAIVE).result();
    for (Variant variant : Variant.values()) {
      for (Mode mode : Mode.values()) {
        assertThat(ShopRuns.of(variant, mode).result()).as(variant + " " + mode).isEqualTo(expected);
      }
    }
    // And the results are the database's, checked with independent SQL after a run.
    Run run = ShopRuns.of(Variant.JPA, Mode.FIXED);
    assertThat(expected.customerOverview().rows()).isEqualTo(
        queryLong(run, "select count(*) from orders where customer_id <= " + Workload.CUSTOMERS_LISTED));
    assertThat(expected.importedOrder().rows()).isEqualTo(Workload.IMPORT_LINES).isEqualTo(
        queryLong(run, "select count(*) from order_items where order_id = (select max(id) from orders)"));
    assertThat(expected.importedOrder().amount()).isEqualByComparingTo(
        queryString(run, "select total from orders where id = (select max(id) from orders)"));
    assertThat(queryLong(run, "select sum(100000 - stock) from products")).isEqualTo(
        Workload.importLines().stream().mapToLong(Workload.Line::quantity).sum());
    Map<String, Long> perStatus = new TreeMap<>();
    for (String status : Workload.SEARCHED_STATUSES) {
      perStatus.put(status, queryLong(run, "select count(*) from orders where status = '" + status + "'"));
    }
    assertThat(expected.ordersPerStatus()).isEqualTo(perStatus);
    assertThat(expected.statusPageRows()).isEqualTo((long) STATUSES * Workload.PAGE_SIZE);
    assertThat(expected.featuredProduct()).startsWith("SKU-0007 Product 7 ");
  }

  private static long queryLong(Run run, String sql) throws SQLException {
    return Long.parseLong(queryString(run, sql));
  }

  private static String queryString(Run run, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(run.plainUrl(), DemoDatabase.USER,
        DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
