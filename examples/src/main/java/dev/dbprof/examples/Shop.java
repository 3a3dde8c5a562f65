package dev.dbprof.examples;

import com.zaxxer.hikari.HikariDataSource;

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
      Totals overview = steps.customerOverview();
      Totals labels = steps.shippingLabels();
      Totals imported = steps.importOrder();
      ShopSteps.StatusSearch search = steps.searchByStatus();
      String product = steps.productPage();
      return new ShopResult(overview, labels, imported, search.ordersPerStatus(), search.pageRows(), product);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The shop failed: " + e.getMessage(), e);
    }
  }

  private static ShopSteps steps(Variant variant, Mode mode, HikariDataSource pool, Credentials credentials) {
    return switch (variant) {
      case JDBC -> mode == Mode.NAIVE ? new NaiveJdbcShop(pool, credentials) : new FixedJdbcShop(pool);
      case JPA -> mode == Mode.NAIVE ? new NaiveJpaShop(pool, credentials) : new FixedJpaShop(pool);
    };
  }
}
