package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets written as SQL literals of every dialect's forms, in every cheap input format, analyzed
 * into every output format, the extra {@code --report} files, a baseline and stderr: none of them
 * may show a secret. Each statement repeats so that it becomes findings and profile rows.
 */
class LiteralSecretsTest {

  /** MySQL's literal forms, each holding one secret. */
  private static final List<String> MYSQL_STATEMENTS = List.of(
      "CREATE USER app IDENTIFIED BY \"DqSecret1!\"",
      "SELECT AES_ENCRYPT(name,\"DqKey2\") FROM users WHERE id = 5",
      "SELECT * FROM users WHERE token = 'BsSecret3\\'x' AND n = N'NatSecret4'",
      "SELECT * FROM users WHERE k = _utf8mb4'IntroSecret5' AND h = X'AB12CD34EF' AND b = B'0110100101'"
          + " AND x = 0xDEADBEEF77",
      "SELECT * FROM users WHERE name = \"DqSecret6\" AND email = 'PlainSecret7'",
      "SELECT * FROM users WHERE a = _binary\"BinSecret16\" AND b = 'tail\\\\' AND c = \"Esc\\\"Secret17\"");

  /** PostgreSQL's literal forms, each holding one secret. */
  private static final List<String> POSTGRES_STATEMENTS = List.of(
      "SELECT * FROM users WHERE a = $$DollarSecret8$$ AND b = $t$TagSecret9$t$",
      "SELECT * FROM users WHERE a = E'EscSecret10\\'s' AND b = U&'UniSecret11'",
      "ALTER USER app PASSWORD 'AlterSecret12'",
      "SELECT \"users\".* FROM \"users\" WHERE \"users\".\"email\" = 'PlainSecret15' /* a /* b */ NestSecret18 */");

  private static final List<String> SECRETS = List.of("DqSecret1", "DqKey2", "BsSecret3", "NatSecret4",
      "IntroSecret5", "AB12CD34EF", "0110100101", "DEADBEEF77", "DqSecret6", "PlainSecret7", "DollarSecret8",
      "TagSecret9", "EscSecret10", "UniSecret11", "AlterSecret12", "ParamSecret13", "LineSecret14", "PlainSecret15",
      "BinSecret16", "Secret17", "NestSecret18");

  private static final int REPEATS = 12;

  @TempDir Path dir;

