package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.testing.EmbeddedPostgresServer;
import dev.dbprof.testing.LogFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the stderr, csvlog and jsonlog files the embedded PostgreSQL wrote while pgjdbc ran
 * {@link PgWorkload}, and checks that each yields exactly the workload's statements.
 */
class PgServerLogTest {

  private static PgWorkload workload;

  @BeforeAll
  static void runWorkload() throws Exception {
    workload = new PgWorkload();
    workload.run(EmbeddedPostgresServer.newDatabase("pglog"));
    Duration timeout = Duration.ofSeconds(20);
    for (int pid : workload.backendPids) {
      LogFiles.awaitLines(EmbeddedPostgresServer.stderrLog(), timeout,
          l -> l.contains("[" + pid + "]") && l.contains("disconnection:"));
      LogFiles.awaitLines(EmbeddedPostgresServer.csvLog(), timeout,
          l -> l.contains("," + pid + ",") && l.contains("disconnection:"));
      LogFiles.awaitLines(EmbeddedPostgresServer.jsonLog(), timeout,
          l -> l.contains("\"pid\":" + pid + ",") && l.contains("disconnection:"));
    }
  }

  record Read(List<Event> events, ReadContext context) {}

  private static Read read(LogReader reader, Path log) throws IOException {
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext(log.toString(), events::add);
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      reader.read(in, context);
    }
    return new Read(events, context);
  }

  /** The workload's events per session, sessions in workload order. */
  private static Map<String, List<Event>> ours(List<Event> events) {
    Map<String, List<Event>> bySession = new LinkedHashMap<>();
    for (int pid : workload.backendPids) {
      String suffix = "." + Integer.toHexString(pid);
      List<Event> mine = events.stream()
          .filter(e -> e.session().endsWith(suffix) || e.session().equals(String.valueOf(pid)))
          .toList();
      if (!mine.isEmpty()) {
        bySession.put(mine.get(0).session(), mine);
      }
    }
    return bySession;
  }

  private static Map<String, List<Event>> stderr() throws IOException {
    return ours(read(new PgStderrReader(EmbeddedPostgresServer.LOG_LINE_PREFIX),
        EmbeddedPostgresServer.stderrLog()).events());
  }

  private static Map<String, List<Event>> csv() throws IOException {
    return ours(read(new PgCsvLogReader(), EmbeddedPostgresServer.csvLog()).events());
  }

  private static Map<String, List<Event>> json() throws IOException {
    return ours(read(new PgJsonLogReader(), EmbeddedPostgresServer.jsonLog()).events());
  }

  private static Map<String, Long> countsBySql(List<Event> events) {
    return events.stream().filter(e -> e.kind() == EventKind.STATEMENT)
        .collect(Collectors.groupingBy(Event::sql, TreeMap::new, Collectors.counting()));
  }

  private static Map<EventKind, Long> countsByKind(List<Event> events) {
    return events.stream().collect(Collectors.groupingBy(Event::kind, TreeMap::new, Collectors.counting()));
  }

  @Test
  void stderrLogHoldsExactlyTheWorkload() throws IOException {
    assertWorkload(stderr());
  }

  @Test
  void csvLogHoldsExactlyTheWorkload() throws IOException {
    assertWorkload(csv());
  }

  @Test
  void jsonLogHoldsExactlyTheWorkload() throws IOException {
    assertWorkload(json());
  }

  private static void assertWorkload(Map<String, List<Event>> sessions) {
    assertThat(sessions).hasSize(2);
    List<List<Event>> perSession = new ArrayList<>(sessions.values());
    // the JDBC driver's extended protocol: every timed parse and bind is server time of its own
    List<Event> prepares = perSession.get(0).stream().filter(e -> e.kind() == EventKind.PREPARE).toList();
    assertThat(prepares).hasSize(80).allMatch(e -> e.elapsedNanos() > 0 && e.sql() == null);
    List<Event> jdbc = perSession.get(0).stream().filter(e -> e.kind() != EventKind.PREPARE).toList();
    List<Event> simple = perSession.get(1);

    Map<String, Long> expected = new TreeMap<>();
    expected.put("SET application_name = 'PostgreSQL JDBC Driver'", 1L);
    expected.put("select pg_backend_pid()", 1L);
    expected.put("create table owners (id int primary key, name text not null)", 1L);
    expected.put("create table pets (id int primary key, owner_id int not null, name text not null)", 1L);
    expected.put("create table visits (id serial primary key, pet_id int not null, note text)", 1L);
    expected.put("insert into owners (id, name) values ($1, $2)", 10L);
    expected.put("insert into pets (id, owner_id, name) values ($1, $2, $3)", 20L);
    expected.put("select id, name from owners order by id", 1L);
    expected.put("select id, name from pets where owner_id = $1", 10L);
    expected.put("insert into visits (pet_id, note) values ($1, $2)", 10L);
    expected.put("delete from visits where pet_id = 1", 1L);
    expected.put(PgWorkload.MULTI_LINE, 1L);
    expected.put(PgWorkload.FAILING, 1L);
    assertThat(countsBySql(jdbc)).isEqualTo(expected);
    assertThat(countsByKind(jdbc)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        EventKind.STATEMENT, 59L, EventKind.COMMIT, 1L, EventKind.ROLLBACK, 1L,
        EventKind.CONNECT, 1L, EventKind.DISCONNECT, 1L)));
    assertThat(jdbc.get(0).kind()).isEqualTo(EventKind.CONNECT);
    assertThat(jdbc.get(jdbc.size() - 1).kind()).isEqualTo(EventKind.DISCONNECT);

    // the transaction: ten inserts, then the commit; a delete, then the rollback
    List<EventKind> kinds = jdbc.stream().map(Event::kind).toList();
    int commit = kinds.indexOf(EventKind.COMMIT);
    assertThat(jdbc.subList(commit - 10, commit)).allMatch(e -> e.sql().startsWith("insert into visits"));
    assertThat(jdbc.get(commit + 1).sql()).isEqualTo("delete from visits where pet_id = 1");
    assertThat(jdbc.get(commit + 2).kind()).isEqualTo(EventKind.ROLLBACK);

    List<Event> failed = jdbc.stream().filter(Event::failed).toList();
    assertThat(failed).singleElement().satisfies(e -> {
      assertThat(e.sql()).isEqualTo(PgWorkload.FAILING);
      assertThat(e.sqlState()).isEqualTo("42P01");
    });

    List<String> nPlusOneParams = jdbc.stream()
        .filter(e -> "select id, name from pets where owner_id = $1".equals(e.sql()))
        .map(Event::params).toList();
    assertThat(nPlusOneParams).containsExactly("[\"1\"]", "[\"2\"]", "[\"3\"]", "[\"4\"]",
        "[\"5\"]", "[\"6\"]", "[\"7\"]", "[\"8\"]", "[\"9\"]", "[\"10\"]");
    assertThat(jdbc).filteredOn(e -> e.sql() != null && e.sql().startsWith("insert into visits"))
        .extracting(Event::params).contains("[\"3\",\"it's\\nmulti-line\"]");
    assertThat(jdbc).filteredOn(e -> e.kind() == EventKind.STATEMENT && !e.failed())
        .allMatch(e -> e.elapsedNanos() >= 0 && e.startMicros() > 0);

    assertThat(simple).extracting(Event::kind).containsExactly(EventKind.CONNECT,
        EventKind.STATEMENT, EventKind.STATEMENT, EventKind.STATEMENT, EventKind.DISCONNECT);
    assertThat(simple.get(3).sql()).isEqualTo(PgWorkload.SIMPLE);
    assertThat(simple.get(3).params()).isNull();
  }

  @Test
  void allThreeDestinationsYieldTheSameEvents() throws IOException {
    List<List<String>> stderr = described(stderr());
    assertThat(described(csv())).isEqualTo(stderr);
    assertThat(described(json())).isEqualTo(stderr);
  }

  private static List<List<String>> described(Map<String, List<Event>> sessions) {
    return sessions.entrySet().stream()
        .map(s -> s.getValue().stream()
            .map(e -> String.join("|", s.getKey(), e.kind().name(), String.valueOf(e.sql()),
                String.valueOf(e.params()), String.valueOf(e.sqlState()),
                String.valueOf(e.elapsedNanos()), String.valueOf(e.startMicros())))
            .toList())
        .toList();
  }

  @Test
  void detectedPrefixReadsTheSameStatements() throws IOException {
    PgStderrReader detecting = new PgStderrReader();
    Map<String, List<Event>> detected = ours(read(detecting, EmbeddedPostgresServer.stderrLog()).events());
    Map<String, List<Event>> explicit = stderr();
    assertThat(detected.keySet()).containsExactlyElementsOf(explicit.keySet());
    for (String session : explicit.keySet()) {
      assertThat(detected.get(session)).extracting(Event::kind, Event::sql, Event::params)
          .containsExactlyElementsOf(explicit.get(session).stream()
              .map(e -> org.assertj.core.groups.Tuple.tuple(e.kind(), e.sql(), e.params())).toList());
    }
  }

  @Test
  void nothingInTheRealLogsIsSkipped() throws IOException {
    assertThat(read(new PgStderrReader(EmbeddedPostgresServer.LOG_LINE_PREFIX),
        EmbeddedPostgresServer.stderrLog()).context().problems()).isEmpty();
    assertThat(read(new PgCsvLogReader(), EmbeddedPostgresServer.csvLog()).context().problems()).isEmpty();
    assertThat(read(new PgJsonLogReader(), EmbeddedPostgresServer.jsonLog()).context().problems()).isEmpty();
  }
}
