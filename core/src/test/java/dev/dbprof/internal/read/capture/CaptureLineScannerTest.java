package dev.dbprof.internal.read.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.Problem;
import dev.dbprof.internal.read.capture.CaptureFileReader.Line;
import dev.dbprof.testing.Differential;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
          + "\"rows\":null,\"site\":{\"class\":\"A\",\"method\":null,\"line\":\"7\"}}",
      "{\"type\":\"stmt\",\"ts\":1732420000127000,\"conn\":2,\"thread\":\"arbeiter-\u00fc\",\"ns\":5,"
          + "\"sql\":\"select '\u00e9\u4e2d\\uD83D\\uDE00\\n\uD83D\uDE00' from caf\u00e9\",\"params\":[\"\u65e5\u672c\u8a9e\","
          + "\"a\\\"\u00df\\u0000\",\"\\ud83d\\ude00\uD83D\uDE00\"],\"site\":{\"class\":\"shop.K\u00f6rbe\","
          + "\"method\":\"f\u00fcllen\",\"file\":\"K\u00f6rbe.java\",\"line\":9}}");

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
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\u12\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\uD83Db\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\uDE00\\uD83D\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\uD83D\\u0041\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\uD83D\\uD83D\\uDE00\"}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"params\":[\"\\uDE00\"]}",
      "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"t\u00e4g\":1}",
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

  /** Well-formed and malformed UTF-8 of one to four bytes, and bytes that never start one. */
  private static final List<byte[]> NON_ASCII = List.of(
      utf8("\u00e9"), utf8("\u4e2d"), utf8("\uD83D\uDE00"), utf8("\u2028"),
      bytes(0x80), bytes(0xbf), bytes(0xc0, 0xaf), bytes(0xc1, 0xbf), bytes(0xc3), bytes(0xe0, 0x80, 0x80),
      bytes(0xe0, 0x9f, 0xbf), bytes(0xe4, 0xb8), bytes(0xed, 0xa0, 0x80), bytes(0xed, 0xbf, 0xbf),
      bytes(0xef, 0xbf, 0xbf), bytes(0xf0, 0x8f, 0xbf, 0xbf), bytes(0xf0, 0x9f, 0x98),
      bytes(0xf4, 0x8f, 0xbf, 0xbf), bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf5, 0x80, 0x80, 0x80),
      bytes(0xf8), bytes(0xfe), bytes(0xff));

  /** A line as the line reader hands it to the scanner: in place in its buffer, or copied. */
  record Input(byte[] bytes, boolean inPlace) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsTheCapturesOwnLinesWithoutTheParserAndAsItWould() {
    List<Input> corpus = new ArrayList<>();
    for (String line : WRITTEN) {
      corpus.add(new Input(utf8(line), true));
      corpus.add(new Input(utf8(line), false));
    }

    Differential.Tally tally = compare(corpus);

    assertThat(tally.declined()).as("lines the capture writes left to the parser").isZero();
  }

  @Test
  void leavesWhatItDoesNotReadToTheParser() {
    List<Input> corpus = new ArrayList<>();
    for (int i = 0; i < UNUSUAL.size(); i++) {
      corpus.add(new Input(utf8(UNUSUAL.get(i)), i % 2 == 0));
    }

    Differential.Tally tally = compare(corpus);

    // the duplicate field, the empty object and the odd literals are read; the rest falls back
    assertThat(tally.compared()).isLessThan(UNUSUAL.size() / 3);
  }

  /** The scanner against the parser on every input: what it reads must read as the parser does. */
  static Differential.Tally compare(List<Input> corpus) {
    CaptureLineScanner scanner = new CaptureLineScanner();
    return Differential.compare(corpus, input -> {
      Line out = new Line();
      return scan(scanner, input.bytes(), input.inPlace(), out) ? Optional.of(fields(out))
          : Optional.empty();
    }, input -> parsed(input.text()), Input::text);
  }

  @Test
  void readsWellFormedUtf8AndLeavesMalformedUtf8ToTheParser() {
    CaptureLineScanner scanner = new CaptureLineScanner();
    String[] places = {
        "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a%sb\"}",
        "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"a\\n%s\"}",
        "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"params\":[\"%s\"]}",
        "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"note\":\"%s\"}",
        "{\"type\":\"stmt\",\"conn\":1,\"sql\":\"x\",\"site\":{\"class\":\"%s\"}}"};
    List<Input> wellFormed = new ArrayList<>();
    for (String place : places) {
      for (byte[] character : NON_ASCII) {
        String[] around = place.split("%s");
        byte[] line = concat(utf8(around[0]), character, utf8(around[1]));
        String text = new String(line, StandardCharsets.UTF_8);
        Input input = new Input(line, wellFormed.size() % 2 == 0);
        if (Arrays.equals(line, utf8(text))) {
          wellFormed.add(input);
        } else {
          assertThat(scan(scanner, line, input.inPlace(), new Line())).as(text).isFalse();
        }
      }
    }

    Differential.Tally tally = compare(wellFormed);

    assertThat(tally.declined()).as("well-formed UTF-8 left to the parser").isZero();
    assertThat(tally.compared()).isEqualTo(places.length * 6);
  }

  @Test
  void agreesWithTheParserOnDamagedLines() {
    Random random = new Random(20261124);
    List<byte[]> alphabet = new ArrayList<>(NON_ASCII);
    for (String s : List.of("\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\t", "0", "-", ".", "e",
        "u", "1", "n", "l", "x", "'", "\u0001", "\\n", "\\u00e9", "\\uD83D", "\\uDE00", "\\u0000")) {
      alphabet.add(utf8(s));
    }
    List<Input> corpus = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      byte[] bytes = utf8(WRITTEN.get(random.nextInt(WRITTEN.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(bytes.length);
        byte[] piece = alphabet.get(random.nextInt(alphabet.size()));
        byte[] before = Arrays.copyOf(bytes, at);
        byte[] after = Arrays.copyOfRange(bytes, at + 1, bytes.length);
        bytes = switch (random.nextInt(4)) {
          case 0 -> concat(before, piece, new byte[] {bytes[at]}, after); // inserted
          case 1 -> before.length == 0 ? utf8("{") : before; // cut off
          case 2 -> concat(before, after); // deleted
          default -> concat(before, piece, after); // replaced
        };
        if (bytes.length == 0) {
          bytes = utf8("{");
        }
      }
      corpus.add(new Input(bytes, i % 2 == 0));
    }

    Differential.Tally tally = compare(corpus);

    assertThat(tally.compared()).as("damage inside strings leaves lines readable").isGreaterThan(2000);
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
  void malformedUtf8IsReadAsTheDecoderReplacesIt() throws IOException {
    byte[] input = concat(utf8("{\"type\":\"stmt\",\"conn\":1,\"sql\":\"caf"), bytes(0xc3),
        utf8("\",\"params\":[\""), bytes(0xed, 0xa0, 0x80), utf8("\"]}\n{\"type\":\"stmt\",\"conn\":1,"),
        utf8("\"sql\":\"caf\u00e9\"}\n"));
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext("x.jsonl", events::add);

    new CaptureFileReader().read(new BoundedLineReader(new ByteArrayInputStream(input), context), context);

    assertThat(events).extracting(Event::sql).containsExactly("caf\ufffd", "caf\u00e9");
    assertThat(events.get(0).params())
        .isEqualTo("'" + new String(bytes(0xed, 0xa0, 0x80), StandardCharsets.UTF_8) + "'")
        .contains("\ufffd");
    assertThat(context.problems()).isEmpty();
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

  /**
   * Scans {@code line} as a line reader hands it over: inside its buffer between other lines, where
   * the scanner reads it in place and must leave it as it is (an unreadable line is decoded from
   * there), or alone in an array of its own, which the scanner copies.
   */
  private static boolean scan(CaptureLineScanner scanner, byte[] line, boolean inPlace, Line out) {
    if (!inPlace) {
      return scanner.scan(line, 0, line.length, out);
    }
    byte[] before = utf8("{\"type\":\"commit\"}\n");
    byte[] buffer = concat(before, line, utf8("\r\n{\"type\":\"commit\"}\n"));
    byte[] original = buffer.clone();
    boolean scanned = scanner.scan(buffer, before.length, before.length + line.length, out);
    assertThat(buffer).isEqualTo(original);
    return scanned;
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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
