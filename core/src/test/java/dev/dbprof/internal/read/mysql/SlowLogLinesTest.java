package dev.dbprof.internal.read.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TextPool;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The slow-log reader matches its lines by hand (they run for every entry); these oracles are the
 * regular expressions it used before, run on random lines built from the pieces that matter.
 * ASCII only: before JDK 19 {@code \b} counted non-ASCII letters as word characters and
 * {@code \w} did not; the hand-written code follows {@code \w}.
 */
class SlowLogLinesTest {

  private static final Pattern USE = Pattern.compile("^use [^;]+;$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SET_TIMESTAMP = Pattern.compile("^SET timestamp=(\\d{1,18});$");
  private static final Pattern USER_HOST_ID = Pattern.compile("\\bId:\\s*(\\d+)");
  private static final Pattern FIELD = Pattern.compile("\\b(\\w++): +(\\S*)");

  private static final String[] PIECES = {"use", "USE", "Use", " ", "  ", "\t", ";", "shop", "SET",
      "timestamp=", "SET timestamp=", "0", "17954964", "9999999999999999999", "Id:", "xId:", "_Id:",
      " Id:", "Thread_id: ", "Query_time: ", "Rows_sent: ", "Rows_affected: ", "Errno: ",
      "Lock_time:", ":", "0.000184", "1", "-3", "x", "#", "@", "[", "]"};

  private final Random random = new Random(20261124);

  @Test
  void handWrittenMatchersAgreeWithTheRegularExpressions() {
    for (int i = 0; i < 200_000; i++) {
      String line = randomLine();
      byte[] b = ("[" + line + "]").getBytes(StandardCharsets.UTF_8); // the line inside a larger buffer
      int s = 1;
      int e = b.length - 1;
      assertThat(MySqlSlowLogReader.isUse(b, s, e)).as(line).isEqualTo(USE.matcher(line).matches());
      Matcher ts = SET_TIMESTAMP.matcher(line);
      assertThat(MySqlSlowLogReader.setTimestamp(b, s, e)).as(line)
          .isEqualTo(ts.matches() ? Long.parseLong(ts.group(1)) : -1);
      Matcher id = USER_HOST_ID.matcher(line);
      assertThat(MySqlSlowLogReader.connectionId(b, s, e, new TextPool())).as(line)
          .isEqualTo(id.find() ? id.group(1) : null);
    }
  }

  @Test
  void headerFieldsAreReadAsTheRegularExpressionReadsThem() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      String header = "# Query_time: " + randomLine() + " " + randomLine();
      Event event = readOne("# User@Host: app[app] @ localhost []  Id:    7\n" + header + "\nselect 1;\n");
      String expectedSession = "7";
      long expectedNanos = -1;
      long rowsSent = Event.UNKNOWN;
      long rowsAffected = Event.UNKNOWN;
      long errno = 0;
      Matcher f = FIELD.matcher(header);
      while (f.find()) {
        String value = f.group(2);
        switch (f.group(1)) {
          case "Thread_id" -> expectedSession = value;
          case "Query_time" -> {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            expectedNanos = MySqlLogTimes.secondsToNanos(bytes, 0, bytes.length);
          }
          case "Rows_sent" -> rowsSent = parse(value);
          case "Rows_affected" -> rowsAffected = parse(value);
          case "Errno" -> errno = Math.max(0, parse(value));
          default -> { }
        }
      }
      if (expectedNanos < 0) {
        assertThat(event).as(header).isNull();
        continue;
      }
      assertThat(event).as(header).isNotNull();
      assertThat(event.session()).as(header).isEqualTo(expectedSession);
      assertThat(event.elapsedNanos()).as(header).isEqualTo(expectedNanos);
      assertThat(event.rows()).as(header).isEqualTo(rowsAffected > 0 ? rowsAffected : rowsSent);
      assertThat(event.failed()).as(header).isEqualTo(errno > 0);
    }
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Event.UNKNOWN;
    }
  }

  private static Event readOne(String log) throws Exception {
    List<Event> events = new ArrayList<>();
    new MySqlSlowLogReader().read(new BufferedReader(new StringReader(log)), new ReadContext("t", events::add));
    return events.isEmpty() ? null : events.get(0);
  }

  private String randomLine() {
    StringBuilder line = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int p = 0; p < pieces; p++) {
      line.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return line.toString();
  }
}
