package dev.dbprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schemas differ only in the indexes, and that difference decides the plans (rule missing-index). */
class ShopSchemaTest {

  private static final String STATUS_PAGE = "select id, customer_id, created_at, total from orders"
      + " where status = 'PENDING' order by created_at desc limit 20";
  private static final String STATUS_COUNT = "select count(*) from orders where status = 'PENDING'";
  private static final String EMAIL_LOOKUP = "select id from customers where email = 'customer42@example.com'";
  private static final String OVERVIEW_JOIN = "select c.id, o.id from (select id from customers order by id"
      + " limit 25) c left join orders o on o.customer_id = c.id order by c.id, o.id";

  private static String naiveUrl;
  private static String fixedUrl;

  @BeforeAll
  static void createBothSchemas() {
    naiveUrl = ShopSchema.createDemoDatabase(SharedPostgres.get(), Mode.NAIVE);
    fixedUrl = ShopSchema.createDemoDatabase(SharedPostgres.get(), Mode.FIXED);
  }

  @Test
  void seedsTheSameDataInBothModes() throws SQLException {
    String sizes = "select (select count(*) from customers) || '/' || (select count(*) from products) || '/'"
        + " || (select count(*) from orders) || '/' || (select count(*) from order_items)"
        + " || '/' || (select sum(total) from orders)";
    String expectedCounts = ShopSchema.CUSTOMERS + "/" + ShopSchema.PRODUCTS + "/" + ShopSchema.ORDERS + "/"
        + ShopSchema.ORDERS * ShopSchema.ITEMS_PER_ORDER + "/";

    assertThat(single(naiveUrl, sizes)).startsWith(expectedCounts).isEqualTo(single(fixedUrl, sizes));
    assertThat(single(naiveUrl, "select count(*) from orders where total <> (select sum(quantity * unit_price)"
        + " from order_items i where i.order_id = orders.id)")).as("totals match their items").isEqualTo("0");
  }

  @Test
  void naiveSchemaScansOrdersForTheStatusSearch() throws SQLException {
    assertThat(plan(naiveUrl, STATUS_PAGE)).contains("Seq Scan on orders").doesNotContain("Index");
    assertThat(plan(naiveUrl, STATUS_COUNT)).contains("Seq Scan on orders");
    assertThat(plan(naiveUrl, EMAIL_LOOKUP)).contains("Seq Scan on customers");
  }

  @Test
  void fixedSchemaServesTheStatusSearchFromAnIndex() throws SQLException {
    assertThat(plan(fixedUrl, STATUS_PAGE)).contains("orders_status_created_at_idx").doesNotContain("Seq Scan");
    assertThat(plan(fixedUrl, STATUS_COUNT)).contains("orders_status_created_at_idx").doesNotContain("Seq Scan");
    assertThat(plan(fixedUrl, EMAIL_LOOKUP)).contains("customers_email_idx").doesNotContain("Seq Scan");
  }

  @Test
  void theFixedJoinUsesTheForeignKeyIndexRatherThanScanningOrders() throws SQLException {
    assertThat(plan(fixedUrl, OVERVIEW_JOIN)).contains("orders_customer_id_idx").doesNotContain("Seq Scan");
  }

  @Test
  void onlyTheFixedSchemaHasTheSearchIndexes() throws SQLException {
    String indexes = "select string_agg(indexname, ',' order by indexname) from pg_indexes"
        + " where schemaname = 'public'";

    assertThat(single(naiveUrl, indexes)).doesNotContain("orders_status_created_at_idx", "customers_email_idx");
    assertThat(single(fixedUrl, indexes)).contains("orders_status_created_at_idx", "customers_email_idx");
  }

  private static String plan(String url, String sql) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, DemoDatabase.USER, DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("explain " + sql)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return String.join("\n", lines);
  }

  private static String single(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, DemoDatabase.USER, DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
