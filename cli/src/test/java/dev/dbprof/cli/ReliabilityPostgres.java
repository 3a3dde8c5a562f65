package dev.dbprof.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL for the reliability tests of this JVM, started on first use; a database per test. */
final class ReliabilityPostgres {

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private ReliabilityPostgres() {
  }

  /** A fresh database; its JDBC URL without credentials (the server trusts local connections). */
  static synchronized String newDatabase() throws Exception {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
      Runtime.getRuntime().addShutdownHook(new Thread(ReliabilityPostgres::stop, "reliability-postgres-stop"));
    }
    String name = "reliability_" + NEXT.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
  }

  private static synchronized void stop() {
    try {
      postgres.close();
    } catch (Exception ignored) {
      // the JVM is ending
    }
  }
}
