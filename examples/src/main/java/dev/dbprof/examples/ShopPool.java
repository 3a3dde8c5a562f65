package dev.dbprof.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The shop's HikariCP pool. The driver is found from the URL, so {@code jdbc:dbprof:} URLs work as they are. */
final class ShopPool {

  private ShopPool() {
  }

  static HikariDataSource open(Mode mode, String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shop-" + mode.name().toLowerCase(java.util.Locale.ROOT));
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setAutoCommit(false);
    // The shop is single-threaded and never holds two pooled connections at once: exactly one
    // physical connection serves the whole run (a larger pool opens spare ones in the background).
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    if (mode == Mode.FIXED) {
      // pgjdbc turns a batch of INSERTs into multi-row INSERTs: fewer statements on the server too.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return new HikariDataSource(config);
  }
}
