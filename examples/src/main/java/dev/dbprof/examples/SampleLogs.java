package dev.dbprof.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes PostgreSQL server logs of the JDBC shop, naive then fixed, in the three formats dbprof
 * reads: {@code postgresql.log} (stderr), {@code postgresql.csv} (csvlog) and
 * {@code postgresql.json} (jsonlog). Only the shop's databases log their statements, so the logs
 * hold the shop's work, not the seeding. Usage: {@code SampleLogs OUTPUT_DIRECTORY}.
 */
public final class SampleLogs {

  static final String LINE_PREFIX = "%m [%p] %q%u@%d ";

  private SampleLogs() {
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: SampleLogs OUTPUT_DIRECTORY");
      System.exit(2);
    }
    write(Path.of(args[0]), System.err);
  }

  static void write(Path directory, PrintStream progress) {
    Path logs = directory.toAbsolutePath();
    try {
      Files.createDirectories(logs);
      for (String name : new String[] {"postgresql.log", "postgresql.csv", "postgresql.json"}) {
        Files.deleteIfExists(logs.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (logs.toString().contains(" ")) {
      throw new IllegalArgumentException("the log directory must not contain spaces: " + logs);
    }
    // Values travel on the postgres command line, so they may not contain spaces; the line
    // prefix (which does) is set with ALTER SYSTEM once the server runs.
    Map<String, String> config = new TreeMap<>();
    config.put("logging_collector", "on");
    config.put("log_destination", "stderr,csvlog,jsonlog");
    config.put("log_directory", logs.toString());
    config.put("log_filename", "postgresql.log");
    config.put("log_rotation_age", "0");
    config.put("log_rotation_size", "0");
    config.put("log_timezone", "UTC");
    config.put("log_connections", "on");
    config.put("log_disconnections", "on");
    try (DemoDatabase database = DemoDatabase.start(progress, config)) {
      execute(database, "alter system set log_line_prefix = '" + LINE_PREFIX + "'");
      execute(database, "select pg_reload_conf()");
      for (Mode mode : Mode.values()) {
        String name = mode.name().toLowerCase(Locale.ROOT);
        progress.println("seeding shop_" + name + "…");
        String url = ShopSchema.createDemoDatabase(database, mode);
        execute(database, "alter database shop_" + name + " set log_min_duration_statement = 0");
        progress.println("running the jdbc shop in " + name + " mode…");
        Shop.run(Variant.JDBC, mode, url, database.user(), database.password());
      }
    }
    progress.println("wrote " + logs.resolve("postgresql.{log,csv,json}"));
  }

  private static void execute(DemoDatabase database, String sql) {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
