package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link DbprofDataSource} tells a pool's checkout from a physical connect, beyond HikariCP (on
 * real PostgreSQL and MariaDB in {@code RealDatabaseContract}): a pool it knows by name, a pool it does
 * not know that hands out proxies, and the driver's own data source.
 */
class CheckoutsTest {

  @TempDir
  Path dir;

  @Test
  void h2sOwnPoolIsKnownByName() throws Exception {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:checkouts_h2", "sa", "");
    try {
      assertThat(types(pool, "h2pool.jsonl")).containsExactly("checkout", "stmt", "checkin", "checkout", "stmt", "checkin");
    } finally {
      pool.dispose();
    }
  }

  @Test
  void anUnknownPoolIsToldByTheProxyItHandsOut() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:checkouts_proxy;DB_CLOSE_DELAY=-1");
    try (Connection physical = h2.getConnection()) {
      assertThat(types(new OneConnectionPool(physical), "proxy.jsonl"))
          .containsExactly("checkout", "stmt", "checkin", "checkout", "stmt", "checkin");
    }
  }

  @Test
  void theDriversOwnDataSourceConnectsEachTime() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:checkouts_driver;DB_CLOSE_DELAY=-1");
    assertThat(types(h2, "driver.jsonl")).containsExactly("open", "stmt", "close", "open", "stmt", "close");
  }

  private java.util.List<Object> types(DataSource target, String file) throws Exception {
    Path out = dir.resolve(file);
    DataSource ds = DbprofDataSource.wrap(target, CaptureSettings.defaults().withOut(out));
    for (int i = 0; i < 2; i++) {
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("select " + i);
      }
    }
    Capture.flush();
    return CaptureFile.read(out).events().stream().map(e -> e.get("type")).toList();
  }

  /**
   * A pool dbprof does not know: one physical connection, handed out as a proxy whose {@code close}
   * gives it back and whose {@code unwrap(Connection.class)} returns it, as pools do.
   */
  private static final class OneConnectionPool implements DataSource {
    private final Connection physical;

    OneConnectionPool(Connection physical) {
      this.physical = physical;
    }

    @Override
    public Connection getConnection() {
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "close":
                return null; // back to the pool
              case "unwrap":
                return ((Class<?>) args[0]).isInstance(physical) ? physical : physical.unwrap((Class<?>) args[0]);
              case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(physical) || physical.isWrapperFor((Class<?>) args[0]);
              default:
                try {
                  return method.invoke(physical, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
            }
          });
    }

    @Override
    public Connection getConnection(String user, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
