package dev.dbprof.examples;

import dev.dbprof.capture.Units;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Plain JDBC with every anti-pattern dbprof detects; {@link FixedJdbcShop} is its twin. */
final class NaiveJdbcShop implements ShopSteps {

  private final javax.sql.DataSource pool;
  private final Credentials credentials;

  NaiveJdbcShop(javax.sql.DataSource pool, Credentials credentials) {
    this.pool = pool;
    this.credentials = credentials;
  }

  /** n-plus-one: one orders query per customer row. */
  @Override
  public Totals customerOverview() throws SQLException {
    long orders = 0;
    BigDecimal value = BigDecimal.ZERO;
    try (Connection connection = pool.getConnection()) {
      List<Long> customerIds = new ArrayList<>();
      try (PreparedStatement customers = connection.prepareStatement(
          "select id, name, email from customers order by id limit ?")) {
        customers.setInt(1, Workload.CUSTOMERS_LISTED);
        try (ResultSet rs = customers.executeQuery()) {
          while (rs.next()) {
            customerIds.add(rs.getLong("id"));
          }
        }
      }
      for (long customerId : customerIds) {
        try (PreparedStatement ordersOf = connection.prepareStatement(
            "select id, status, created_at, total from orders where customer_id = ? order by id")) {
          ordersOf.setLong(1, customerId);
          try (ResultSet rs = ordersOf.executeQuery()) {
            while (rs.next()) {
              orders++;
              value = value.add(rs.getBigDecimal("total"));
            }
          }
        }
      }
      connection.commit();
    }
    return new Totals(orders, value);
  }

  /** n-plus-one, interleaved: per order, its customer, then its items with product names. */
  @Override
  public Totals shippingLabels() throws SQLException {
    long lines = 0;
    BigDecimal quantity = BigDecimal.ZERO;
    try (Connection connection = pool.getConnection()) {
      List<long[]> orders = new ArrayList<>();
      try (PreparedStatement newest = connection.prepareStatement(
          "select id, customer_id from orders order by id desc limit ?")) {
        newest.setInt(1, Workload.LABELLED_ORDERS);
        try (ResultSet rs = newest.executeQuery()) {
          while (rs.next()) {
            orders.add(new long[] {rs.getLong("id"), rs.getLong("customer_id")});
          }
        }
      }
      for (long[] order : orders) {
        try (PreparedStatement customer = connection.prepareStatement(
            "select name, email from customers where id = ?")) {
          customer.setLong(1, order[1]);
          try (ResultSet rs = customer.executeQuery()) {
            rs.next();
          }
        }
        try (PreparedStatement items = connection.prepareStatement(
            "select i.quantity, p.name from order_items i join products p on p.id = i.product_id"
                + " where i.order_id = ? order by i.id")) {
          items.setLong(1, order[0]);
          try (ResultSet rs = items.executeQuery()) {
            while (rs.next()) {
              lines++;
              quantity = quantity.add(BigDecimal.valueOf(rs.getInt("quantity")));
            }
          }
        }
      }
      connection.commit();
    }
    return new Totals(lines, quantity);
  }

