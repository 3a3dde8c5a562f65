package dev.dbprof.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * The shop as a web application serving requests: Hibernate on a HikariCP pool, the services of
 * {@link RequestScenario} called once per request, requests back to back with a pause of 30 to
 * 80 ms between them, as requests from users arrive. The caller decides what the pool's URL goes
 * through (the capture, p6spy) and what wraps the pool.
 */
final class RequestShop {

  static final int CUSTOMERS = 60;
  static final int PRODUCTS = 40;
  /** Order {@code i} belongs to customer {@code i}, so the newest 30 orders have 30 different customers. */
  static final int ORDERS = 60;

  private static final Instant FIRST_ORDER = Instant.parse("2026-01-01T08:00:00Z");

  private RequestShop() {
  }

  /**
   * Creates the scenario's tables with Hibernate's schema tool (IDENTITY or SEQUENCE ids, as the
   * scenario maps them) and seeds them. Run it on the plain URL: the seeding is not the work.
   */
  static void createSchema(RequestScenario scenario, RequestDatabase database, String jdbcUrl, String user,
      String password) {
    try (HikariDataSource plain = pool(scenario, database, jdbcUrl, user, password)) {
      Map<String, String> properties = new HashMap<>(scenario.hibernateProperties);
      properties.put("hibernate.hbm2ddl.auto", "create-only");
      properties.putAll(autocommitProperties(scenario));
      // the schema tool runs while the factory is built
      JpaBootstrap.sessionFactory(scenario.mapping, plain, database.product, database.majorVersion,
          database.minorVersion, properties).close();
      seed(plain);
    } catch (SQLException e) {
      throw new IllegalStateException("could not seed the request shop: " + e.getMessage(), e);
    }
  }

  /** The application's pool: one connection, in autocommit only when the scenario uses no transactions. */
  static HikariDataSource pool(RequestScenario scenario, RequestDatabase database, String jdbcUrl, String user,
      String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("request-shop-" + scenario.name().toLowerCase(Locale.ROOT));
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setAutoCommit(!scenario.transactional);
    // Single-threaded requests never hold two connections: one physical connection serves them all.
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.addDataSourceProperty(database.rewriteBatchesProperty, "true");
    return new HikariDataSource(config);
  }

  /** Serves the scenario's requests back to back; with {@code markers}, each request is a marked unit. */
  static void serve(RequestScenario scenario, RequestDatabase database, DataSource dataSource, boolean markers) {
    try (SessionFactory factory = JpaBootstrap.sessionFactory(scenario.mapping, dataSource, database.product,
        database.majorVersion, database.minorVersion, withAutocommit(scenario))) {
      Transactions transactions = new Transactions(factory);
      ShopRepositories repositories = new ShopRepositories(transactions);
      RequestScenario.Services services = new RequestScenario.Services(
          new RecentOrderCustomersService(transactions, repositories),
          new OrderImportService(transactions, repositories),
          new StorefrontService(transactions));
      List<RequestScenario.Request> requests = scenario.requests(services);
      for (int i = 0; i < requests.size(); i++) {
        if (i > 0) {
          pause(pauseBefore(i));
        }
        RequestScenario.Request request = requests.get(i);
        if (markers) {
          UnitMarkers.unit(request.route(), request.work());
        } else {
          request.work().run();
        }
      }
    }
  }

  /** 30 to 80 ms, varied but the same on every run. */
  static Duration pauseBefore(int request) {
    return Duration.ofMillis(30 + (request * 37L) % 51);
  }

  private static Map<String, String> withAutocommit(RequestScenario scenario) {
    Map<String, String> properties = new HashMap<>(scenario.hibernateProperties);
    properties.putAll(autocommitProperties(scenario));
    return properties;
  }

  // Hibernate may skip its autocommit check only when the pool really hands out autocommit-off connections.
  private static Map<String, String> autocommitProperties(RequestScenario scenario) {
    return Map.of("hibernate.connection.provider_disables_autocommit", Boolean.toString(scenario.transactional));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between requests", e);
    }
  }

  private static void seed(DataSource plain) throws SQLException {
    try (Connection connection = plain.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement customers = connection.prepareStatement(
          "insert into customers (name, email, created_at) values (?, ?, ?)")) {
        for (int i = 1; i <= CUSTOMERS; i++) {
          customers.setString(1, "Customer " + i);
          customers.setString(2, "customer" + i + "@example.com");
          customers.setTimestamp(3, Timestamp.from(FIRST_ORDER.minus(Duration.ofDays(i))));
          customers.addBatch();
        }
        customers.executeBatch();
      }
      try (PreparedStatement products = connection.prepareStatement(
          "insert into products (sku, name, price, stock) values (?, ?, ?, ?)")) {
        for (int i = 1; i <= PRODUCTS; i++) {
          products.setString(1, String.format(Locale.ROOT, "SKU-%04d", i));
          products.setString(2, "Product " + i);
          products.setBigDecimal(3, BigDecimal.valueOf(100 + i, 2));
          products.setInt(4, 1000);
          products.addBatch();
        }
        products.executeBatch();
      }
      try (PreparedStatement orders = connection.prepareStatement(
          "insert into orders (customer_id, status, created_at, total) values (?, ?, ?, ?)")) {
        for (int i = 1; i <= ORDERS; i++) {
          orders.setLong(1, i);
          orders.setString(2, "SHIPPED");
          orders.setTimestamp(3, Timestamp.from(FIRST_ORDER.plus(Duration.ofHours(i))));
          orders.setBigDecimal(4, BigDecimal.valueOf(1000 + i, 2));
          orders.addBatch();
        }
        orders.executeBatch();
      }
      connection.commit();
    }
  }
}
