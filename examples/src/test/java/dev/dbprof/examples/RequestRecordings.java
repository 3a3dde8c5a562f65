package dev.dbprof.examples;

import com.p6spy.engine.spy.P6ModuleManager;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.DbprofDataSource;
import dev.dbprof.testing.EmbeddedMariaDbServer;
import dev.dbprof.testing.LogFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs each request scenario once per database and marker setting per test JVM, with everything
 * recording the same run at once, and keeps the files:
 * <ul>
 *   <li>the pool's URL is {@code jdbc:p6spy:…}: p6spy writes its own {@code spy.log}, and dbprof's
 *       p6spy listener the physical connections' capture {@code capture.jsonl} (the same recorder as
 *       {@code jdbc:dbprof:}, which cannot sit on top of p6spy without recording each statement twice);
 *   <li>the application takes its connections from {@code DbprofDataSource.wrap(pool)}: the
 *       checkouts' capture {@code capture-datasource.jsonl};
 *   <li>the server's statement log: PostgreSQL's stderr, csv and json logs, MariaDB's general and
 *       slow logs, cut to this run.
 * </ul>
 * The files stay under {@code target/request-scenarios/} to look at.
 */
final class RequestRecordings {

  /** Every input that recorded a run, with the file name it gets. */
  enum Source {
    CAPTURE("capture.jsonl"),
    CAPTURE_DATASOURCE("capture-datasource.jsonl"),
    P6SPY("spy.log"),
    PG_STDERR("postgresql.log"),
    PG_CSV("postgresql.csv"),
    PG_JSON("postgresql.json"),
    MARIADB_GENERAL("general.log"),
    MARIADB_SLOW("slow.log");

    final String fileName;

    Source(String fileName) {
      this.fileName = fileName;
    }

    boolean serverLog() {
      return ordinal() >= PG_STDERR.ordinal();
    }

    static List<Source> of(RequestDatabase database) {
      List<Source> sources = new ArrayList<>(List.of(CAPTURE, CAPTURE_DATASOURCE, P6SPY));
      sources.addAll(database == RequestDatabase.POSTGRESQL ? List.of(PG_STDERR, PG_CSV, PG_JSON)
          : List.of(MARIADB_GENERAL, MARIADB_SLOW));
      return sources;
    }
  }

  /** One run and its files. */
  record Recording(RequestScenario scenario, RequestDatabase database, boolean markers, Map<Source, Path> files) {

    @Override
    public String toString() {
      return scenario + " on " + database + (markers ? " with" : " without") + " unit markers";
    }
  }

  private record Key(RequestScenario scenario, RequestDatabase database, boolean markers) {
  }

  static final Path ROOT = Path.of("target", "request-scenarios").toAbsolutePath();
  private static final String APP_PACKAGES = "dev.dbprof.examples";
  private static final Duration LOG_WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Map<Key, Recording> RECORDINGS = new HashMap<>();
  private static Connection mariaDbAdmin;
  private static Connection postgresAdmin;

  private RequestRecordings() {
  }

  static synchronized Recording of(RequestScenario scenario, RequestDatabase database, boolean markers) {
    return RECORDINGS.computeIfAbsent(new Key(scenario, database, markers), RequestRecordings::record);
  }

