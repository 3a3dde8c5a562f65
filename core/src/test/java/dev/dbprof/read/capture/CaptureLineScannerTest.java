package dev.dbprof.read.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.event.Event;
import dev.dbprof.read.Problem;
import dev.dbprof.read.ReadContext;
import dev.dbprof.read.capture.CaptureFileReader.Line;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scanner against the JSON parser it stands in for: on every line it reads, the fields must be
 * the parser's; what it does not read, the parser reads as before.
 */
class CaptureLineScannerTest {

  /** Lines as the capture writes them (docs/capture-format.md), escapes included. */
  private static final List<String> WRITTEN = List.of(
      "{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"tool\":\"dbprof-capture\",\"version\":\"0.1.0\","
          + "\"start\":1732420000123456,\"db\":\"PostgreSQL 17.6\",\"url\":\"jdbc:postgresql://localhost:5432/shop\","
          + "\"params\":\"hash\",\"pid\":12345}",
      "{\"type\":\"open\",\"ts\":1732420000123500,\"conn\":1,\"thread\":\"main\",\"ns\":812000}",
      "{\"type\":\"stmt\",\"ts\":1732420000124000,\"conn\":1,\"thread\":\"main\",\"ns\":183000,"
          + "\"sql\":\"select * from pets where owner_id = ?\",\"params\":[\"h:3fa4c0d19b2e\"],\"rows\":3,"
          + "\"site\":{\"class\":\"shop.PetRepository\",\"method\":\"findByOwner\",\"file\":\"PetRepository.java\",\"line\":31}}",
      "{\"type\":\"stmt\",\"ts\":1732420000124300,\"conn\":12,\"thread\":\"http-nio-8080-exec-3\",\"ns\":90000,"
          + "\"sql\":\"select *\\n  from owners\\r\\n where name = ?\\tand note = '\\\\'\","
          + "\"params\":[\"O'Brien\",null,\"say \\\"hi\\\"\",\"C:\\\\temp\\\\new\",\"\\u0001\\u00e9\\u4E2D\"],\"state\":\"\"}",
      "{\"type\":\"batch\",\"ts\":1732420000125000,\"conn\":1,\"thread\":\"main\",\"ns\":950000,"
          + "\"sql\":\"insert into visits (pet_id, note) values (?, ?)\",\"sqls\":[\"a\",\"b\"],\"size\":50,\"rows\":50}",
      "{\"type\":\"stmt\",\"ts\":1732420000125500,\"conn\":1,\"thread\":\"main\",\"ns\":1000,"
          + "\"sql\":\"select * from nope\",\"params\":[],\"state\":\"42P01\"}",
      "{\"type\":\"commit\",\"ts\":1732420000126000,\"conn\":1,\"thread\":\"main\",\"ns\":120000}",
      "{\"type\":\"dropped\",\"ts\":1732420000126100,\"count\":3}",
      "{\"type\":\"close\",\"ts\":1732420000126500,\"conn\":1,\"thread\":\"main\",\"ns\":3000,\"state\":\"08006\"}",
      "{\"type\":\"stmt\",\"ts\":-5,\"conn\":-0,\"thread\":\"t\\/1\",\"ns\":0,\"sql\":\"x\",\"params\":[\"1\",2,true],"
          + "\"rows\":null,\"site\":{\"class\":\"A\",\"method\":null,\"line\":\"7\"}}");

  /** Lines the scanner must leave to the parser, or read exactly as it does. */
  private static final List<String> UNUSUAL = List.of(
      "{ \"type\":\"stmt\",\"conn\":1,\"sql\":\"x\"}",
      "{\"type\" : \"stmt\", \"conn\": 1, \"sql\": \"x\"}",
      "{\"sql\":\"x\",\"conn\":1,\"type\":\"stmt\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"ns\":1.5e3,\"rows\":2.0}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"ts\":12345678901234567890}",
      "{\"type\":\"stmt\",\"conn\":01,\"sql\":\"x\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"params\":[[1],{\"a\":1}]}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"span\":{\"tags\":[\"x\",{\"y\":1}]}}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"site\":[1]}",
      "{\"type\":\"stmt\",\"conn\":{\"id\":1},\"sql\":\"x\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\qb\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\u00zz\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\tb\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"params\":[\"a\tb\"]}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"note\":\"a\tb\"}",
      "{\"ty\\u0070e\":\"stmt\",\"conn\":1,\"sql\":\"x\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"type\":\"commit\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\"} ",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\"} trailing",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\"",
      "{\"type\":\"stmt\",\"conn\":nul}",
      "{\"type\":\"stmt\",\"conn\":truex}",
      "{}",
      "[1,2]",
      "not json");

