package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.Capture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords and personal data never leave through dbprof: not into a capture file, not into any
 * report format, not onto stderr — whether they come in a JDBC URL (userinfo, {@code password=},
 * H2's {@code ;PASSWORD=}), a connection property, a p6spy log's URL column, or an
 * {@code --explain-url} that cannot be reached. Reports show no parameter values.
 */
class SecretsTest {

  private static final List<String> SECRETS = List.of("UrlSecret1", "PropSecret2", "P6Secret3", "MySecret4",
      "H2Secret5", "CardNumber4111", "ExplainSecret6", "ExplainSecret7", "ExplainSecret8");

  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
  }

  /** Every output format's run; the text and JSON reports always show the query profile's SQL. */
  private static java.util.Map<OutputFormat, Cli> everyFormat(String... args) {
    java.util.Map<OutputFormat, Cli> runs = new java.util.EnumMap<>(OutputFormat.class);
    for (OutputFormat format : OutputFormat.values()) {
      List<String> all = new ArrayList<>(List.of("analyze", "--fail-on", "never", "--format", format.name()));
      all.addAll(List.of(args));
      runs.put(format, Cli.run(all.toArray(String[]::new)));
    }
    return runs;
  }

  private static boolean showsProfile(OutputFormat format) {
    return format == OutputFormat.text || format == OutputFormat.json;
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not show %s", where, secret).doesNotContain(secret);
    }
  }

  @Test
  void aCaptureOfAUrlAndPropertiesWithPasswordsAndRawValuesLeaksNothingIntoTheFileOrAnyReport()
      throws Exception {
    String url = ReliabilityPostgres.newDatabase(); // the server trusts local connections: any password works
    Path capture = dir.resolve("secrets.jsonl");
    System.setProperty("dbprof.out", capture.toString());
    System.setProperty("dbprof.params", "raw"); // the values are in the file, by the user's choice
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "PropSecret2");
    String wrapped = "jdbc:dbprof:" + url.substring("jdbc:".length()) + "?password=UrlSecret1&ApplicationName=shop";
    try (Connection c = DriverManager.getConnection(wrapped, props)) {
      try (PreparedStatement ps = c.prepareStatement("select ?::text as card")) {
        for (int i = 0; i < 12; i++) {
          ps.setString(1, "CardNumber4111-" + i);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
          }
        }
      }
      for (int i = 0; i < 6; i++) { // the same statement and values again: a duplicate-query finding
        try (PreparedStatement ps = c.prepareStatement("select ?::text as card")) {
          ps.setString(1, "CardNumber4111-0");
          ps.executeQuery().close();
        }
      }
    }
    Capture.flush();
    String file = Files.readString(capture, StandardCharsets.UTF_8);
    assertThat(file).contains("CardNumber4111").doesNotContain("UrlSecret1", "PropSecret2", "user=postgres");

    for (var entry : everyFormat(capture.toString()).entrySet()) {
      Cli run = entry.getValue();
      assertThat(run.exitCode()).isZero();
      if (showsProfile(entry.getKey())) {
        assertThat(run.out()).contains("select");
      }
      assertNoSecret("report", run.out());
      assertNoSecret("stderr", run.err());
    }
  }

  @Test
  void passwordsInAP6spyLogsUrlColumnStayOutOfEveryReport() throws Exception {
    StringBuilder log = new StringBuilder();
    String[] urls = {"jdbc:postgresql://db/shop?user=app&password=P6Secret3", "jdbc:mysql://app:MySecret4@db:3306/shop",
        "jdbc:h2:mem:shop;USER=sa;PASSWORD=H2Secret5"};
    for (int i = 0; i < 30; i++) {
      String u = urls[i % urls.length];
      log.append(1795493952841L + i).append("|1|statement|connection ").append(i % 3).append("|url ").append(u)
          .append("|select * from pets where owner_id = ?|select * from pets where owner_id = ").append(i).append('\n');
    }
    // a malformed line holding a URL too: skipped lines are reported on stderr
    log.append("1795493953000|x|statement|connection 1|url jdbc:mysql://app:MySecret4@db/shop|broken\n");
    Path file = Files.writeString(dir.resolve("spy.log"), log);

    for (var entry : everyFormat(file.toString()).entrySet()) {
      Cli run = entry.getValue();
      assertThat(run.exitCode()).isZero();
      if (showsProfile(entry.getKey())) {
        assertThat(run.out()).contains("pets");
      }
      assertNoSecret("report", run.out());
      assertNoSecret("stderr", run.err());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://127.0.0.1:1/shop?user=app&password=ExplainSecret6",
      "jdbc:postgresql://app:ExplainSecret8@127.0.0.1:1/shop",
      "jdbc:mysql://app:ExplainSecret7@127.0.0.1:1/shop",
      "jdbc:mariadb://127.0.0.1:1/shop?user=app&password=ExplainSecret7",
      "jdbc:mysql://127.0.0.1:1/shop?user=app&password=ExplainSecret8&connectTimeout=2000",
      "jdbc:mariadb://app:ExplainSecret6@127.0.0.1:1/shop",
      "jdbc:mariadb://127.0.0.1:1/shop?user=app&pass=ExplainSecret7&token=ExplainSecret8",
      "jdbc:postgresql://127.0.0.1:1/shop?user=app&token=ExplainSecret6&sslpassword=ExplainSecret7",
      "jdbc:postgresql://127.0.0.1:1/shop?user=app&PassWord=ExplainSecret6&access_token=ExplainSecret8",
      "jdbc:postgresql://127.0.0.1:1/shop?user=app&password=Explain%53ecret6",
      "jdbc:oracle:thin:app/ExplainSecret7@127.0.0.1:1521/shop",
      "jdbc:db2://127.0.0.1:1/shop:user=app;password=ExplainSecret8;",
      "jdbc:sqlserver://127.0.0.1:1;user=app;Password=ExplainSecret6;",
      "jdbc:h2:tcp://127.0.0.1:1/shop;USER=app;PASSWORD=ExplainSecret7",
      "jdbc:dbprof:mariadb://app:ExplainSecret8@127.0.0.1:1/shop?apikey=ExplainSecret6"})
  void anUnreachableExplainUrlIsReportedWithoutItsPassword(String explainUrl) throws Exception {
    Path capture = Files.writeString(dir.resolve("small.jsonl"),
        "{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"start\":1,\"params\":\"none\",\"pid\":1}\n"
            + "{\"type\":\"stmt\",\"ts\":1000,\"conn\":1,\"thread\":\"main\",\"ns\":1000,\"sql\":\"select * from t where id = ?\"}\n");

    for (Cli run : everyFormat(capture.toString(), "--explain-url", explainUrl).values()) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("127.0.0.1");
      assertNoSecret("stderr", run.err());
      assertNoSecret("report", run.out());
    }
  }

  /**
   * A live server: the MariaDB driver reads no user info and quotes {@code app:password@host} in
   * its own message ("Incorrect port value"); the user sees the host, never the password. (The
   * embedded server runs with --skip-grant-tables, so it cannot refuse a wrong password.)
   */
  @Test
  void aLiveMariaDbsDriverMessageQuotingTheUserInfoIsShownWithoutThePassword() throws Exception {
    String url = dev.dbprof.testing.EmbeddedMariaDbServer.newDatabase("userinfo");
    String explainUrl = url.replace("jdbc:mariadb://", "jdbc:mariadb://app:ExplainSecret6@");
    Path capture = Files.writeString(dir.resolve("small.jsonl"),
        "{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"start\":1,\"params\":\"none\",\"pid\":1}\n"
            + "{\"type\":\"stmt\",\"ts\":1000,\"conn\":1,\"thread\":\"main\",\"ns\":1000,\"sql\":\"select * from t where id = ?\"}\n");

    Cli run = Cli.run("analyze", "--fail-on", "never", "--verbose", "--explain-url", explainUrl, capture.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("localhost");
    assertNoSecret("stderr", run.err());
    assertNoSecret("report", run.out());
  }

  /** picocli quotes a mistyped option with its value: a URL in it loses its credentials on stderr. */
  @Test
  void aMistypedOptionCarryingAUrlIsEchoedWithoutItsCredentials() {
    Cli run = Cli.run("analyze", "--explain-ur=jdbc:mariadb://app:ExplainSecret6@db/shop?token=ExplainSecret7", "x.log");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--explain-ur", "jdbc:mariadb://db/shop");
    assertNoSecret("stderr", run.err());
  }

  @Test
  void anUnknownFormatsErrorMessageDoesNotEchoAPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"),
        "connect to jdbc:mysql://app:MySecret4@db/shop?password=P6Secret3 tomorrow\n");

    Cli run = Cli.run("analyze", file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(file.toString());
    assertNoSecret("stderr", run.err());
  }

  @Test
  void theCapturesOwnConnectErrorsDoNotRepeatThePassword() {
    // no driver on the class path takes this URL: the capture's own message names it, redacted
    java.sql.SQLException noDriver = org.assertj.core.api.Assertions.catchThrowableOfType(java.sql.SQLException.class,
        () -> DriverManager.getConnection("jdbc:dbprof:nosuchdb://app:UrlSecret1@db/shop?password=PropSecret2"));

    assertThat((Throwable) noDriver).isNotNull();
    assertThat(noDriver.getMessage()).contains("nosuchdb");
    assertNoSecret("connect error", stackTrace(noDriver));
  }

  /** An exception as a log would show it: classes, messages and causes. */
  private static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
