package dev.dbprof.examples;

import dev.dbprof.examples.CountingDriver.Call;
import dev.dbprof.examples.CountingDriver.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs each variant × mode once per test JVM on its own fresh database and keeps what happened:
 * the calls the application made (through {@link CountingDriver}) and the statements the server
 * executed (from pg_stat_statements).
 */
final class ShopRuns {

  /** What one run did. {@code serverCalls}: pg_stat_statements' query text (normalized) → calls. */
  record Run(Variant variant, Mode mode, String plainUrl, ShopResult result, List<Call> calls,
      Map<String, Long> serverCalls) {

    long singles(Pattern sql) {
      return calls.stream().filter(c -> c.kind() == Kind.SINGLE && sql.matcher(c.sql()).find()).count();
    }

    List<Call> batches(Pattern sql) {
      return calls.stream().filter(c -> c.kind() == Kind.BATCH && sql.matcher(c.sql()).find()).toList();
    }

    long serverCalls(Pattern sql) {
      return serverCalls.entrySet().stream().filter(e -> sql.matcher(e.getKey()).find())
          .mapToLong(Map.Entry::getValue).sum();
    }

    long connectionsOpened() {
      return calls.stream().filter(c -> c.kind() == Kind.CONNECT).count();
    }

    /** Statements (single or batch) per physical connection, for the connections that ran any. */
    Map<Integer, Long> statementsPerConnection() {
      Map<Integer, Long> perConnection = new TreeMap<>();
      calls.stream().filter(c -> c.kind() == Kind.SINGLE || c.kind() == Kind.BATCH)
          .forEach(c -> perConnection.merge(c.connection(), 1L, Long::sum));
      return perConnection;
    }

    /** Units of work: the statements of one connection up to a commit (or to its end, in autocommit). */
    List<List<Call>> unitsOfWork() {
      List<List<Call>> units = new ArrayList<>();
      Map<Integer, List<Call>> open = new LinkedHashMap<>();
      for (Call call : calls) {
        if (call.kind() == Kind.COMMIT) {
          List<Call> unit = open.remove(call.connection());
          if (unit != null) {
            units.add(unit);
          }
        } else if (call.kind() != Kind.CONNECT) {
          open.computeIfAbsent(call.connection(), id -> new ArrayList<>()).add(call);
        }
      }
      units.addAll(open.values());
      return units;
    }
  }

  private static final Map<Variant, Map<Mode, Run>> RUNS = new EnumMap<>(Variant.class);

  private ShopRuns() {
  }

  static synchronized Run of(Variant variant, Mode mode) {
    return RUNS.computeIfAbsent(variant, v -> new EnumMap<>(Mode.class))
        .computeIfAbsent(mode, m -> execute(variant, m));
  }

  static Pattern sql(String regex) {
    return Pattern.compile(regex);
  }

  private static Run execute(Variant variant, Mode mode) {
    DemoDatabase database = SharedPostgres.get();
    String url = SharedPostgres.newDatabase("shop_" + variant.name().toLowerCase(java.util.Locale.ROOT)
        + "_" + mode.name().toLowerCase(java.util.Locale.ROOT));
    ShopSchema.create(mode, url, database.user(), database.password());
    resetServerStatistics(url);
    CountingDriver.reset();
    ShopResult result = Shop.run(variant, mode, CountingDriver.wrap(url), database.user(), database.password());
    List<Call> calls = CountingDriver.calls();
    return new Run(variant, mode, url, result, calls, serverStatements(url));
  }

  private static void resetServerStatistics(String url) {
    try (Connection connection = DriverManager.getConnection(url, DemoDatabase.USER, DemoDatabase.PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("create extension if not exists pg_stat_statements");
      statement.execute("select pg_stat_statements_reset(0, (select oid from pg_database"
          + " where datname = current_database()), 0)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Long> serverStatements(String url) {
    Map<String, Long> calls = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(url, DemoDatabase.USER, DemoDatabase.PASSWORD);
        PreparedStatement statement = connection.prepareStatement(
            "select query, calls from pg_stat_statements s join pg_database d on d.oid = s.dbid"
                + " where d.datname = current_database()");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        calls.merge(CountingDriver.normalize(rs.getString(1)), rs.getLong(2), Long::sum);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return calls;
  }

  static Predicate<Call> single() {
    return c -> c.kind() == Kind.SINGLE;
  }
}
