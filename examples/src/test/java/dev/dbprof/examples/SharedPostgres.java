package dev.dbprof.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM, with pg_stat_statements loaded; every test gets its own
 * database. The server logs to {@link #logDirectory()} in all three formats (stderr, csvlog,
 * jsonlog) at once; statements are logged only in databases that ask for it
 * ({@code alter database … set log_min_duration_statement = 0}), connections everywhere.
 */
final class SharedPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ByteArrayOutputStream PROGRESS = new ByteArrayOutputStream();
  private static final Path LOGS = logs();
  private static final DemoDatabase DATABASE = start();

  private SharedPostgres() {
  }

  static DemoDatabase get() {
    return DATABASE;
  }

  /** What {@link DemoDatabase#start} reported while starting the shared instance. */
  static String startupProgress() {
    return PROGRESS.toString(StandardCharsets.UTF_8);
  }

  /** A new, empty database; returns its plain JDBC URL. */
  static String newDatabase(String prefix) {
    return DATABASE.createDatabase(prefix + "_" + DATABASES.incrementAndGet());
  }

  /** Where the server writes {@code postgresql.log}, {@code postgresql.csv} and {@code postgresql.json}. */
  static Path logDirectory() {
    return LOGS;
  }

  private static DemoDatabase start() {
    // values travel on the postgres command line: no spaces (the line prefix is set below)
    Map<String, String> config = new TreeMap<>(Map.of("shared_preload_libraries", "pg_stat_statements",
        "pg_stat_statements.track_utility", "off"));
    config.put("logging_collector", "on");
    config.put("log_destination", "stderr,csvlog,jsonlog");
    config.put("log_directory", LOGS.toString());
    config.put("log_filename", "postgresql.log");
    config.put("log_rotation_age", "0");
    config.put("log_rotation_size", "0");
    config.put("log_timezone", "UTC");
    config.put("log_connections", "on");
    config.put("log_disconnections", "on");
    DemoDatabase database = DemoDatabase.start(new PrintStream(PROGRESS, true, StandardCharsets.UTF_8), config);
    Runtime.getRuntime().addShutdownHook(new Thread(database::close, "stop-embedded-postgres"));
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("alter system set log_line_prefix = '" + SampleLogs.LINE_PREFIX + "'");
      statement.execute("select pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the log line prefix: " + e.getMessage(), e);
    }
    return database;
  }

  private static Path logs() {
    try {
      return Files.createTempDirectory("dbprof-examples-pg-logs-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
