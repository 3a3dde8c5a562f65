package dev.dbprof.internal.read.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Problem;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written entry split against the pattern it replaced, which states the format. */
class GeneralLogEntryTest {

  private static final Pattern ENTRY = Pattern.compile(
      "^(?<time>\\d{6}\\s+\\d{1,2}:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)?)?"
          + "\\t+ *(?<id>\\d+) (?<cmd>[A-Z][A-Za-z_]*(?: [A-Za-z_]+)?)(?:\\t(?<arg>.*))?$",
      Pattern.DOTALL);

  private static final List<String> ENTRIES = List.of(
      "2026-11-24T05:00:00.002361Z\t   14 Query\tselect 1",
      "2026-11-24T05:00:00Z\t1 Connect\tapp@localhost on shop using TCP/IP",
      "2026-11-24T05:00:00.5+02:00\t\t 1 Change user\t",
      "2026-11-24T05:00:00\t7 Quit",
      "261124  5:14:42\t    14 Init DB\tshop",
      "261124 15:14:42\t14 Query\tselect 'a\tb'",
      "\t\t    14 Query\tcommit",
      "\t\t14 Quit",
      "\t14 Field List\tpets ",
      "\t\t14 Close stmt\t",
      "\t14 Query x\ty");

  private static final List<String> NOT_ENTRIES = List.of(
      "", "select 1", "  and x = 1", "\t14 query\tx", "\t14  Query\tx",
      "\t14 Query ", "\t14 Query\r", "\tx Query\tx", "2026-11-24T05:00:00.\t1 Query\tx",
      "2026-11-24T05:00:00+02\t1 Query\tx", "261124 123:14:42\t1 Query\tx", "26112 5:14:42\t1 Query\tx",
      "261124  5:14:42 1 Query\tx", "Time                 Id Command    Argument");

  @Test
  void splitsEntriesAsThePatternDoes() {
    GeneralLogEntry entry = new GeneralLogEntry();
    for (String line : ENTRIES) {
      assertThat(entry.parse(line)).as(line).isTrue();
      assertThat(parts(entry, line)).as(line).isEqualTo(patternParts(line));
    }
    for (String line : NOT_ENTRIES) {
      assertThat(entry.parse(line)).as(line).isFalse();
      assertThat(ENTRY.matcher(line).matches()).as(line).isFalse();
    }
  }

  @Test
  void agreesWithThePatternOnDamagedLines() {
    Random random = new Random(42);
    String alphabet = "0123456789\t :-T.Z+QueryA_b\r\nx\u000b\f\u0085";
    GeneralLogEntry entry = new GeneralLogEntry();
    int matched = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder line = new StringBuilder(ENTRIES.get(random.nextInt(ENTRIES.size())));
      for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
        int at = random.nextInt(line.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> line.insert(at, c);
          case 1 -> line.deleteCharAt(Math.min(at, line.length() - 1));
          default -> line.setCharAt(Math.min(at, line.length() - 1), c);
        }
      }
      String text = line.toString();
      boolean parsed = entry.parse(text);
      assertThat(parsed).as(text).isEqualTo(ENTRY.matcher(text).matches());
      if (parsed) {
        matched++;
        assertThat(parts(entry, text)).as(text).isEqualTo(patternParts(text));
      }
    }
    assertThat(matched).isGreaterThan(10_000);
  }

  @Test
  void readerKeepsStatementsSessionsAndProblemsInOrder() throws IOException {
    String log = """
        /usr/sbin/mysqld, Version: 8.0.40 (MySQL Community Server - GPL). started with:
        Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
        Time                 Id Command    Argument
        2026-11-24T05:00:00.000001Z\t   14 Connect\tapp@localhost on shop using TCP/IP
        2026-11-24T05:00:00.000002Z\t   14 Query\tselect *
          from pets
        2026-11-24T05:00:00.000003Z\t   14 Frobnicate\tx
        2026-13-24T05:00:00.000004Z\t   15 Query\tselect 2
        \t\t   14 Query\tcommit
        \t\t   14 Sleep
        stray text
        2026-11-24T05:00:01.000000Z\t   14 Quit
        """;
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext("general.log", events::add);

    new MySqlGeneralLogReader().read(new BufferedReader(new StringReader(log)), context);

    assertThat(events).extracting(Event::kind).containsExactly(EventKind.CONNECT,
        EventKind.STATEMENT, EventKind.STATEMENT, EventKind.COMMIT, EventKind.DISCONNECT);
    assertThat(events.get(1).sql()).isEqualTo("select *\n  from pets");
    assertThat(events.get(1).line()).isEqualTo(5);
    assertThat(events.get(2).session()).isEqualTo("15");
    // an unreadable time keeps the last one that was read
    assertThat(events.get(2).startMicros()).isEqualTo(events.get(1).startMicros());
    assertThat(events.get(3).session()).isSameAs(events.get(0).session());
    assertThat(context.problems()).extracting(Problem::line, Problem::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(7L, "unknown command Frobnicate"),
        org.assertj.core.groups.Tuple.tuple(8L, "unreadable time"),
        org.assertj.core.groups.Tuple.tuple(11L,
            "line is neither a general log entry nor part of a statement"));
  }

  private static List<String> parts(GeneralLogEntry entry, String line) {
    List<String> parts = new ArrayList<>();
    parts.add(entry.timeEnd > 0 ? line.substring(0, entry.timeEnd) : null);
    parts.add(line.substring(entry.idFrom, entry.idTo));
    parts.add(line.substring(entry.commandFrom, entry.commandTo));
    parts.add(entry.argumentFrom < 0 ? null : line.substring(entry.argumentFrom));
    return parts;
  }

  private static List<String> patternParts(String line) {
    Matcher m = ENTRY.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    List<String> parts = new ArrayList<>();
    parts.add(m.group("time"));
    parts.add(m.group("id"));
    parts.add(m.group("cmd"));
    parts.add(m.group("arg"));
    return parts;
  }
}
