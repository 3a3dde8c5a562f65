package dev.dbprof.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbprof.capture.Units;
import java.util.concurrent.Callable;

/**
 * The example shop: the same business work written with each database anti-pattern
 * ({@link Mode#NAIVE}) and with each one fixed ({@link Mode#FIXED}), in plain JDBC or JPA.
 * Create the schema first with {@link ShopSchema#create} on the plain URL.
 */
public final class Shop {

  private Shop() {
  }

  /**
   * Runs every use case once. {@code jdbcUrl} may be a capture URL ({@code jdbc:dbprof:postgresql://…});
   * the naive mode also opens connections of its own through {@link java.sql.DriverManager} with it.
   */
  public static ShopResult run(Variant variant, Mode mode, String jdbcUrl, String user, String password) {
    try (HikariDataSource pool = ShopPool.open(mode, jdbcUrl, user, password);
        ShopSteps steps = steps(variant, mode, pool, new Credentials(jdbcUrl, user, password))) {
      // each use case is one request of the application, marked as such for the profiler
      Totals overview = request("GET /customers/overview", steps::customerOverview);
      Totals labels = request("GET /orders/labels", steps::shippingLabels);
      Totals imported = request("POST /orders/import", steps::importOrder);
      ShopSteps.StatusSearch search = steps.searchByStatus(); // one request per status, marked inside
      String product = request("GET /products/featured", steps::productPage);
      return new ShopResult(overview, labels, imported, search.ordersPerStatus(), search.pageRows(), product);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The shop failed: " + e.getMessage(), e);
    }
  }

  private static <T> T request(String name, Callable<T> step) throws Exception {
    try (Units.Scope request = Units.begin(name)) {
      return step.call();
    }
  }

  private static ShopSteps steps(Variant variant, Mode mode, HikariDataSource pool, Credentials credentials) {
    return switch (variant) {
      case JDBC -> mode == Mode.NAIVE ? new NaiveJdbcShop(pool, credentials) : new FixedJdbcShop(pool);
      case JPA -> mode == Mode.NAIVE ? new NaiveJpaShop(pool, credentials) : new FixedJpaShop(pool);
    };
  }
}
