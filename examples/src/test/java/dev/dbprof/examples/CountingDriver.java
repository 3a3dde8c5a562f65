package dev.dbprof.examples;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * A real JDBC driver for tests ({@code jdbc:counting:postgresql://…}) that forwards everything to
 * pgjdbc and records what the application asked the database to do: physical connections,
 * statements executed one at a time with their parameters, batches with their sizes, commits.
 * It sees exactly what the dbprof capture sees, at the same layer.
 */
final class CountingDriver implements Driver {

  static final String PREFIX = "jdbc:counting:";

  enum Kind { CONNECT, SINGLE, BATCH, COMMIT }

  /**
   * {@code connection} numbers physical connections from 1; {@code sql} is lower-cased with
   * whitespace collapsed; {@code parameters} are those of single statements.
   */
  record Call(int connection, Kind kind, String sql, String parameters, int batchSize) {
  }

  private static final List<Call> CALLS = new ArrayList<>();
  private static int connections;

  static {
    try {
      DriverManager.registerDriver(new CountingDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static String wrap(String plainUrl) {
    return PREFIX + plainUrl.substring("jdbc:".length());
  }

  static synchronized void reset() {
    CALLS.clear();
    connections = 0;
  }

  private static synchronized int nextConnection() {
    return ++connections;
  }

  static synchronized List<Call> calls() {
    return List.copyOf(CALLS);
  }

  private static synchronized void record(Call call) {
    CALLS.add(call);
  }

  static String normalize(String sql) {
    return sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll(" ?([=,()]) ?", "$1").strip();
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
    int id = nextConnection();
    record(new Call(id, Kind.CONNECT, "", "", 0));
    return (Connection) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new ConnectionHandler(id, real));
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  private static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record ConnectionHandler(int id, Connection real) implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = forward(real, method, args);
      switch (method.getName()) {
        case "commit" -> record(new Call(id, Kind.COMMIT, "", "", 0));
        case "prepareStatement", "prepareCall", "createStatement" -> {
          String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
          Class<?> type = method.getName().equals("prepareCall") ? CallableStatement.class
              : method.getName().equals("prepareStatement") ? PreparedStatement.class : Statement.class;
          return Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type},
              new StatementHandler(id, (Statement) result, sql));
        }
        default -> {
        }
      }
      return result;
    }
  }

  private static final class StatementHandler implements InvocationHandler {

    private final int connection;
    private final Statement real;
    private final String preparedSql;
    private final TreeMap<Integer, String> parameters = new TreeMap<>();
    private int pendingBatch;

    StatementHandler(int connection, Statement real, String preparedSql) {
      this.connection = connection;
      this.real = real;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
        parameters.put(index, String.valueOf(args[1]));
      } else if (name.equals("clearParameters")) {
        parameters.clear();
      }
      Object result = forward(real, method, args);
      switch (name) {
        case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
          String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
          record(new Call(connection, Kind.SINGLE, normalize(sql), parameters.values().toString(), 1));
        }
        case "addBatch" -> pendingBatch++;
        case "executeBatch", "executeLargeBatch" -> {
          record(new Call(connection, Kind.BATCH, normalize(preparedSql == null ? "" : preparedSql), "", pendingBatch));
          pendingBatch = 0;
        }
        case "clearBatch" -> pendingBatch = 0;
        default -> {
        }
      }
      return result;
    }
  }
}
