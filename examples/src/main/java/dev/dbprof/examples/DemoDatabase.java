package dev.dbprof.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Embedded PostgreSQL 17 (zonky binaries from Maven) on a random free port, for the demo and the
 * tests. As root, zonky runs initdb and postgres through {@code unshare -U}, so it needs user
 * namespaces; where they are missing the start fails with a one-sentence explanation.
 */
public final class DemoDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "";

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final EmbeddedPostgres postgres;
  private final String serverVersion;

  private DemoDatabase(EmbeddedPostgres postgres, String serverVersion) {
    this.postgres = postgres;
    this.serverVersion = serverVersion;
  }

  /** Starts a server, reporting progress lines on {@code progress}. */
  public static DemoDatabase start(PrintStream progress) {
    return start(progress, Map.of());
  }

  /**
   * Starts a server with extra {@code postgresql.conf} settings (for example
   * {@code shared_preload_libraries=pg_stat_statements}).
   */
  public static DemoDatabase start(PrintStream progress, Map<String, String> serverConfig) {
    progress.println("starting embedded PostgreSQL…");
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setPGStartupWait(Duration.ofSeconds(30))
        // A short-lived server: no durability work, which would only slow the demo down.
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        // The data fits in memory: price random reads as an SSD-tuned server would, so the
        // planner uses the indexes the fixed shop relies on instead of scanning.
        .setServerConfig("random_page_cost", "1.1");
    new TreeMap<>(serverConfig).forEach(builder::setServerConfig);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new DemoDatabaseException(explain(e), e);
    }
    String version;
    try {
      version = queryVersion(postgres.getPort());
    } catch (SQLException e) {
      closeQuietly(postgres);
      throw new DemoDatabaseException(
          "Embedded PostgreSQL started but does not accept connections: " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    progress.println(String.format(Locale.ROOT, "PostgreSQL %s ready on port %d in %.1f s",
        version, postgres.getPort(), seconds));
    return new DemoDatabase(postgres, version);
  }

  public int port() {
    return postgres.getPort();
  }

  /** The server's {@code server_version}, e.g. {@code 17.6}. */
  public String serverVersion() {
    return serverVersion;
  }

  /** JDBC URL of the default {@code postgres} database. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  public String jdbcUrl(String database) {
    return urlFor(port(), database);
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** Creates an empty database (dropping one of that name first) and returns its JDBC URL. */
  public String createDatabase(String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain lower-case database name: " + name);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("drop database if exists " + name + " with (force)");
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new DemoDatabaseException("Could not create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new DemoDatabaseException("Embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
    }
  }

  private static String urlFor(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  private static String queryVersion(int port) throws SQLException {
    try (Connection connection = DriverManager.getConnection(urlFor(port, "postgres"), USER, PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1).split(" ")[0];
    }
  }

  /** One sentence for the user; the cause chain stays attached for --verbose output. */
  static String explain(Throwable failure) {
    String all = describeChain(failure);
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    if (all.contains("cannot be run as root") || (asRoot && !userNamespacesWork())) {
      return "Embedded PostgreSQL cannot start as root here because user namespaces (unshare -U) are"
          + " not available; run as a non-root user or allow unprivileged user namespaces.";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    return "Embedded PostgreSQL could not start: " + firstLine(reason);
  }

  /** What zonky relies on as root: {@code unshare -U} must run a command as an unprivileged user. */
  private static boolean userNamespacesWork() {
    try {
      Process unshare = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
      String uid = new String(unshare.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .strip();
      return unshare.waitFor() == 0 && !uid.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String describeChain(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException | RuntimeException ignored) {
      // Already failing; the first error is the one worth reporting.
    }
  }
}