  private static Recording record(Key key) {
    if (RUNS.get() == 0) {
      deleteRecursively(ROOT);
    }
    String name = String.format(Locale.ROOT, "%s_%s_%s", key.scenario().name(),
        key.markers() ? "marked" : "unmarked", RUNS.incrementAndGet()).toLowerCase(Locale.ROOT);
    Path dir = ROOT.resolve(key.database().name().toLowerCase(Locale.ROOT)).resolve(name);
    try {
      Files.createDirectories(dir);
      for (Source source : Source.values()) {
        Files.deleteIfExists(dir.resolve(source.fileName));
      }
      Map<Source, Path> files = key.database() == RequestDatabase.POSTGRESQL
          ? recordOnPostgres(key, name, dir) : recordOnMariaDb(key, name, dir);
      return new Recording(key.scenario(), key.database(), key.markers(), files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(key + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<Source, Path> recordOnPostgres(Key key, String name, Path dir)
      throws SQLException, IOException, InterruptedException {
    DemoDatabase server = SharedPostgres.get();
    String url = SharedPostgres.newDatabase("requests_" + name);
    String database = url.substring(url.lastIndexOf('/') + 1);
    RequestShop.createSchema(key.scenario(), key.database(), url, server.user(), server.password());
    Connection admin = postgresAdmin(server);
    try (Statement statement = admin.createStatement()) {
      statement.execute("alter database " + database + " set log_min_duration_statement = 0");
    }
    awaitNoSessions(admin, database);
    String begin = "dbprof-request-scenario begin " + name;
    String end = "dbprof-request-scenario end " + name;
    List<Path> logs = List.of(SharedPostgres.logDirectory().resolve("postgresql.log"),
        SharedPostgres.logDirectory().resolve("postgresql.csv"),
        SharedPostgres.logDirectory().resolve("postgresql.json"));
    raiseLog(admin, begin);
    for (Path log : logs) {
      LogFiles.awaitLines(log, LOG_WAIT, line -> line.contains(begin));
    }
    Map<Source, Path> files = new EnumMap<>(Source.class);
    HikariDataSource pool = runScenario(key, url, server.user(), server.password(), dir, files);
    try {
      raiseLog(admin, end);
      for (Path log : logs) {
        LogFiles.awaitLines(log, LOG_WAIT, line -> line.contains(end));
      }
    } finally {
      pool.close();
      finishCaptures();
    }
    files.put(Source.PG_STDERR, cut(logs.get(0), begin, end, dir.resolve(Source.PG_STDERR.fileName)));
    files.put(Source.PG_CSV, cut(logs.get(1), begin, end, dir.resolve(Source.PG_CSV.fileName)));
    files.put(Source.PG_JSON, cut(logs.get(2), begin, end, dir.resolve(Source.PG_JSON.fileName)));
    return files;
  }

  private static Map<Source, Path> recordOnMariaDb(Key key, String name, Path dir)
      throws SQLException, IOException {
    String url = EmbeddedMariaDbServer.newDatabase("requests_" + name);
    Connection admin = mariaDbAdmin();
    Path setupGeneral = ROOT.resolve("mariadb").resolve("setup-general.log");
    Path setupSlow = ROOT.resolve("mariadb").resolve("setup-slow.log");
    logTo(admin, setupGeneral, setupSlow);
    // Connector/J (jdbc:mysql:) for its batch rewriting; the schema is created through it too
    String mysqlUrl = "jdbc:mysql:" + url.substring("jdbc:mariadb:".length());
    RequestShop.createSchema(key.scenario(), key.database(), mysqlUrl, "root", "");
    Path general = dir.resolve(Source.MARIADB_GENERAL.fileName);
    Path slow = dir.resolve(Source.MARIADB_SLOW.fileName);
    logTo(admin, general, slow);
    Map<Source, Path> files = new EnumMap<>(Source.class);
    HikariDataSource pool = runScenario(key, mysqlUrl, "root", "", dir, files);
    try {
      // the run's files end when the server moves on to the next ones
      logTo(admin, setupGeneral, setupSlow);
    } finally {
      pool.close();
      finishCaptures();
    }
    files.put(Source.MARIADB_GENERAL, general);
    files.put(Source.MARIADB_SLOW, slow);
    return files;
  }

  /**
   * Opens the pool over {@code jdbc:p6spy:} with p6spy and the capture writing into {@code dir},
   * serves the scenario's requests through {@code DbprofDataSource.wrap(pool)} and returns the
   * pool, still open (its connections close after the server log is cut).
   */
  private static HikariDataSource runScenario(Key key, String url, String user, String password, Path dir,
      Map<Source, Path> files) {
    Path capture = dir.resolve(Source.CAPTURE.fileName);
    Path checkouts = dir.resolve(Source.CAPTURE_DATASOURCE.fileName);
    Path spyLog = dir.resolve(Source.P6SPY.fileName);
    Map<String, String> p6spy = new LinkedHashMap<>();
    p6spy.put("appender", "com.p6spy.engine.spy.appender.FileLogger");
    p6spy.put("logfile", spyLog.toString());
    p6spy.put("append", "true");
    p6spy.put("jmx", "false");
    // keeps statements, batches, commits and rollbacks
    p6spy.put("excludecategories", "info,debug,result,resultset");
    p6spy.forEach((k, v) -> System.setProperty("p6spy.config." + k, v));
    P6ModuleManager.getInstance().reload();
    // read by the p6spy listener when the pool opens its connection
    System.setProperty("dbprof.out", capture.toString());
    System.setProperty("dbprof.appPackages", APP_PACKAGES);
    HikariDataSource pool = RequestShop.pool(key.scenario(), key.database(),
        "jdbc:p6spy:" + url.substring("jdbc:".length()), user, password);
    try {
      System.clearProperty("dbprof.out");
      System.clearProperty("dbprof.appPackages");
      CaptureSettings checkoutSettings = CaptureSettings.fromEnvironment().withOut(checkouts)
          .withAppPackages(APP_PACKAGES);
      DataSource application = DbprofDataSource.wrap(pool, checkoutSettings);
      onFreshThread(() -> RequestShop.serve(key.scenario(), key.database(), application, key.markers()));
      Capture.flush();
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    } finally {
      p6spy.keySet().forEach(k -> System.clearProperty("p6spy.config." + k));
    }
    files.put(Source.CAPTURE, capture);
    files.put(Source.CAPTURE_DATASOURCE, checkouts);
    files.put(Source.P6SPY, spyLog);
    return pool;
  }

  /**
   * Each run on a thread of its own, as a freshly started server would serve it: the capture keeps
   * call-site state per thread, and one run must not inherit another's.
   */
  private static void onFreshThread(Runnable work) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(work, "request-shop-" + RUNS.get());
    thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the requests ran", e);
    }
    if (failure.get() instanceof RuntimeException e) {
      throw e;
    } else if (failure.get() instanceof Error e) {
      throw e;
    } else if (failure.get() != null) {
      throw new IllegalStateException(failure.get());
    }
  }

  /** Writes what the closed pool's connections recorded and closes the capture files and p6spy's log. */
  private static void finishCaptures() {
    Capture.closeAll();
    P6ModuleManager.getInstance().reload();
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Connection postgresAdmin(DemoDatabase server) throws SQLException {
    if (postgresAdmin == null) {
      postgresAdmin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
      try (Statement statement = postgresAdmin.createStatement()) {
        // the markers are one line each: no CONTEXT or STATEMENT line after them
        statement.execute("set log_error_verbosity = terse");
        statement.execute("set log_min_error_statement = panic");
      }
    }
    return postgresAdmin;
  }

  /** Waits until the seeding's sessions have left, so none of their lines fall into the run's log. */
  private static void awaitNoSessions(Connection admin, String database) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + LOG_WAIT.toNanos();
    try (PreparedStatement sessions = admin.prepareStatement(
        "select count(*) from pg_stat_activity where datname = ?")) {
      sessions.setString(1, database);
      while (true) {
        try (ResultSet rs = sessions.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("sessions of " + database + " did not end");
        }
        Thread.sleep(20);
      }
    }
    // a backend logs its disconnection just after it leaves pg_stat_activity
    Thread.sleep(200);
  }

  /** A line in the server log, written by a session whose statements are not logged. */
  private static void raiseLog(Connection admin, String text) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      statement.execute("do $$ begin raise log '" + text + "'; end $$");
    }
  }

