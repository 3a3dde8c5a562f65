package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Enumeration;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * {@code jdbc:dbprof:<rest>} opens {@code jdbc:<rest>} with the driver registered for it and
 * records every statement on the connection. Settings are read each time a connection opens.
 */
public final class DbprofDriver implements Driver {

  static final String PREFIX = "jdbc:dbprof:";

  static {
    try {
      DriverManager.registerDriver(new DbprofDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String realUrl = realUrl(url);
    Driver driver = realDriver(realUrl);
    long start = System.nanoTime();
    Connection raw = driver.connect(realUrl, info);
    long ns = System.nanoTime() - start;
    if (raw == null) {
      throw new SQLException("dbprof: the driver for " + Redactor.url(realUrl)
          + " did not accept the URL", "08001");
    }
    CaptureSettings settings;
    try {
      settings = CaptureSettings.fromEnvironment();
    } catch (Throwable t) {
      return raw;
    }
    ConnectionInformation ci = ConnectionInformation.fromDriver(driver, raw, ns);
    ci.setUrl(url);
    return Capture.wrap(raw, settings, ci, realUrl, false);
  }

  static String realUrl(String url) throws SQLException {
    String real = "jdbc:" + url.substring(PREFIX.length());
    if (real.startsWith(PREFIX)) {
      throw new SQLException("dbprof: nested jdbc:dbprof: URL", "08001");
    }
    return real;
  }

  /** The registered driver for the real URL: never this one, never p6spy's. */
  private static Driver realDriver(String realUrl) throws SQLException {
    Enumeration<Driver> drivers = DriverManager.getDrivers();
    while (drivers.hasMoreElements()) {
      Driver d = drivers.nextElement();
      if (!(d instanceof DbprofDriver) && acceptsQuietly(d, realUrl)) {
        return d;
      }
    }
    throw new SQLException("dbprof: no JDBC driver found for " + Redactor.url(realUrl)
        + " (is the database's driver on the class path?)", "08001");
  }

  private static boolean acceptsQuietly(Driver d, String url) {
    try {
      return d.acceptsURL(url);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String realUrl = realUrl(url);
    return realDriver(realUrl).getPropertyInfo(realUrl, info);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("dbprof does not use java.util.logging");
  }
}