  static Stream<Arguments> logs() {
    return Stream.of(
        Arguments.of("pg-stderr", "postgres.log"),
        Arguments.of("mysql-slow", "slow.log"),
        Arguments.of("mysql-general", "general.log"),
        Arguments.of("p6spy", "spy.log"),
        Arguments.of("capture", "capture.jsonl"),
        Arguments.of("capture-mysql", "capture-mysql.jsonl"),
        Arguments.of("capture-postgresql", "capture-postgresql.jsonl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void noSecretLiteralReachesAnyOutput(String kind, String name) throws IOException {
    Path log = Files.writeString(dir.resolve(name), log(kind), StandardCharsets.UTF_8);
    List<String> seen = new ArrayList<>();

    for (OutputFormat format : OutputFormat.values()) {
      Cli run = Cli.run("analyze", "--fail-on", "never", "--format", format.name(), log.toString());
      assertThat(run.exitCode()).as(kind + " " + format + ": " + run.err()).isZero();
      assertThat(run.out()).as("%s %s shows the statements", kind, format).isNotBlank();
      assertNoSecret(kind + " " + format + " report", run.out());
      assertNoSecret(kind + " " + format + " stderr", run.err());
      seen.add(run.out());
    }
    assertThat(String.join("\n", seen)).as("the reports show the queries").containsIgnoringCase("users");

    List<String> args = new ArrayList<>(List.of("analyze", "--fail-on", "never", "--verbose"));
    for (OutputFormat format : OutputFormat.values()) {
      args.addAll(List.of("--report", format.name() + "=" + dir.resolve("report." + format.name())));
    }
    args.addAll(List.of("--write-baseline", dir.resolve("baseline.json").toString(), log.toString()));
    Cli run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertNoSecret(kind + " stdout", run.out());
    assertNoSecret(kind + " stderr", run.err());
    for (OutputFormat format : OutputFormat.values()) {
      assertNoSecret(kind + " --report " + format, Files.readString(dir.resolve("report." + format.name())));
    }
    String baseline = Files.readString(dir.resolve("baseline.json"));
    assertThat(baseline).isNotBlank();
    assertNoSecret(kind + " baseline", baseline);
  }

  /**
   * A capture's header names only the first connection's database, so its statements are read by
   * the rules for an unknown database whatever it says; an INSERT's column list stays readable.
   */
  @org.junit.jupiter.api.Test
  void aCaptureIsReadByTheRulesForAnUnknownDatabaseWhateverItsHeaderSays() throws IOException {
    String insert = "INSERT INTO \\\"orders\\\" (\\\"user_id\\\", \\\"created_at\\\") VALUES (?, \\\"S3cretValue\\\")";
    String events = ("{\"type\":\"stmt\",\"ts\":1000,\"conn\":1,\"thread\":\"main\",\"ns\":500000,\"sql\":\"" + insert
        + "\"}\n").repeat(3);
    String header = "{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"start\":1,"
        + "\"params\":\"none\",\"pid\":1";
    Path postgres = Files.writeString(dir.resolve("pg.jsonl"), header + ",\"db\":\"PostgreSQL 17.6\"}\n" + events);

    Cli pg = Cli.run("analyze", "--fail-on", "never", "--format", "json", postgres.toString());

    assertThat(pg.out()).contains("insert into \\\"orders\\\"(\\\"user_id\\\", \\\"created_at\\\") values (?, ?)")
        .doesNotContain("S3cretValue");
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not show %s", where, secret).doesNotContainIgnoringCase(secret); // words are lower-cased
    }
  }

  private static String log(String kind) {
    StringBuilder out = new StringBuilder();
    switch (kind) {
      case "pg-stderr" -> {
        int ms = 0;
        for (int i = 0; i < REPEATS; i++) {
          for (String sql : POSTGRES_STATEMENTS) {
            out.append(String.format(java.util.Locale.ROOT,
                "2026-11-24 04:19:%02d.%03d UTC [11910] app@shop LOG:  duration: 0.500 ms  statement: %s%n",
                10 + ms / 1000, ms % 1000, sql));
            ms += 7;
          }
          out.append(String.format(java.util.Locale.ROOT,
              "2026-11-24 04:19:%02d.%03d UTC [11910] app@shop LOG:  duration: 0.300 ms  execute <unnamed>:"
                  + " SELECT * FROM users WHERE id = $1%n", 10 + ms / 1000, ms % 1000));
          out.append(String.format(java.util.Locale.ROOT,
              "2026-11-24 04:19:%02d.%03d UTC [11910] app@shop DETAIL:  parameters: $1 = 'ParamSecret13'%n",
              10 + ms / 1000, ms % 1000));
        }
        out.append("garbage 'LineSecret14' outside any entry\n");
      }
      case "mysql-slow" -> {
        long ts = 1795493988;
        for (int i = 0; i < REPEATS; i++) {
          for (String sql : MYSQL_STATEMENTS) {
            out.append("# Time: 261124  4:19:48\n# User@Host: app[app] @ localhost []\n")
                .append("# Thread_id: 9  Schema: shop  QC_hit: No\n")
                .append("# Query_time: 0.000500  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 1\n")
                .append("SET timestamp=").append(ts++).append(";\n").append(sql).append(";\n");
          }
        }
        out.append("garbage 'LineSecret14' outside any entry\n");
      }
      case "mysql-general" -> {
        out.append("/usr/sbin/mariadbd, Version: 10.11.5-MariaDB (MariaDB Server). started with:\n")
            .append("Tcp port: 3306  Unix socket: /tmp/mysql.sock\nTime\t\t    Id Command\tArgument\n")
            .append("261124  4:19:41\t     9 Connect\tapp@localhost on shop using TCP/IP\n");
        for (int i = 0; i < REPEATS; i++) {
          for (String sql : MYSQL_STATEMENTS) {
            out.append("\t\t     9 Query\t").append(sql).append('\n');
          }
        }
        out.append("261124  4:19:42\t     9 Quit\t\n");
      }
      case "p6spy" -> {
        long ts = 1795493952841L;
        for (int i = 0; i < REPEATS; i++) {
          for (String sql : all()) {
            out.append(ts++).append("|1|statement|connection 1|url jdbc:mysql://db/shop|").append(sql).append('|')
                .append(sql).append('\n');
          }
        }
      }
      case "capture", "capture-mysql", "capture-postgresql" -> {
        // the header names the database (or none); its quoting rules apply to its statements
        String db = switch (kind) {
          case "capture-mysql" -> ",\"db\":\"MySQL 8.0.36\"";
          case "capture-postgresql" -> ",\"db\":\"PostgreSQL 17.6\"";
          default -> "";
        };
        List<String> statements = switch (kind) {
          case "capture-mysql" -> MYSQL_STATEMENTS;
          case "capture-postgresql" -> POSTGRES_STATEMENTS;
          default -> all();
        };
        out.append("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"start\":1,"
            + "\"params\":\"none\",\"pid\":1").append(db).append("}\n");
        long ts = 1000;
        for (int i = 0; i < REPEATS; i++) {
          for (String sql : statements) {
            out.append("{\"type\":\"stmt\",\"ts\":").append(ts++).append(",\"conn\":1,\"thread\":\"main\",\"ns\":500000,")
                .append("\"sql\":\"").append(sql.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}\n");
          }
        }
        out.append("{\"type\":\"stmt\", LineSecret14}\n");
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return out.toString();
  }

  private static List<String> all() {
    List<String> all = new ArrayList<>(MYSQL_STATEMENTS);
    all.addAll(POSTGRES_STATEMENTS);
    return all;
  }
}
