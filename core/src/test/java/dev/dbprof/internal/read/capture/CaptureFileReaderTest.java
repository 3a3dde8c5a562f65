package dev.dbprof.internal.read.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.Problem;
import dev.dbprof.internal.read.TestReads;
import dev.dbprof.model.InputException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written capture files, per docs/capture-format.md. */
class CaptureFileReaderTest {

  static Path sample(String name) {
    try {
      return Path.of(CaptureFileReaderTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsEveryEventTypeWithAllItsFields() {
    TestReads read = TestReads.of(sample("shop.jsonl"));

    assertThat(read.summary.format()).isEqualTo(InputFormat.DBPROF);
    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.summary.droppedEvents()).isEqualTo(7);
    assertThat(read.events).extracting(Event::kind).containsExactly(
        EventKind.CONNECT, EventKind.STATEMENT, EventKind.STATEMENT, EventKind.BATCH,
        EventKind.STATEMENT, EventKind.COMMIT, EventKind.ROLLBACK, EventKind.DISCONNECT);
    assertThat(read.events.get(0)).isEqualTo(new Event(EventKind.CONNECT, 1732420000123500L,
        812000, "1", "main", null, null, 0, Event.UNKNOWN, null, null, null, 2));
    assertThat(read.events.get(1)).isEqualTo(new Event(EventKind.STATEMENT, 1732420000124000L,
        183000, "1", "main", "select * from pets where owner_id = ?", "'7'", 0, 3, null,
        new CallSite("shop.PetRepository", "findByOwner", "PetRepository.java", 31), null, 3));
    assertThat(read.events.get(2).params()).isEqualTo("'O''Brien', NULL");
    assertThat(read.events.get(2).rows()).isEqualTo(Event.UNKNOWN);
    assertThat(read.events.get(2).callSite()).isNull();
    Event batch = read.events.get(3);
    assertThat(batch.batchSize()).isEqualTo(50);
    assertThat(batch.rows()).isEqualTo(50);
    assertThat(batch.sql()).isEqualTo("insert into visits (pet_id, note) values (?, ?)");
    assertThat(read.events.get(4).sqlState()).isEqualTo("42P01");
    assertThat(read.events.get(4).failed()).isTrue();
    assertThat(read.events.get(6).session()).isEqualTo("2");
    assertThat(read.events.get(6).thread()).isEqualTo("worker-1");
    assertThat(read.events.get(7).elapsedNanos()).isEqualTo(3000);
  }

  @Test
  void ignoresFieldsOfNewerMinorVersionsAndSkipsUnknownTypes() {
    TestReads read = TestReads.of(sample("future-fields.jsonl"));

    assertThat(read.events).hasSize(2);
    assertThat(read.events.get(0).params()).isEqualTo("'h:3fa4c0d19b2e'");
    assertThat(read.events.get(0).callSite()).isEqualTo(new CallSite("A", "b", "A.java", 3));
    assertThat(read.events.get(1).sql()).isEqualTo("update t set a = ? where id = ?");
    assertThat(read.events.get(1).batchSize()).isEqualTo(2);
    assertThat(read.summary.skippedLines()).isEqualTo(1);
    assertThat(read.summary.problems()).extracting(Problem::line, Problem::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "unknown event type 'trace'"));
  }

  @Test
  void repeatedHeaderStartsFreshConnectionIds() {
    TestReads read = TestReads.of(sample("appended.jsonl"));

    assertThat(read.events).extracting(Event::session).containsExactly("1", "2:1");
    assertThat(read.events).extracting(Event::params).containsOnlyNulls();
  }

  @Test
  void truncatedLastLineIsSkippedAndCounted() {
    TestReads read = TestReads.of(sample("truncated.jsonl"));

    assertThat(read.events).extracting(Event::sql).containsExactly("select 1");
    assertThat(read.summary.skippedLines()).isEqualTo(1);
    assertThat(read.summary.problems().get(0).line()).isEqualTo(3);
    assertThat(read.summary.problems().get(0).reason()).contains("truncated");
    assertThat(read.summary.problems().get(0).path()).endsWith("truncated.jsonl");
  }

  @Test
  void malformedLinesAreSkippedWithTheirLineNumbers() {
    TestReads read = TestReads.of(sample("malformed.jsonl"));

    assertThat(read.events).extracting(Event::sql)
        .containsExactly("select 1", "select 3", "select 4");
    assertThat(read.events.get(1).startMicros()).isEqualTo(Event.UNKNOWN);
    assertThat(read.events.get(1).elapsedNanos()).isEqualTo(Event.UNKNOWN);
    assertThat(read.events.get(2).line()).isEqualTo(9);
    assertThat(read.summary.skippedLines()).isEqualTo(5);
    List<Problem> problems = read.summary.problems();
    assertThat(problems).extracting(Problem::line).containsExactly(3L, 4L, 5L, 6L, 7L);
    assertThat(problems.get(0).reason()).startsWith("malformed JSON");
    assertThat(problems.get(1).reason()).isEqualTo("not a JSON object");
    assertThat(problems.get(2).reason()).isEqualTo("stmt event without 'sql'");
    assertThat(problems.get(3).reason()).isEqualTo("no 'type'");
    assertThat(problems.get(4).reason()).isEqualTo("text after the JSON object");
  }

  @Test
  void crlfLineEndsReadLikeLf() {
    TestReads read = TestReads.of(sample("crlf.jsonl"));

    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.events).extracting(Event::sql).containsExactly("select 1");
  }

  @Test
  void unknownMajorVersionIsAClearError() {
    assertThatThrownBy(() -> TestReads.of(sample("version2.jsonl")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("version2.jsonl")
        .hasMessageContaining("dbprof-capture/2")
        .hasMessageContaining("reads dbprof-capture/1.x only");
  }

  @Test
  void unitNamesAreKeptForOpenUnitsOnlyAndBoundedWhenUnitsNeverEnd() {
    CaptureFileReader.UnitTags tags = new CaptureFileReader.UnitTags();
    CaptureFileReader.Line line = new CaptureFileReader.Line();
    line.clear();
    tags.begin("1", "GET /owners/{id}");
    line.unit = "1";
    assertThat(tags.of(line, 1)).isEqualTo(new dev.dbprof.model.UnitTag("1", "GET /owners/{id}",
        dev.dbprof.model.UnitTag.Source.MARKER));
    assertThat(tags.end("1").name()).isEqualTo("GET /owners/{id}");
    assertThat(tags.openUnits()).isZero();

    for (int i = 0; i < 3 * CaptureFileReader.UnitTags.MAX_OPEN; i++) {
      tags.begin("never-ended-" + i, "job " + i);
    }
    assertThat(tags.openUnits()).isEqualTo(CaptureFileReader.UnitTags.MAX_OPEN);
    // the oldest were forgotten, the newest are known
    line.unit = "never-ended-" + (3 * CaptureFileReader.UnitTags.MAX_OPEN - 1);
    assertThat(tags.of(line, 1).name()).isEqualTo("job " + (3 * CaptureFileReader.UnitTags.MAX_OPEN - 1));
  }
}
