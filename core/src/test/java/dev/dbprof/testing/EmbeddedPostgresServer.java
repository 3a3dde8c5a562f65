package dev.dbprof.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL 17 per test JVM, started on first use and shared. Statement logging is
 * on in all three destinations at once so log-reader tests can read what the server really wrote.
 * Every test asks for its own database with {@link #newDatabase(String)}.
 */
public final class EmbeddedPostgresServer {

  /** The prefix the server writes before every stderr line; log tests compile it. */
  public static final String LOG_LINE_PREFIX = "%m [%p] %q%u@%d %e %c ";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static Path dataDirectory;

  private EmbeddedPostgresServer() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        dataDirectory = Files.createTempDirectory("dbprof-pg-");
        server = EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setDataDirectoryCustomizer(dir -> appendLoggingConfig(dir.toPath()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  // Appended to postgresql.conf because pg_ctl's -o option cannot carry values with spaces.
  private static void appendLoggingConfig(Path dir) {
    String config = String.join("\n",
        "",
        "logging_collector = on",
        "log_destination = 'stderr,csvlog,jsonlog'",
        "log_directory = 'log'",
        "log_filename = 'postgresql.log'",
        "log_rotation_age = 0",
        "log_rotation_size = 0",
        "log_min_duration_statement = 0",
        "log_connections = on",
        "log_disconnections = on",
        "log_line_prefix = '" + LOG_LINE_PREFIX + "'",
        "");
    try {
      Files.writeString(dir.resolve("postgresql.conf"), config, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stderr log; the csvlog and jsonlog sit next to it as {@code .csv} and {@code .json}. */
  public static Path stderrLog() {
    server();
    return dataDirectory.resolve("log").resolve("postgresql.log");
  }

  public static Path csvLog() {
    return stderrLog().resolveSibling("postgresql.csv");
  }

  public static Path jsonLog() {
    return stderrLog().resolveSibling("postgresql.json");
  }

  /** Creates a fresh database for one test and returns its JDBC URL (user postgres, trust). */
  public static String newDatabase(String hint) {
    String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
        .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url(name);
  }

  public static String url(String database) {
    return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
  }

  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }
}
