package dev.dbprof.internal.read.p6spy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.Problem;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.TestReads;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written traps that a p6spy run cannot easily produce. */
class P6spyFormatTest {

  @TempDir Path dir;

  private P6spyRecord single(String line) {
    return P6spyFormat.compile(P6spyFormat.SINGLE_LINE).parse(line);
  }

  @Test
  void splitsWherePreparedMatchesValuesWhenSqlHasPipes() {
    P6spyRecord r = single("1|0|statement|connection 1|url u"
        + "|select a || ? || b from t where c = '|' and d = ?"
        + "|select a || 'x|y' || b from t where c = '|' and d = 'p||q'");

    assertThat(r.prepared()).isEqualTo("select a || ? || b from t where c = '|' and d = ?");
    assertThat(r.values()).isEqualTo("select a || 'x|y' || b from t where c = '|' and d = 'p||q'");
    assertThat(r.literals()).containsExactly("'x|y'", "'p||q'");
    assertThat(r.consistent()).isTrue();
  }

  @Test
  void statementWithoutParametersSplitsInTheMiddle() {
    P6spyRecord r = single("1|0|statement|connection 1|url u|select '|', 'a|b|c'|select '|', 'a|b|c'");

    assertThat(r.prepared()).isEqualTo("select '|', 'a|b|c'");
    assertThat(r.literals()).containsExactly("'|'", "'a|b|c'");
  }

  @Test
  void valueLiteralsOfEveryKind() {
    P6spyRecord r = single("1|0|statement|connection 1|url u"
        + "|insert into t values (?, ?, ?, ?, ?, ?, ?::int, ?-1)"
        + "|insert into t values (NULL, -1.5E+10, true, 'it''s', X'0AFF', [binary], 7::int, 5-1)");

    assertThat(r.literals()).containsExactly("NULL", "-1.5E+10", "true", "'it''s'", "X'0AFF'",
        "[binary]", "7", "5");
  }

  @Test
  void questionMarksBeyondTheBoundValuesStayLiteral() {
    // a plain Statement with a PostgreSQL jsonb operator: p6spy binds nothing
    P6spyRecord r = single("1|0|statement|connection 1|url u|select d ?| array['a'] from t"
        + "|select d ?| array['a'] from t");

    assertThat(r.prepared()).isEqualTo("select d ?| array['a'] from t");
    assertThat(r.consistent()).isTrue();
  }

  @Test
  void epochAndDateformatTimestamps() {
    assertThat(P6spyTime.millis("1795493952841")).isEqualTo(1795493952841L);
    assertThat(P6spyTime.millis("2026-11-24 05:19:41 INFO p6spy 1795493952841"))
        .isEqualTo(1795493952841L);
    assertThat(P6spyTime.millis("2026-11-24T05:19:41.812+0100")).isEqualTo(1795493981812L);
    assertThat(P6spyTime.millis("2026-11-24 05:19:41.812")).isEqualTo(1795493981812L + 3600_000);
    assertThat(P6spyTime.millis("11-24-26 05:19:41:812")).isEqualTo(1795493981812L + 3600_000);
    assertThat(P6spyTime.millis("")).isEqualTo(P6spyTime.UNKNOWN);
    assertThat(P6spyTime.millis("at tea time")).isEqualTo(P6spyTime.UNKNOWN);
  }

