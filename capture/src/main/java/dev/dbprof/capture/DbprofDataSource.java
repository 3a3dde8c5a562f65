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
 * source, so each checkout is one {@code open}…{@code close} in the capture.
 */
public final class DbprofDataSource implements DataSource {

  private final DataSource delegate;
  private final CaptureSettings settings;

  private DbprofDataSource(DataSource delegate, CaptureSettings settings) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.settings = settings;
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
    return Capture.wrap(raw, s, ConnectionInformation.fromDataSource(delegate, raw, ns), null);
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
