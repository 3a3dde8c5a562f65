package dev.dbprof.read.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.read.spi.BoundedLineReader;
import dev.dbprof.read.spi.ReadContext;
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

  /** Written by {@code dev.dbprof.capture.CaptureFormatContractTest}; tests run in {@code core/}. */
  /** The capture module's golden lines; {@code FormatDetectorTest} reads them too. */
  static final Path GOLDEN =
      Path.of("../capture/src/test/resources/dev/dbprof/capture/capture-contract.jsonl");

  @Test
  void theScannerReadsEveryLineTheWriterWritesAsTheParserDoes() throws IOException {
    List<CaptureLineScannerTest.Input> corpus = new ArrayList<>();
    for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
      corpus.add(new CaptureLineScannerTest.Input(line.getBytes(StandardCharsets.UTF_8), true));
      corpus.add(new CaptureLineScannerTest.Input(line.getBytes(StandardCharsets.UTF_8), false));
    }

    Differential.Tally tally = CaptureLineScannerTest.compare(corpus);

    assertThat(tally.inputs()).isEqualTo(2 * 51);
    assertThat(tally.declined()).as("written lines left to the parser").isZero();
  }

  @Test
  void bothPathsGiveTheSameEvents() throws IOException {
    Read fast = read(new CaptureFileReader());
    Read reference = read(new CaptureFileReader(false));

    assertThat(fast.events()).isEqualTo(reference.events());
    assertThat(fast.context().problems()).isEmpty();
    assertThat(reference.context().problems()).isEmpty();
    assertThat(fast.context().droppedEvents()).isEqualTo(reference.context().droppedEvents())
        .isEqualTo(3);
  }

  @Test
  void theEventsAreTheWorkloads() throws IOException {
    List<Event> events = read(new CaptureFileReader()).events();

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

  private static Read read(CaptureFileReader reader) throws IOException {
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext(GOLDEN.toString(), events::add);
    try (InputStream in = Files.newInputStream(GOLDEN)) {
      reader.read(new BoundedLineReader(in, context), context);
    }
    return new Read(events, context);
  }
}
