package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole command line against a real database: {@code analyze --explain-url} over a capture full
 * of statements that would destroy data if anything ran them — writes, DDL, stacked statements, a
 * writable CTE inside a SELECT, a side-effecting function, {@code nextval}, {@code COPY … TO} a
 * file, an attempt to switch read-only off — leaves every table, row, sequence, index and file as
 * it was, with and without {@code --explain-analyze} and {@code --index-trial}.
 */
class DatabaseSafetyTest {

  private static final Path PWNED = Path.of(System.getProperty("java.io.tmpdir"), "dbprof-safety-pwned");

  @TempDir Path dir;

  private static final List<String> HOSTILE = List.of(
      "DELETE FROM victim WHERE id = ?",
      "UPDATE victim SET v = 'gone' WHERE id = ?",
      "INSERT INTO victim (id, v) VALUES (?, 'x')",
      "DROP TABLE victim",
      "SELECT 1; DROP TABLE victim",
      "select * from victim where v = ?; delete from victim",
      "TRUNCATE victim",
      "/* harmless */ delete from victim",
      "with d as (delete from victim returning *) select * from d where v = ?",
      "select bump() from victim where v = ?",
      "select nextval('victim_seq') from victim where v = ?",
      "select * from victim where v = ? for update",
      "CREATE TABLE intruder AS SELECT * FROM victim",
      "select set_config('transaction_read_only', 'off', false), * from victim where v = ?",
      "copy (select 1) to '" + PWNED + "'",
      "select * from victim where v = ?");

  private static void run(Connection c, String... sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  /** Everything a statement could have changed, as text. */
  private static List<String> state(Connection c) throws SQLException {
    List<String> state = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (String q : List.of(
          "select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = 'public'",
          "select count(*) || ' ' || md5(string_agg(t::text, ',' order by t::text)) from victim t",
          "select last_value || ' ' || is_called from victim_seq",
          "select string_agg(indexname, ',' order by indexname) from pg_indexes where schemaname = 'public'",
          "select count(*) from audit")) {
        try (ResultSet rs = st.executeQuery(q)) {
          rs.next();
          state.add(rs.getString(1));
        }
      }
    }
    return state;
  }

  private Path hostileCapture() throws Exception {
    StringBuilder jsonl = new StringBuilder("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\","
        + "\"start\":1,\"db\":\"PostgreSQL 17\",\"params\":\"raw\",\"pid\":1}\n");
    long ts = 1_000_000;
    for (int round = 0; round < 15; round++) {
      for (String sql : HOSTILE) {
        int params = (int) sql.chars().filter(ch -> ch == '?').count();
        String values = params == 0 ? "[]" : "[\"" + (round % 5 + 1) + "\"]";
        jsonl.append("{\"type\":\"stmt\",\"ts\":").append(ts += 1_000).append(",\"conn\":1,\"thread\":\"main\",\"ns\":")
            .append(50_000_000).append(",\"sql\":\"").append(sql).append("\",\"params\":")
            .append(values).append("}\n");
      }
    }
    return Files.writeString(dir.resolve("hostile.jsonl"), jsonl);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--explain-analyze", "--index-trial", "--explain-analyze --index-trial"})
  void explainingAHostileCaptureChangesNothing(String flags) throws Exception {
    String url = ReliabilityPostgres.newDatabase();
    String explainUrl = url + "?user=postgres";
    Files.deleteIfExists(PWNED);
    try (Connection c = DriverManager.getConnection(explainUrl)) {
      run(c, "create table victim (id int primary key, v text not null)",
          "create sequence victim_seq",
          "create table audit (at timestamptz default now())",
          "create function bump() returns int language sql volatile as 'insert into audit default values; select 1'",
          "insert into victim select g, 'v' || (g % 100) from generate_series(1, 20000) g",
          "analyze victim");
      List<String> before = state(c);
      List<String> args = new ArrayList<>(List.of("analyze", "--fail-on", "never", "--format", "json",
          "--explain-url", explainUrl, "--explain-max", "50", "--explain-allow-superuser",
          hostileCapture().toString()));
      if (!flags.isEmpty()) {
        args.addAll(List.of(flags.split(" ")));
      }

      Cli cli = Cli.run(args.toArray(String[]::new));

      assertThat(cli.exitCode()).as(cli.err()).isZero();
      assertThat(state(c)).isEqualTo(before);
      assertThat(before.get(0)).isEqualTo("audit,victim");
      assertThat(before.get(1)).startsWith("20000 ");
      assertThat(PWNED).doesNotExist();
      // the advisor really worked on this database: the scan on victim.v got its index advice
      assertThat(cli.out()).contains("\"missing-index\"").contains("victim");
    }
  }

  @Test
  void aSuperuserAccountIsRefusedWithExitCode2AndTheReportStillComes() throws Exception {
    String url = ReliabilityPostgres.newDatabase();
    Cli cli = Cli.run("analyze", "--fail-on", "never", "--format", "json",
        "--explain-url", url + "?user=postgres", hostileCapture().toString());
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("superuser (role postgres)").contains("--explain-allow-superuser")
        .contains("The report has no index advice.");
    assertThat(cli.out()).contains("\"schema\"").doesNotContain("\"missing-index\"");
  }

  @Test
  void withoutExplainUrlTheHostileCaptureIsAnalyzedWithoutADatabase() throws Exception {
    Cli cli = Cli.run("analyze", "--fail-on", "never", hostileCapture().toString());
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.err()).doesNotContain("EXPLAIN");
  }
}