  /** The lines strictly between the begin and the end marker lines: the run, whole records only. */
  private static Path cut(Path log, String begin, String end, Path target) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (from < 0 && lines.get(i).contains(begin)) {
        from = i + 1;
      } else if (from >= 0 && lines.get(i).contains(end)) {
        to = i;
        break;
      }
    }
    if (from < 0 || to < 0) {
      throw new IllegalStateException(log + " has no lines between '" + begin + "' and '" + end + "'");
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines.subList(from, to)) {
      text.append(line).append('\n');
    }
    Files.writeString(target, text, StandardCharsets.UTF_8);
    return target;
  }

  private static Connection mariaDbAdmin() throws SQLException {
    if (mariaDbAdmin == null) {
      mariaDbAdmin = EmbeddedMariaDbServer.connect(EmbeddedMariaDbServer.url(""));
      try (Statement statement = mariaDbAdmin.createStatement()) {
        // this session's own statements stay out of both logs
        statement.execute("set session sql_log_off = 1");
        statement.execute("set session long_query_time = 100000");
      }
      EmbeddedMariaDbServer.setLogging(true);
    }
    return mariaDbAdmin;
  }

  /** Points the server's general and slow logs at new files; the server writes a header to each. */
  private static void logTo(Connection admin, Path general, Path slow) throws SQLException, IOException {
    Files.createDirectories(general.getParent());
    try (Statement statement = admin.createStatement()) {
      statement.execute("set global general_log_file = '" + general + "'");
      statement.execute("set global slow_query_log_file = '" + slow + "'");
    }
  }
}
