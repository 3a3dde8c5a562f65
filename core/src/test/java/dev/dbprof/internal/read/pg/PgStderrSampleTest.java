package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Problem;
import dev.dbprof.testing.Samples;
import org.junit.jupiter.api.Test;

/** Hand-written stderr logs: other prefixes, log_statement=all, and broken lines. */
class PgStderrSampleTest {

  // PostgreSQL's default prefix, log_statement=all with log_min_duration_statement=0: a
  // statement is logged when it starts and its duration alone when it ends.
  private static final String DEFAULT_PREFIX_LOG = """
      2026-11-24 04:19:12.800 UTC [11910] LOG:  connection received: host=127.0.0.1 port=50000
      2026-11-24 04:19:12.802 UTC [11910] LOG:  connection authorized: user=app database=shop
      2026-11-24 04:19:12.810 UTC [11910] LOG:  statement: BEGIN
      2026-11-24 04:19:12.810 UTC [11910] LOG:  duration: 0.010 ms
      2026-11-24 04:19:12.811 UTC [11910] LOG:  statement: select *
      \t  from pets
      \t where owner_id = 1
      2026-11-24 04:19:12.812 UTC [11910] LOG:  duration: 0.500 ms
      2026-11-24 04:19:12.813 UTC [11911] LOG:  execute S_1: select * from pets where owner_id = $1
      2026-11-24 04:19:12.813 UTC [11911] DETAIL:  parameters: $1 = '7'
      2026-11-24 04:19:12.814 UTC [11910] LOG:  statement: select * from nope
      2026-11-24 04:19:12.814 UTC [11910] ERROR:  relation "nope" does not exist at character 15
      2026-11-24 04:19:12.814 UTC [11910] STATEMENT:  select * from nope
      2026-11-24 04:19:12.815 UTC [11910] LOG:  statement: ROLLBACK
      2026-11-24 04:19:12.815 UTC [11910] LOG:  duration: 0.020 ms
      2026-11-24 04:19:12.816 UTC [11911] LOG:  duration: 2.000 ms
      2026-11-24 04:19:12.900 UTC [11910] LOG:  disconnection: session time: 0:00:00.100 user=app database=shop host=127.0.0.1 port=50000
      """;

  @Test
  void defaultPrefixIsDetectedAndStartLoggedStatementsGetTheirDurations() {
    PgStderrReader reader = new PgStderrReader();
    Samples.Result r = Samples.read(reader, DEFAULT_PREFIX_LOG);
    assertThat(reader.prefixUsed()).hasToString("%m [%p] %q%u@%d ");
    assertThat(r.context().problems()).isEmpty();
    assertThat(r.events()).extracting(Event::kind, Event::session, Event::sql, Event::elapsedNanos,
            Event::sqlState, Event::params)
        .containsExactly(
            tuple(EventKind.CONNECT, "11910", null, 2_000_000L, null, null),
            tuple(EventKind.STATEMENT, "11910", "select *\n  from pets\n where owner_id = 1", 500_000L, null, null),
            tuple(EventKind.STATEMENT, "11910", "select * from nope", Event.UNKNOWN,
                PgEventBuilder.UNKNOWN_SQL_STATE, null),
            tuple(EventKind.ROLLBACK, "11910", "ROLLBACK", Event.UNKNOWN, null, null),
            tuple(EventKind.STATEMENT, "11911", "select * from pets where owner_id = $1", 2_000_000L, null, "[\"7\"]"),
            tuple(EventKind.DISCONNECT, "11910", null, Event.UNKNOWN, null, null));
    Event select = r.events().get(1);
    assertThat(select.line()).isEqualTo(5);
    assertThat(select.startMicros()).isEqualTo(java.time.Instant.parse("2026-11-24T04:19:12.811Z").toEpochMilli() * 1000);
  }

  private static final String PGBADGER_PREFIX_LOG = """
      2026-11-24 04:19:12 CET [42]: [3-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 LOG:  duration: 0.100 ms  parse S_1: select * from pets where owner_id = $1
      2026-11-24 04:19:12 CET [42]: [4-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 LOG:  duration: 0.100 ms  bind S_1: select * from pets where owner_id = $1
      2026-11-24 04:19:12 CET [42]: [5-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 DETAIL:  parameters: $1 = '1'
      2026-11-24 04:19:12 CET [42]: [6-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 LOG:  duration: 1.250 ms  execute S_1: select * from pets where owner_id = $1
      2026-11-24 04:19:12 CET [42]: [7-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 DETAIL:  parameters: $1 = 'O''Brien, Jr.', $2 = NULL
      2026-11-24 04:19:13 CET [42]: [8-1] user=app,db=shop,app=PostgreSQL JDBC Driver,client=10.0.0.1 LOG:  duration: 0.300 ms  execute fetch from S_1/C_2: select * from pets where owner_id = $1
      2026-11-24 04:19:13 CET [43]: [1-1] user=,db=,app=,client= LOG:  checkpoint starting: time
      """;

  @Test
  void pgbadgerPrefixIsDetectedAndOnlyExecuteLinesCount() {
    PgStderrReader reader = new PgStderrReader();
    Samples.Result r = Samples.read(reader, PGBADGER_PREFIX_LOG);
    assertThat(reader.prefixUsed().text()).startsWith("%t [%p]: [%l-1] user=%u,db=%d,app=%a");
    assertThat(r.context().problems()).isEmpty();
    // the parse and the bind are server time too, not statements
    assertThat(r.events()).filteredOn(e -> e.kind() == EventKind.PREPARE)
        .extracting(Event::elapsedNanos).containsExactly(100_000L, 100_000L);
    assertThat(r.events()).filteredOn(e -> e.kind() != EventKind.PREPARE).singleElement().satisfies(e -> {
      assertThat(e.session()).isEqualTo("42");
      assertThat(e.params()).isEqualTo("[\"O'Brien, Jr.\",null]");
      assertThat(e.elapsedNanos()).isEqualTo(1_250_000L);
      // CET is one hour ahead of UTC
      assertThat(e.startMicros()).isEqualTo(
          java.time.Instant.parse("2026-11-24T03:19:12Z").toEpochMilli() * 1000 - 1250);
    });
  }

