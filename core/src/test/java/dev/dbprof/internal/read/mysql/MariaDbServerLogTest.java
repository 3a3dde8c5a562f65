package dev.dbprof.internal.read.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.testing.EmbeddedMariaDbServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the general and slow logs the embedded MariaDB wrote while MariaDB Connector/J ran
 * {@link MariaDbWorkload}, and checks that both yield exactly the workload's statements.
 */
class MariaDbServerLogTest {

  private static MariaDbWorkload workload;

  @BeforeAll
  static void runWorkload() throws Exception {
    String url = EmbeddedMariaDbServer.newDatabase("mylog");
    workload = new MariaDbWorkload();
    EmbeddedMariaDbServer.setLogging(true);
    try {
      workload.run(url);
    } finally {
      EmbeddedMariaDbServer.setLogging(false);
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

  private static Map<String, List<Event>> ours(List<Event> events) {
    Map<String, List<Event>> bySession = new LinkedHashMap<>();
    for (long id : workload.connectionIds) {
      String session = String.valueOf(id);
      bySession.put(session, events.stream().filter(e -> e.session().equals(session)).toList());
    }
    return bySession;
  }

  private static Map<String, List<Event>> general() throws IOException {
    return ours(read(new MySqlGeneralLogReader(), EmbeddedMariaDbServer.generalLog()).events());
  }

  private static Map<String, List<Event>> slow() throws IOException {
    return ours(read(new MySqlSlowLogReader(), EmbeddedMariaDbServer.slowLog()).events());
  }

  /** Literals replaced, so that the N+1 loop's ten statements count as one shape. */
  private static String shape(String sql) {
    return sql.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "?").replaceAll("\\b\\d+\\b", "?");
  }

  private static Map<String, Long> countsByShape(List<Event> events) {
    return events.stream().filter(e -> e.kind() == EventKind.STATEMENT)
        .collect(Collectors.groupingBy(e -> shape(e.sql()), TreeMap::new, Collectors.counting()));
  }

  private static final String SETUP = "set sql_mode=CONCAT(@@sql_mode,?),"
      + "session_track_system_variables = CONCAT(@@global.session_track_system_variables,?),NAMES utf8mb4";

  private static void assertWorkload(Map<String, List<Event>> sessions) {
    List<Event> first = sessions.get(String.valueOf(workload.connectionIds.get(0)));
    Map<String, Long> expected = new TreeMap<>();
    expected.put(SETUP, 1L);
    expected.put("select connection_id()", 1L);
    expected.put("create table owners (id int primary key, name varchar(?) not null)", 1L);
    expected.put("create table pets (id int primary key, owner_id int not null, name varchar(?) not null)", 1L);
    expected.put("create table visits (id int auto_increment primary key, pet_id int not null, note varchar(?))", 1L);
    expected.put("insert into owners values (?,?),(?,?),(?,?),(?,?),(?,?),(?,?),(?,?),(?,?),(?,?),(?,?)", 1L);
    expected.put("insert into pets select id, id, concat(?, id) from owners", 1L);
    expected.put("select id, name from owners order by id", 1L);
    expected.put("select id, name from pets where owner_id = ?", 10L);
    expected.put("set autocommit=?", 2L);
    expected.put("insert into visits (pet_id, note) values (?, ?)", 10L);
    expected.put("select o.name,\n       count(p.id) as pets\n  from owners o\n"
        + "  join pets p on p.owner_id = o.id\n group by o.name\n order by o.name", 1L);
    expected.put("select * from no_such_table", 1L);
    assertThat(countsByShape(first)).isEqualTo(expected);
    assertThat(first).filteredOn(e -> e.kind() == EventKind.COMMIT).hasSize(1);
    assertThat(first).noneMatch(e -> e.kind() == EventKind.ROLLBACK);
    // neither log records that a statement failed
    assertThat(first).noneMatch(Event::failed);
    List<Event> statementsAndMarkers = first.stream()
        .filter(e -> e.kind() != EventKind.CONNECT && e.kind() != EventKind.DISCONNECT).toList();
    int commit = statementsAndMarkers.stream().map(Event::kind).toList().indexOf(EventKind.COMMIT);
    assertThat(statementsAndMarkers.subList(commit - 10, commit))
        .allMatch(e -> e.sql().startsWith("insert into visits"));
    assertThat(statementsAndMarkers).extracting(Event::sql)
        .contains("insert into visits (pet_id, note) values (3, 'it\\'s\nmulti-line')");

    List<Event> second = sessions.get(String.valueOf(workload.connectionIds.get(1)));
    assertThat(countsByShape(second)).isEqualTo(new TreeMap<>(Map.of(SETUP, 1L,
        "select connection_id()", 1L, "select count(*) from visits where pet_id = ?", 3L)));
  }

  @Test
  void generalLogHoldsExactlyTheWorkload() throws IOException {
    Map<String, List<Event>> sessions = general();
    assertWorkload(sessions);
    for (List<Event> session : sessions.values()) {
      assertThat(session.get(0).kind()).isEqualTo(EventKind.CONNECT);
      assertThat(session.get(session.size() - 1).kind()).isEqualTo(EventKind.DISCONNECT);
      assertThat(session).filteredOn(e -> e.kind() == EventKind.CONNECT).hasSize(1);
      assertThat(session).allMatch(e -> e.elapsedNanos() == Event.UNKNOWN && e.startMicros() > 0);
    }
  }

  @Test
  void slowLogHoldsExactlyTheWorkload() throws IOException {
    Map<String, List<Event>> sessions = slow();
    assertWorkload(sessions);
    List<Event> first = sessions.get(String.valueOf(workload.connectionIds.get(0)));
    assertThat(first).filteredOn(e -> e.sql() != null && e.sql().startsWith("select id, name from pets"))
        .hasSize(10).allMatch(e -> e.rows() == 1 && e.elapsedNanos() > 0 && e.startMicros() > 0);
    assertThat(first).filteredOn(e -> e.sql() != null && e.sql().startsWith("insert into owners"))
        .singleElement().satisfies(e -> assertThat(e.rows()).isEqualTo(10));
  }

  @Test
  void generalAndSlowLogYieldTheSameSequencePerSession() throws IOException {
    Map<String, List<Event>> general = general();
    Map<String, List<Event>> slow = slow();
    assertThat(slow.keySet()).containsExactlyElementsOf(general.keySet());
    for (String session : general.keySet()) {
      List<String> fromGeneral = general.get(session).stream()
          .filter(e -> e.kind() != EventKind.CONNECT && e.kind() != EventKind.DISCONNECT)
          .map(e -> e.kind() + "|" + e.sql()).toList();
      List<String> fromSlow = slow.get(session).stream().map(e -> e.kind() + "|" + e.sql()).toList();
      assertThat(fromSlow).isEqualTo(fromGeneral);
    }
  }

  @Test
  void nothingInTheRealLogsIsSkipped() throws IOException {
    assertThat(read(new MySqlGeneralLogReader(), EmbeddedMariaDbServer.generalLog()).context().problems()).isEmpty();
    assertThat(read(new MySqlSlowLogReader(), EmbeddedMariaDbServer.slowLog()).context().problems()).isEmpty();
  }
}
