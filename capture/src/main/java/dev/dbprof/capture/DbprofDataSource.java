package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections are recorded. Wrap the pool, not the driver's own data
 * source, so that each checkout is one {@code checkout}…{@code checkin} in the capture, with the
 * unit of work open on the thread.
 *
 * <p>A connection is a pool's checkout, not a physical connect, when the wrapped data source is a
 * known pool (HikariCP, DBCP, Tomcat's, c3p0, Vibur, Druid, Agroal, Oracle UCP, H2's), or when the
 * connection it hands out is a proxy over another connection ({@code unwrap(Connection.class)}
 * gives another object): every pool hands out proxies, so that {@code close()} returns the
 * connection instead of closing it, while a driver's own data source hands out its connection.
 * Anything else is an {@code open}…{@code close}: a new physical connection.
 */
public final class DbprofDataSource implements DataSource {

  /** Class-name prefixes of connection pools' data sources. */
  private static final String[] POOLS = {
    "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.jdbc.pool.", "com.mchange.v2.c3p0.",
    "org.vibur.dbcp.", "com.alibaba.druid.pool.", "io.agroal.", "oracle.ucp.",
    // H2's pool hands out the driver's own connection class, so only its name tells
    "org.h2.jdbcx.JdbcConnectionPool",
  };

  private final DataSource delegate;
  private final CaptureSettings settings;
  private final boolean knownPool;

  private DbprofDataSource(DataSource delegate, CaptureSettings settings) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.settings = settings;
    this.knownPool = isKnownPool(delegate.getClass().getName());
  }

  static boolean isKnownPool(String className) {
    for (String prefix : POOLS) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code connection} is a pool's proxy rather than a driver's own connection. */
  private boolean isCheckout(Connection connection) {
    if (knownPool) {
      return true;
    }
    try {
      Connection inner = connection.unwrap(Connection.class);
      return inner != null && inner != connection;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Settings come from system properties and environment variables at each checkout. */
  public static DataSource wrap(DataSource dataSource) {
    return new DbprofDataSource(dataSource, null);
  }

  /** Fixed settings, whatever the environment says. */
  public static DataSource wrap(DataSource dataSource, CaptureSettings settings) {
    return new DbprofDataSource(dataSource, Objects.requireNonNull(settings, "settings"));
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    Connection raw = delegate.getConnection();
    return wrap(raw, System.nanoTime() - start);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    long start = System.nanoTime();
    Connection raw = delegate.getConnection(username, password);
    return wrap(raw, System.nanoTime() - start);
  }

  private Connection wrap(Connection raw, long ns) {
    CaptureSettings s;
    try {
      s = settings != null ? settings : CaptureSettings.fromEnvironment();
    } catch (Throwable t) {
      return raw;
    }
    if (raw == null) {
      return null;
    }
    return Capture.wrap(raw, s, ConnectionInformation.fromDataSource(delegate, raw, ns), null, isCheckout(raw));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "DbprofDataSource[" + delegate + "]";
  }
}