  @Test
  void customFormatWithValuesFirstAndUrl() throws Exception {
    String format = "[%(category)] %(executionTime)ms conn %(connectionId) %(url) -- %(sqlSingleLine) -- %(effectiveSqlSingleLine)";
    Path log = dir.resolve("custom.log");
    Files.writeString(log, String.join("\n",
        "[statement] 3ms conn 9 jdbc:h2:mem:a -- select 1 -- x from t where a = 1 and b = 'z -- y' -- select 1 -- x from t where a = ? and b = ?",
        "[commit] 0ms conn 9 jdbc:h2:mem:a --  -- ",
        "garbage",
        ""));

    TestReads read = TestReads.of(log, ReaderOptions.defaults().withP6spyCustomFormat(format));

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY_CUSTOM);
    assertThat(read.shapes()).containsExactly(
        "STATEMENT A | select 1 -- x from t where a = ? and b = ? | 1, 'z -- y'",
        "COMMIT A");
    assertThat(read.events).allSatisfy(e -> assertThat(e.startMicros()).isEqualTo(Event.UNKNOWN));
    assertThat(read.summary.problems()).extracting(Problem::line).containsExactly(3L);
  }

  @Test
  void multiLineInsideAnApplicationLogSkipsTheForeignLines() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, String.join("\n",
        "2026-11-24 05:00:00.000 INFO 1 --- [main] shop.App : started",
        "2026-11-24 05:00:01.000 INFO 1 --- [main] p6spy : #1795493952841 | took 3ms | statement | connection 5| url jdbc:h2:mem:a",
        "select *",
        "from t where id = ?",
        "select *",
        "from t where id = 42;",
        "2026-11-24 05:00:01.100 WARN 1 --- [main] shop.App : slow thing",
        "2026-11-24 05:00:02.000 INFO 1 --- [main] p6spy : #1795493952900 | took 0ms | rollback | connection 5| url jdbc:h2:mem:a",
        "",
        ";",
        ""));

    TestReads read = TestReads.of(log);

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY_MULTILINE);
    assertThat(read.shapes()).containsExactly(
        "STATEMENT A | select *\nfrom t where id = ? | 42", "ROLLBACK A");
    assertThat(read.events.get(0).startMicros()).isEqualTo(1795493952838_000L);
    assertThat(read.summary.problems()).extracting(Problem::line).containsExactly(1L, 7L);
  }

  @Test
  void batchOfEqualRowsAndUnfinishedBatch() throws Exception {
    Path log = dir.resolve("spy.log");
    String row = "|batch|connection 1|url u|insert into t values (?)|insert into t values (";
    Files.writeString(log, String.join("\n",
        "1795493952841|0" + row + "1)",
        "1795493952842|0" + row + "2)",
        "1795493952845|3" + row + "2)",
        "1795493952846|0" + row + "5)",
        "1795493952847|0|batch|connection 2|url u|insert into u values (?)|insert into u values (9)",
        "1795493952848|1|statement|connection 1|url u|select 1|select 1",
        ""));

    TestReads read = TestReads.of(log);

    assertThat(read.shapes()).containsExactly(
        "BATCH A x2 | insert into t values (?)",
        "BATCH A x1 | insert into t values (?)",
        "STATEMENT A | select 1 | 1",
        "BATCH B x1 | insert into u values (?)");
    assertThat(read.events.get(0).elapsedNanos()).isEqualTo(3_000_000);
    assertThat(read.events.get(0).startMicros()).isEqualTo(1795493952841_000L);
  }

  @Test
  void singleLineBehindALoggingPrefix() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "2026-11-24 05:00:01.000  INFO 1 --- [main] p6spy : 1795493952841|3"
        + "|statement|connection 5|url jdbc:h2:mem:a|select * from t where id = ?"
        + "|select * from t where id = 42\n");

    TestReads read = TestReads.of(log);

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY);
    assertThat(read.shapes()).containsExactly("STATEMENT A | select * from t where id = ? | 42");
    assertThat(read.events.get(0).startMicros()).isEqualTo(1795493952838_000L);
  }

  @Test
  void longMultiLineRecordThatNeverEndsIsSkippedNotHung() throws Exception {
    StringBuilder text = new StringBuilder(
        "#1795493952841 | took 3ms | statement | connection 5| url jdbc:h2:mem:a\n");
    for (int i = 0; i < 40_000; i++) {
      text.append("app line ").append(i).append(" without the closing semicolon\n");
    }
    text.append("#1795493952900 | took 0ms | commit | connection 5| url jdbc:h2:mem:a\n\n;\n");
    Path log = dir.resolve("multi.log");
    Files.writeString(log, text);

    TestReads read = TestReads.of(log);

    assertThat(read.shapes()).containsExactly("COMMIT A");
    assertThat(read.summary.skippedLines()).isEqualTo(40_001);
  }
}
