package dev.dbprof.examples;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL per test JVM, with pg_stat_statements loaded; every test gets its own database. */
final class SharedPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ByteArrayOutputStream PROGRESS = new ByteArrayOutputStream();
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

  private static DemoDatabase start() {
    DemoDatabase database = DemoDatabase.start(new PrintStream(PROGRESS, true, StandardCharsets.UTF_8),
        Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_utility", "off"));
    Runtime.getRuntime().addShutdownHook(new Thread(database::close, "stop-embedded-postgres"));
    return database;
  }
}