  @Test
  void givenPrefixWithSqlStateAndSessionId() {
    String log = """
        1795497282.532 6b051d1f.1a97 42P01 app ERROR:  relation "nope" does not exist
        1795497282.532 6b051d1f.1a97 42P01 app STATEMENT:  select * from nope
        1795497282.540 6b051d1f.1a97 00000 app LOG:  duration: 0.042 ms  statement: select 1
        """;
    Samples.Result r = Samples.read(new PgStderrReader("%n %c %e %a "), log);
    assertThat(r.context().problems()).isEmpty();
    assertThat(r.events()).extracting(Event::session, Event::sql, Event::sqlState, Event::startMicros)
        .containsExactly(
            tuple("6b051d1f.1a97", "select * from nope", "42P01", 1795497282532000L),
            tuple("6b051d1f.1a97", "select 1", null, 1795497282540000L - 42));
  }

  @Test
  void brokenLinesAreCountedWithTheirLineNumbersAndSkipped() {
    String log = """
        \tcontinuation before any message
        2026-11-24 04:19:12.810 UTC [7] LOG:  duration: 0.010 ms  statement: select 1
        this line has no prefix at all
        2026-11-24 04:19:12.8
        BINARY
        2026-11-24 04:19:12.811 UTC [7] LOG:  duration: abc ms  statement: select 2
        2026-11-24 04:19:12.812 UTC [7] LOG:  duration: 0.020 ms  statement: select 3
        """;
    Samples.Result r = Samples.read(new PgStderrReader("%m [%p] "), Samples.withBinaryLine(log, "BINARY\n"));
    assertThat(r.events()).extracting(Event::sql).containsExactly("select 1", "select 3");
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(1L, 3L, 4L, 5L, 6L);
    assertThat(r.context().skippedLines()).isEqualTo(5);
  }

  @Test
  void prefixEscapesCompileToMatchers() {
    LogLinePrefix prefix = LogLinePrefix.compile("%t [%-6p] %q%u@%d %%x %v %x %i %b %Q %P %r ");
    assertThat(prefix.matcher("2026-11-24 04:19:12 UTC [42    ] postgres@shop %x 3/12 0 SELECT client backend 0  10.0.0.1(5000) LOG:  statement: select 1").matches()).isTrue();
    assertThat(prefix.matcher("2026-11-24 04:19:12 UTC [42    ] LOG:  checkpoint starting").matches()).isTrue();
    assertThat(prefix.matcher("2026-11-24 04:19:12 UTC [x] LOG:  statement: select 1").matches()).isFalse();
  }

  @Test
  void unknownPrefixFallsBackToTheSeverityMarker() {
    String log = """
        <2026-11-24 04:19:12.810 UTC|77|shop> LOG:  duration: 0.100 ms  statement: select 1
        <2026-11-24 04:19:12.811 UTC|78|shop> LOG:  duration: 0.200 ms  execute <unnamed>: select 2
        <2026-11-24 04:19:12.812 UTC|77|shop> ERROR:  division by zero
        <2026-11-24 04:19:12.812 UTC|77|shop> STATEMENT:  select 1/0
        """;
    PgStderrReader reader = new PgStderrReader();
    Samples.Result r = Samples.read(reader, log);
    assertThat(reader.prefixUsed()).isNull();
    assertThat(r.context().problems()).isEmpty();
    assertThat(r.events()).extracting(Event::session, Event::sql, Event::sqlState)
        .containsExactly(tuple("77", "select 1", null), tuple("78", "select 2", null),
            tuple("77", "select 1/0", PgEventBuilder.UNKNOWN_SQL_STATE));
  }

  @Test
  void aWrongPrefixSkipsEveryLineButDoesNotStop() {
    Samples.Result r = Samples.read(new PgStderrReader("%t [%p]: [%l-1] "), DEFAULT_PREFIX_LOG);
    assertThat(r.events()).isEmpty();
    // continuation lines of a skipped message are skipped with it
    assertThat(r.context().skippedLines()).isEqualTo(DEFAULT_PREFIX_LOG.lines().count());
    assertThat(r.context().problems()).extracting(Problem::line)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 17).boxed().toList());
  }

  @Test
  void sessionsWithoutAnEndAreForgottenBeyondTheBound() {
    java.util.List<Event> events = new java.util.ArrayList<>();
    PgEventBuilder builder = new PgEventBuilder(new dev.dbprof.internal.read.spi.ReadContext("x", events::add));
    int sessions = PgEventBuilder.MAX_SESSIONS + 5_000;
    for (int i = 0; i < sessions; i++) {
      // log_statement=all: each statement waits for a duration line that never comes
      builder.accept(new PgEntry(i + 1, 1_000_000L + i, "s" + i, "LOG", null,
          "statement: select " + i, null, null));
    }
    assertThat(builder.openSessions()).isEqualTo(PgEventBuilder.MAX_SESSIONS);
    // the evicted ones were emitted, not lost
    assertThat(events).hasSize(5_000);
    builder.finish();
    assertThat(builder.openSessions()).isZero();
    assertThat(events).hasSize(sessions);
  }
}