  /**
   * unbatched-writes: one INSERT per item and one stock UPDATE per item, each its own round trip;
   * plus a product SELECT per line (n-plus-one again).
   */
  @Override
  public Totals importOrder() throws SQLException {
    BigDecimal total = BigDecimal.ZERO;
    int items = 0;
    try (Connection connection = pool.getConnection()) {
      long customerId = customerIdByEmail(connection);
      long orderId;
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into orders (customer_id, status, created_at, total) values (?, ?, ?, 0)",
          Statement.RETURN_GENERATED_KEYS)) {
        insert.setLong(1, customerId);
        insert.setString(2, Workload.IMPORTED_STATUS);
        insert.setTimestamp(3, Timestamp.from(Workload.IMPORTED_AT));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          orderId = keys.getLong(1);
        }
      }
      for (Workload.Line line : Workload.importLines()) {
        BigDecimal price;
        try (PreparedStatement product = connection.prepareStatement(
            "select price, stock from products where id = ?")) {
          product.setLong(1, line.productId());
          try (ResultSet rs = product.executeQuery()) {
            rs.next();
            price = rs.getBigDecimal("price");
          }
        }
        try (PreparedStatement insertItem = connection.prepareStatement(
            "insert into order_items (order_id, product_id, quantity, unit_price) values (?, ?, ?, ?)")) {
          insertItem.setLong(1, orderId);
          insertItem.setLong(2, line.productId());
          insertItem.setInt(3, line.quantity());
          insertItem.setBigDecimal(4, price);
          insertItem.executeUpdate();
        }
        try (PreparedStatement takeStock = connection.prepareStatement(
            "update products set stock = stock - ? where id = ?")) {
          takeStock.setInt(1, line.quantity());
          takeStock.setLong(2, line.productId());
          takeStock.executeUpdate();
        }
        total = total.add(price.multiply(BigDecimal.valueOf(line.quantity())));
        items++;
      }
      try (PreparedStatement setTotal = connection.prepareStatement(
          "update orders set total = ? where id = ?")) {
        setTotal.setBigDecimal(1, total);
        setTotal.setLong(2, orderId);
        setTotal.executeUpdate();
      }
      connection.commit();
    }
    return new Totals(items, total);
  }

  /**
   * connection-churn: every statement on a new physical connection; count-subquery for the
   * number of matches; missing-index: the naive schema has no index on orders.status.
   */
  @Override
  public StatusSearch searchByStatus() throws SQLException {
    SortedMap<String, Long> counts = new TreeMap<>();
    long pageRows = 0;
    for (String status : Workload.SEARCHED_STATUSES) { // each status is one user's search: its own request
      try (Units.Scope search = Units.begin("GET /orders?status=" + status)) {
        try (Connection connection = credentials.openUnpooled();
            PreparedStatement count = connection.prepareStatement(
                "select count(*) from (select id, customer_id, status, created_at, total"
                    + " from orders where status = ?) sub")) {
          count.setString(1, status);
          try (ResultSet rs = count.executeQuery()) {
            rs.next();
            counts.put(status, rs.getLong(1));
          }
        }
        try (Connection connection = credentials.openUnpooled();
            PreparedStatement page = connection.prepareStatement(
                "select id, customer_id, created_at, total from orders where status = ?"
                    + " order by created_at desc limit ?")) {
          page.setString(1, status);
          page.setInt(2, Workload.PAGE_SIZE);
          try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
              pageRows++;
            }
          }
        }
      }
    }
    return new StatusSearch(counts, pageRows);
  }

  /** duplicate-query: the same product loaded twice in one transaction. */
  @Override
  public String productPage() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      String title = loadProduct(connection, Workload.FEATURED_PRODUCT_ID);
      String priceBox = loadProduct(connection, Workload.FEATURED_PRODUCT_ID);
      connection.commit();
      return title.equals(priceBox) ? title : title + " / " + priceBox;
    }
  }

  private static String loadProduct(Connection connection, long productId) throws SQLException {
    try (PreparedStatement product = connection.prepareStatement(
        "select id, sku, name, price, stock from products where id = ?")) {
      product.setLong(1, productId);
      try (ResultSet rs = product.executeQuery()) {
        rs.next();
        return rs.getString("sku") + " " + rs.getString("name") + " " + rs.getBigDecimal("price")
            + " (" + rs.getInt("stock") + " in stock)";
      }
    }
  }

  private static long customerIdByEmail(Connection connection) throws SQLException {
    try (PreparedStatement customer = connection.prepareStatement("select id from customers where email = ?")) {
      customer.setString(1, Workload.IMPORTING_CUSTOMER_EMAIL);
      try (ResultSet rs = customer.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no customer " + Workload.IMPORTING_CUSTOMER_EMAIL);
        }
        return rs.getLong(1);
      }
    }
  }
}
