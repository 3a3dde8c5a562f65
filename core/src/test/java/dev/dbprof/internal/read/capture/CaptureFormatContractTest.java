package dev.dbprof.internal.read.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.UnitTag;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.testing.Differential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The capture format's contract, reader side: the lines the capture's own writer wrote in its
 * contract test (a golden file in the capture module, kept equal to the writer's output there)
 * read the same through the fast path ({@link CaptureLineScanner}) and the reference path
 * ({@link CaptureFileReader#parse}), and give the events the workload did.
 */
class CaptureFormatContractTest {

  /**
   * The capture module's golden lines, written by {@code dev.dbprof.capture.CaptureFormatContractTest};
   * tests run in {@code core/}. {@code FormatDetectorTest} reads them too.
   */
  static final Path GOLDEN =
      Path.of("../capture/src/test/resources/dev/dbprof/capture/capture-contract.jsonl");
  /** The same workload's golden lines as format {@code dbprof-capture/1} wrote them, kept as they were. */
  static final Path GOLDEN_1_0 = Path.of("src/test/resources/dev/dbprof/internal/read/capture/capture-contract-1.0.jsonl");
  /** The trace id of the span the workload makes current ({@code ContractWorkload.TRACE_ID}). */
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @Test
  void theScannerReadsEveryLineTheWriterWritesAsTheParserDoes() throws IOException {
    for (Path golden : List.of(GOLDEN, GOLDEN_1_0)) {
      List<CaptureLineScannerTest.Input> corpus = new ArrayList<>();
      for (String line : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
        corpus.add(new CaptureLineScannerTest.Input(line.getBytes(StandardCharsets.UTF_8), true));
        corpus.add(new CaptureLineScannerTest.Input(line.getBytes(StandardCharsets.UTF_8), false));
      }

      Differential.Tally tally = CaptureLineScannerTest.compare(corpus);

      assertThat(tally.inputs()).isEqualTo(golden == GOLDEN ? 2 * 99 : 2 * 51);
      assertThat(tally.declined()).as("written lines left to the parser").isZero();
    }
  }

  @Test
  void bothPathsGiveTheSameEvents() throws IOException {
    for (Path golden : List.of(GOLDEN, GOLDEN_1_0)) {
      Read fast = read(new CaptureFileReader(), golden);
      Read reference = read(new CaptureFileReader(false), golden);

      assertThat(fast.events()).isEqualTo(reference.events());
      assertThat(fast.context().problems()).isEmpty();
      assertThat(reference.context().problems()).isEmpty();
      assertThat(fast.context().droppedEvents()).isEqualTo(reference.context().droppedEvents())
          .isEqualTo(3);
    }
  }

  @Test
  void unitsTracesStartupWorkAndCheckoutsReadAsTheWorkloadMarkedThem() throws IOException {
    List<Event> events = read(new CaptureFileReader(), GOLDEN).events();

    Map<EventKind, Integer> kinds = new TreeMap<>();
    events.forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
    assertThat(kinds).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(Map.entry(EventKind.STATEMENT, 36),
        Map.entry(EventKind.BATCH, 12), Map.entry(EventKind.COMMIT, 9), Map.entry(EventKind.ROLLBACK, 6),
        Map.entry(EventKind.CONNECT, 3), Map.entry(EventKind.DISCONNECT, 3), Map.entry(EventKind.CHECKOUT, 9),
        Map.entry(EventKind.CHECKIN, 9), Map.entry(EventKind.UNIT_BEGIN, 3), Map.entry(EventKind.UNIT_END, 3))));

    String name = "GET /owners/{id} \"O'Brien\"\n\u00e9";
    // one unit per writer: its ids, like connection ids, start afresh with each header
    assertThat(events.stream().filter(e -> e.kind() == EventKind.UNIT_BEGIN).map(Event::unit))
        .containsExactly(new UnitTag("1", name, UnitTag.Source.MARKER), new UnitTag("2:1", name, UnitTag.Source.MARKER),
            new UnitTag("3:1", name, UnitTag.Source.MARKER));
    assertThat(events.stream().filter(e -> e.kind() == EventKind.UNIT_END))
        .extracting(Event::unit, Event::session, Event::thread, Event::elapsedNanos)
        .containsExactly(tuple(new UnitTag("1", name, UnitTag.Source.MARKER), null, "contract-workload", 1000L),
            tuple(new UnitTag("2:1", name, UnitTag.Source.MARKER), null, "contract-workload", 1000L),
            tuple(new UnitTag("3:1", name, UnitTag.Source.MARKER), null, "contract-workload", 1000L));

    List<Event> first = events.subList(0, events.indexOf(events.stream()
        .filter(e -> e.kind() == EventKind.UNIT_END).findFirst().orElseThrow()) + 1);
    UnitTag unit = new UnitTag("1", name, UnitTag.Source.MARKER);
    assertThat(first.stream().filter(e -> unit.equals(e.unit())).map(e -> e.kind() + " " + e.sql()))
        .containsExactly("UNIT_BEGIN null", "STATEMENT insert into owner values (?, ?)",
            "STATEMENT insert into owner values (?, ?)", "BATCH insert into owner values (?, ?)", "COMMIT null",
            "STATEMENT delete from owner where id = 3", "ROLLBACK null", "UNIT_END null");
    assertThat(events.stream().filter(e -> e.sql() != null && e.sql().startsWith("create table owner"))
        .map(Event::unit)).containsOnly(new UnitTag(TRACE_ID, null, UnitTag.Source.TRACE)).hasSize(3);
    assertThat(events.stream().filter(e -> e.sql() != null && e.sql().contains("'seed'")).map(Event::unit))
        .containsOnly(new UnitTag("startup:spring-sql-init", "spring-sql-init", UnitTag.Source.STARTUP)).hasSize(3);
    // the pool's checkouts have connection ids of their own, after the driver's connection
    assertThat(events.stream().filter(e -> e.kind() == EventKind.CHECKOUT).map(Event::session))
        .containsExactly("2", "3", "4", "2:2", "2:3", "2:4", "3:2", "3:3", "3:4");
    assertThat(events.stream().filter(e -> e.kind() == EventKind.CONNECT).map(Event::session))
        .containsExactly("1", "2:1", "3:1");
  }

  /** Format 1 files read as they always did: no unit, trace, start-up work or checkout in them. */
  @Test
  void aVersionOneCaptureReadsAsBefore() throws IOException {
    List<Event> events = read(new CaptureFileReader(), GOLDEN_1_0).events();

    assertThat(Files.readString(GOLDEN_1_0, StandardCharsets.UTF_8)).contains("\"format\":\"dbprof-capture/1\",");
    assertThat(events).allSatisfy(e -> assertThat(e.unit()).isNull());
    assertTheFirstWorkload(events);
  }

  @Test
  void theEventsAreTheWorkloads() throws IOException {
    List<Event> events = read(new CaptureFileReader(), GOLDEN).events().stream()
        .filter(e -> e.kind() != EventKind.UNIT_BEGIN && e.kind() != EventKind.UNIT_END && e.unit() == null
            && e.kind() != EventKind.CHECKOUT && e.kind() != EventKind.CHECKIN && !e.session().matches("(\\d:)?[234]"))
        .toList();

    assertTheFirstWorkload(events);
  }

  /** What the workload's first part did (format 1 had only that), whichever file it was read from. */
  private static void assertTheFirstWorkload(List<Event> events) {

    Map<EventKind, Integer> kinds = new TreeMap<>();
    events.forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
    assertThat(kinds).containsExactlyEntriesOf(new TreeMap<>(Map.of(EventKind.STATEMENT, 21,
        EventKind.BATCH, 9, EventKind.COMMIT, 6, EventKind.ROLLBACK, 3, EventKind.CONNECT, 3,
        EventKind.DISCONNECT, 3)));
    // each writer's header starts a fresh set of connection ids
    assertThat(events.stream().map(Event::session).distinct()).containsExactly("1", "2:1", "3:1");
    assertThat(events).allSatisfy(e -> assertThat(e.thread()).isEqualTo("contract-workload"));

    List<Event> inserts = events.stream()
        .filter(e -> e.kind() == EventKind.STATEMENT && e.sql().startsWith("insert into pet values"))
        .toList();
    assertThat(inserts).extracting(Event::params).containsExactly(
        "'1', 'O''Brien \"Rex\"\n\\ \u00e9\u4e2d\uD83D\uDE00\u0001', '0x0102ff', '2020-02-29', '12.50', 'true'",
        "'h:000000000001', 'h:000000000002', 'h:000000000003', 'h:000000000004', 'h:000000000005',"
            + " 'h:000000000006'",
        null);
    assertThat(inserts).extracting(Event::rows).containsOnly(1L);
    assertThat(events.stream().filter(e -> e.kind() == EventKind.STATEMENT
        && e.sql().startsWith("update pet set photo")).map(Event::params))
        .containsExactly("NULL, '3'", "NULL, 'h:000000000008'", null);
    // in mode hash, equal values have equal hashes across statements: id 1 again
    assertThat(events.stream().filter(e -> e.session().equals("2:1") && e.sql() != null
        && e.sql().startsWith("select name")).map(Event::params))
        .containsExactly("'h:000000000001'", "'h:000000000007'");

    assertThat(events.stream().filter(e -> e.kind() == EventKind.BATCH && e.session().equals("1")))
        .extracting(Event::batchSize, Event::rows, Event::sqlState)
        .containsExactly(tuple(3, 3L, null),
            tuple(2, 2L, null),
            tuple(1, Event.UNKNOWN, "23505"));
    assertThat(events.stream().map(Event::sqlState).filter(s -> s != null).distinct())
        .containsExactly("42S02", "23505");

    CallSite site = inserts.get(0).callSite();
    assertThat(site.className()).isEqualTo("dev.dbprof.capture.ContractWorkload");
    assertThat(site.method()).isEqualTo("run");
    assertThat(site.file()).isEqualTo("ContractWorkload.java");
    assertThat(site.line()).isPositive();
    assertThat(events.stream().filter(e -> e.kind() == EventKind.COMMIT)
        .map(Event::callSite)).containsOnlyNulls();
  }

  private record Read(List<Event> events, ReadContext context) {
  }

  private static Read read(CaptureFileReader reader, Path golden) throws IOException {
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext(golden.toString(), events::add);
    try (InputStream in = Files.newInputStream(golden)) {
      reader.read(new BoundedLineReader(in, context), context);
    }
    return new Read(events, context);
  }
}
