package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.testing.Differential;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-made jsonlog reading against Jackson: every line it takes must come out as Jackson
 * reads it; the lines it leaves to Jackson are the odd ones.
 */
class JsonLogLineScannerTest {

  private static final String PLAIN = "{\"timestamp\":\"2026-11-24 05:00:00.002 UTC\",\"user\":\"app\","
      + "\"pid\":4004,\"session_id\":\"6b051d1f.fa4\",\"line_num\":1,\"error_severity\":\"LOG\","
      + "\"state_code\":\"00000\",\"message\":\"duration: 0.184 ms  statement: select \\\"a\\\"\\n  from t\","
      + "\"detail\":\"parameters: $1 = 'x'\",\"backend_type\":\"client backend\",\"query_id\":0}";

  private static final String[] PIECES = {"\"", "\\", "\\u00e9", "\\uD83D\\uDE00", "\\n", "\\/", "\\x",
      " ", "\t", "{", "}", "[1,2]", ",", ":", "null", "true", "false", "-0", "01", "1.5", "1e3", "\u0001",
      "\"statement\":\"select 1\",", "\"pid\":\"77\",", "\"session_id\":null,", "\"message\":\"again\",",
      "\"timestamp\":\"bad\",", "\u00e9", "\uD83D\uDE00", "\\u12G4", "\"a\\\"b\""};

  @Test
  void linesReadByHandComeOutAsJacksonReadsThem() throws Exception {
    Random random = new Random(7);
    JsonLogLineScanner simple = new JsonLogLineScanner(new PgTimestamps());
    List<String> lines = new ArrayList<>();
    lines.add(PLAIN);
    lines.add("{}");
    lines.add("{\"message\":\"m\",\"error_severity\":\"ERROR\",\"timestamp\":\"2026-11-24 05:00:00 +05\"}");
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder(PLAIN);
      for (int k = random.nextInt(3); k >= 0; k--) {
        int at = 1 + random.nextInt(line.length() - 1);
        if (random.nextBoolean()) {
          line.insert(at, PIECES[random.nextInt(PIECES.length)]);
        } else {
          line.delete(at, Math.min(line.length(), at + 1 + random.nextInt(3)));
        }
      }
      lines.add(line.toString());
    }
    int[] damagedByHand = new int[1];

    Differential.Tally tally = Differential.compare(lines, line -> {
      PgEntry hand = simple.read(line, 3);
      if (hand == null) {
        return Optional.empty();
      }
      if (!line.equals(PLAIN)) {
        damagedByHand[0]++;
      }
      return Optional.of(hand == JsonLogLineScanner.INCOMPLETE ? INCOMPLETE : describe(hand));
    }, line -> {
      PgEntry jackson;
      try {
        jackson = PgJsonLogReader.parse(line, 3, new PgTimestamps());
      } catch (Exception e) {
        throw new AssertionError("Jackson rejects a line read by hand", e);
      }
      return jackson == null ? INCOMPLETE : describe(jackson);
    });

    assertThat(damagedByHand[0]).as("damaged lines read by hand, of %d", tally.compared())
        .isGreaterThan(1_000);
  }

  @Test
  void oddLinesAreLeftToJackson() {
    JsonLogLineScanner simple = new JsonLogLineScanner(new PgTimestamps());
    assertThat(simple.read(PLAIN, 1)).isNotNull();
    assertThat(simple.read(PLAIN.replace(",", ", "), 1)).isNull();
    assertThat(simple.read(PLAIN + " ", 1)).isNull();
    assertThat(simple.read(PLAIN.replace("4004", "{\"a\":1}"), 1)).isNull();
    assertThat(simple.read(PLAIN.replace("\\n", "\\q"), 1)).isNull();
  }

  /** What both give for a valid object that lacks the timestamp, the severity or the message. */
  private static final List<Object> INCOMPLETE = List.of("incomplete");

  private static List<Object> describe(PgEntry e) {
    return List.of(e.line(), e.timeMicros(), e.session(), e.severity(), String.valueOf(e.sqlState()),
        e.message(), String.valueOf(e.detail()), String.valueOf(e.statement()));
  }
}
