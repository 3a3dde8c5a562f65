package dev.dbprof.examples;

import dev.dbprof.capture.Units;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@link NaiveJdbcShop}'s work with each anti-pattern fixed: joins, batches, indexes, the pool. */
final class FixedJdbcShop implements ShopSteps {

  private final DataSource pool;

  FixedJdbcShop(DataSource pool) {
    this.pool = pool;
  }

  /** One JOIN instead of a query per customer. */
  @Override
  public Totals customerOverview() throws SQLException {
    long orders = 0;
    BigDecimal value = BigDecimal.ZERO;
    try (Connection connection = pool.getConnection();
        PreparedStatement overview = connection.prepareStatement(
            "select c.id, c.name, c.email, o.id as order_id, o.status, o.created_at, o.total"
                + " from (select id, name, email from customers order by id limit ?) c"
                + " left join orders o on o.customer_id = c.id order by c.id, o.id")) {
      overview.setInt(1, Workload.CUSTOMERS_LISTED);
      try (ResultSet rs = overview.executeQuery()) {
        while (rs.next()) {
          rs.getLong("order_id");
          if (!rs.wasNull()) {
            orders++;
            value = value.add(rs.getBigDecimal("total"));
          }
        }
      }
      connection.commit();
    }
    return new Totals(orders, value);
  }

  /** One query joins orders, customers, items and products. */
  @Override
  public Totals shippingLabels() throws SQLException {
    long lines = 0;
    BigDecimal quantity = BigDecimal.ZERO;
    try (Connection connection = pool.getConnection();
        PreparedStatement labels = connection.prepareStatement(
            "select o.id, c.name, c.email, i.quantity, p.name as product"
                + " from (select id, customer_id from orders order by id desc limit ?) o"
                + " join customers c on c.id = o.customer_id"
                + " join order_items i on i.order_id = o.id"
                + " join products p on p.id = i.product_id"
                + " order by o.id desc, i.id")) {
      labels.setInt(1, Workload.LABELLED_ORDERS);
      try (ResultSet rs = labels.executeQuery()) {
        while (rs.next()) {
          lines++;
          quantity = quantity.add(BigDecimal.valueOf(rs.getInt("quantity")));
        }
      }
      connection.commit();
    }
    return new Totals(lines, quantity);
  }

  /** Products in one query by id array; items and stock updates as JDBC batches. */
  @Override
  public Totals importOrder() throws SQLException {
    List<Workload.Line> lines = Workload.importLines();
    BigDecimal total = BigDecimal.ZERO;
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
      Map<Long, BigDecimal> prices = new HashMap<>();
      try (PreparedStatement products = connection.prepareStatement(
          "select id, price, stock from products where id = any(?)")) {
        Array ids = connection.createArrayOf("bigint",
            lines.stream().map(Workload.Line::productId).toArray(Long[]::new));
        products.setArray(1, ids);
        try (ResultSet rs = products.executeQuery()) {
          while (rs.next()) {
            prices.put(rs.getLong("id"), rs.getBigDecimal("price"));
          }
        }
      }
      try (PreparedStatement insertItems = connection.prepareStatement(
          "insert into order_items (order_id, product_id, quantity, unit_price) values (?, ?, ?, ?)")) {
        for (Workload.Line line : lines) {
          BigDecimal price = prices.get(line.productId());
          insertItems.setLong(1, orderId);
          insertItems.setLong(2, line.productId());
          insertItems.setInt(3, line.quantity());
          insertItems.setBigDecimal(4, price);
          insertItems.addBatch();
          total = total.add(price.multiply(BigDecimal.valueOf(line.quantity())));
        }
        insertItems.executeBatch();
      }
      try (PreparedStatement takeStock = connection.prepareStatement(
          "update products set stock = stock - ? where id = ?")) {
        for (Workload.Line line : lines) {
          takeStock.setInt(1, line.quantity());
          takeStock.setLong(2, line.productId());
          takeStock.addBatch();
        }
        takeStock.executeBatch();
      }
      try (PreparedStatement setTotal = connection.prepareStatement(
          "update orders set total = ? where id = ?")) {
        setTotal.setBigDecimal(1, total);
        setTotal.setLong(2, orderId);
        setTotal.executeUpdate();
      }
      connection.commit();
    }
    return new Totals(lines.size(), total);
  }

  /**
   * Pooled connection, a plain count(*), and the fixed schema's index on (status, created_at).
   * Each status is its own transaction, as separate searches by users would be.
   */
  @Override
  public StatusSearch searchByStatus() throws SQLException {
    SortedMap<String, Long> counts = new TreeMap<>();
    long pageRows = 0;
    try (Connection connection = pool.getConnection()) {
      for (String status : Workload.SEARCHED_STATUSES) { // each status is one user's search: its own request
        try (Units.Scope search = Units.begin("GET /orders?status=" + status)) {
          try (PreparedStatement count = connection.prepareStatement(
              "select count(*) from orders where status = ?")) {
            count.setString(1, status);
            try (ResultSet rs = count.executeQuery()) {
              rs.next();
              counts.put(status, rs.getLong(1));
            }
          }
          try (PreparedStatement page = connection.prepareStatement(
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
          connection.commit();
        }
      }
    }
    return new StatusSearch(counts, pageRows);
  }

  /** The product is loaded once and the value reused. */
  @Override
  public String productPage() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      String product = loadProduct(connection, Workload.FEATURED_PRODUCT_ID);
      connection.commit();
      return product;
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