  @Test
  void readsTheCapturesOwnLinesWithoutTheParserAndAsItWould() {
    CaptureLineScanner scanner = new CaptureLineScanner();
    for (String line : WRITTEN) {
      Line scanned = new Line();
      assertThat(scanner.scan(line, scanned)).as(line).isTrue();
      assertThat(fields(scanned)).as(line).isEqualTo(parsed(line));
    }
  }

  @Test
  void leavesWhatItDoesNotReadToTheParser() {
    CaptureLineScanner scanner = new CaptureLineScanner();
    int scanned = 0;
    for (String line : UNUSUAL) {
      Line out = new Line();
      if (scanner.scan(line, out)) {
        scanned++;
        assertThat(fields(out)).as(line).isEqualTo(parsed(line));
      }
    }
    // the duplicate field, the empty object and the odd literals are read; the rest falls back
    assertThat(scanned).isLessThan(UNUSUAL.size() / 2);
  }

  @Test
  void agreesWithTheParserOnDamagedLines() {
    Random random = new Random(20261124);
    String alphabet = "\"\\{}[],: \t0-.eu1nlx'\u0001\u00e9\u2028\uD83D";
    CaptureLineScanner scanner = new CaptureLineScanner();
    int scanned = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder(WRITTEN.get(random.nextInt(WRITTEN.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(line.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(4)) {
          case 0 -> line.insert(at, c);
          case 1 -> line.setLength(at);
          case 2 -> line.deleteCharAt(Math.min(at, line.length() - 1));
          default -> line.setCharAt(Math.min(at, line.length() - 1), c);
        }
        if (line.length() == 0) {
          line.append('{');
        }
      }
      String text = line.toString();
      Line out = new Line();
      if (scanner.scan(text, out)) {
        scanned++;
        assertThat(fields(out)).as(text).isEqualTo(parsed(text));
      }
    }
    assertThat(scanned).as("damage inside strings leaves lines readable").isGreaterThan(1000);
  }

  @Test
  void aRawControlCharacterIsMalformedEvenWhenTheSameTextWasReadEscaped() throws IOException {
    String input = "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\tb\"}\n"
        + "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\tb\"}\n"
        + "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\tb\"}\n";
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext("x.jsonl", events::add);

    new CaptureFileReader().read(new BufferedReader(new StringReader(input)), context);

    assertThat(events).extracting(Event::sql).containsExactly("a\tb", "a\tb");
    assertThat(events).extracting(Event::line).containsExactly(1L, 3L);
    assertThat(context.problems()).extracting(Problem::line).containsExactly(2L);
    assertThat(context.problems().get(0).reason()).startsWith("malformed JSON");
  }

  @Test
  void repeatedTextsAndCallSitesAreTheSameInstances() throws IOException {
    String line = WRITTEN.get(2);
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext("x.jsonl", events::add);

    new CaptureFileReader().read(new BufferedReader(new StringReader(line + "\n" + line + "\n")),
        context);

    assertThat(events).hasSize(2);
    assertThat(events.get(1).sql()).isSameAs(events.get(0).sql());
    assertThat(events.get(1).thread()).isSameAs(events.get(0).thread());
    assertThat(events.get(1).session()).isSameAs(events.get(0).session());
    assertThat(events.get(1).callSite()).isSameAs(events.get(0).callSite());
    assertThat(events.get(1).params()).isEqualTo("'h:3fa4c0d19b2e'");
  }

  private static String parsed(String line) {
    Line out = new Line();
    String problem = CaptureFileReader.parse(line, out);
    return problem != null && !problem.equals("no 'type'") ? "unreadable: " + problem : fields(out);
  }

  private static String fields(Line l) {
    return Stream.of(l.type, l.format, l.ts, l.conn, l.thread, l.ns, l.sql, l.params, l.rows,
            l.state, l.size, l.count, l.siteClass, l.siteMethod, l.siteFile, l.siteLine)
        .map(v -> v == null ? "<null>" : "[" + v + "]")
        .collect(Collectors.joining("|"));
  }
}
