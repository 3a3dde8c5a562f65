package dev.dbprof.internal.read.p6spy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.InputFormat;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.TestReads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs written by real p6spy (over in-memory H2) during the test, read back. */
class P6spyRealLogTest {

  private static final String INSERT = "insert into pets (id, name, note) values (?, ?, ?)";
  private static final String SELECT =
      "select name || '|' || coalesce(note, '') from pets where id = ?";
  private static final String CREATE =
      "create table pets (id int primary key, name varchar(100), note varchar(100))";

  @TempDir Path dir;

  /** What every format must give for {@link P6spyWorkload}, given how the UPDATE text looks. */
  private static List<String> expected(String update) {
    return List.of(
        "STATEMENT A | " + CREATE + " | 100, 100",
        "BATCH A x3 | " + INSERT,
        "COMMIT A",
        "STATEMENT A | " + SELECT + " | 1",
        "STATEMENT A | " + SELECT + " | 2",
        "STATEMENT A | " + SELECT + " | 1",
        "STATEMENT A | select 'a|b' as v, 'it''s' as w from pets where id = 3 | 'a|b', 'it''s', 3",
        "STATEMENT A | " + update + " | 'changed', 2",
        "ROLLBACK A",
        "BATCH A x2 | update pets set note = 'one' where id = 1",
        "STATEMENT A | select * from no_such_table | ",
        "BATCH A x2 | " + INSERT,
        "BATCH A x2 | " + INSERT,
        "COMMIT A",
        "STATEMENT B | select count(*) from pets where name <> ? | 'none'");
  }

  @Test
  void singleLineFormat() throws Exception {
    long before = System.currentTimeMillis();
    Path log = P6spyWorkload.run(dir, "spy.log", Map.of());
    long after = System.currentTimeMillis();

    TestReads read = TestReads.of(log);

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY);
    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.shapes()).containsExactlyElementsOf(
        expected("update pets set note = ? where id = ?"));
    assertTimesWithin(read.events, before, after);
    assertThat(read.events.get(0).line()).isEqualTo(1);
    assertThat(read.events.get(1).line()).isEqualTo(2);
  }

  @Test
  void multiLineFormat() throws Exception {
    long before = System.currentTimeMillis();
    Path log = P6spyWorkload.run(dir, "spy-multi.log",
        Map.of("logMessageFormat", "com.p6spy.engine.spy.appender.MultiLineFormat"));
    long after = System.currentTimeMillis();

    TestReads read = TestReads.of(log);

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY_MULTILINE);
    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.shapes()).containsExactlyElementsOf(
        expected("update pets\nset note = ?\nwhere id = ?"));
    assertTimesWithin(read.events, before, after);
  }

  @Test
  void customLineFormatWithDateFormat() throws Exception {
    String format = "%(currentTime) | %(executionTime) ms | %(category) | conn=%(connectionId)"
        + " | %(sql) | prepared: %(effectiveSqlSingleLine)";
    long before = System.currentTimeMillis();
    Path log = P6spyWorkload.run(dir, "spy-custom.log", Map.of(
        "logMessageFormat", "com.p6spy.engine.spy.appender.CustomLineFormat",
        "customLogMessageFormat", format,
        "dateformat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
    long after = System.currentTimeMillis();

    TestReads read = TestReads.of(log, ReaderOptions.defaults().withP6spyCustomFormat(format));

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY_CUSTOM);
    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.shapes()).containsExactlyElementsOf(
        expected("update pets set note = ? where id = ?"));
    assertTimesWithin(read.events, before, after);
  }

  @Test
  void p6spyDefaultCustomFormatHasOnlyTheValuesText() throws Exception {
    Path log = P6spyWorkload.run(dir, "spy-default-custom.log", Map.of(
        "logMessageFormat", "com.p6spy.engine.spy.appender.CustomLineFormat",
        "customLogMessageFormat", P6spyFormat.P6SPY_DEFAULT_CUSTOM));

    TestReads read = TestReads.of(log);

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY_CUSTOM);
    assertThat(read.summary.skippedLines()).isZero();
    String select = "select name || '|' || coalesce(note, '') from pets where id = ";
    assertThat(read.shapes()).containsExactly(
        "STATEMENT A | " + CREATE + " | 100, 100",
        "BATCH A x3 | insert into pets (id, name, note) values (1, 'a|b', 'O''Brien')",
        "COMMIT A",
        "STATEMENT A | " + select + "1 | '|', '', 1",
        "STATEMENT A | " + select + "2 | '|', '', 2",
        "STATEMENT A | " + select + "1 | '|', '', 1",
        "STATEMENT A | select 'a|b' as v, 'it''s' as w from pets where id = 3 | 'a|b', 'it''s', 3",
        "STATEMENT A | update pets set note = 'changed' where id = 2 | 'changed', 2",
        "ROLLBACK A",
        "BATCH A x2 | update pets set note = 'one' where id = 1",
        "STATEMENT A | select * from no_such_table | ",
        "BATCH A x2 | insert into pets (id, name, note) values (10, 'ten', 't')",
        "BATCH A x2 | insert into pets (id, name, note) values (12, 'twelve', 't')",
        "COMMIT A",
        "STATEMENT B | select count(*) from pets where name <> 'none' | 'none'");
  }

  @Test
  void batchCategoryExcludedByDefaultLeavesNoBatches() throws Exception {
    Path log = P6spyWorkload.run(dir, "spy-nobatch.log",
        Map.of("excludecategories", "info,debug,result,resultset,batch"));

    TestReads read = TestReads.of(log);

    List<String> withoutBatches = expected("update pets set note = ? where id = ?").stream()
        .filter(s -> !s.startsWith("BATCH")).toList();
    assertThat(read.shapes()).containsExactlyElementsOf(withoutBatches);
  }

  @Test
  void blankTimestampsReadWithUnknownTime() throws Exception {
    // dateformat set but empty: p6spy writes an empty "now"
    Path log = P6spyWorkload.run(dir, "spy-blank-time.log", Map.of("dateformat", ""));

    TestReads read = TestReads.of(log);

    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.shapes()).containsExactlyElementsOf(
        expected("update pets set note = ? where id = ?"));
    assertThat(read.events).allSatisfy(e -> assertThat(e.startMicros()).isEqualTo(Event.UNKNOWN));
  }

  private static void assertTimesWithin(List<Event> events, long beforeMillis, long afterMillis) {
    for (Event e : events) {
      assertThat(e.startMicros()).isBetween((beforeMillis - 1000) * 1000, (afterMillis + 1000) * 1000);
      if (e.kind() != EventKind.BATCH) {
        assertThat(e.elapsedNanos() % 1_000_000).isZero();
      }
      assertThat(e.elapsedNanos()).isGreaterThanOrEqualTo(0);
    }
  }
}
