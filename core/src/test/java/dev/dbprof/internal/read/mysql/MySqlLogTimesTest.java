package dev.dbprof.internal.read.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-second cache of MySQL 8 times gives what a full ISO-8601 parse gives. */
class MySqlLogTimesTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-11-24T05:14:42.123456Z", "2026-11-24T05:14:42.1Z", "2026-11-24T05:14:42.123456789Z",
    "2026-11-24T05:14:42Z", "2026-11-24T05:14:42.000001Z", "1999-12-31T23:59:59.999999Z",
    "2026-11-24T05:14:42.123456+02:00", "2026-11-24T05:14:42.Z", "2024-02-29T00:00:00.5Z",
    "1970-01-01T00:00:00.000001Z", "2026-12-31T23:59:59.000001Z"})
  void readsLikeAFullParse(String text) {
    OffsetDateTime expected = OffsetDateTime.parse(text);
    long micros = expected.toEpochSecond() * 1_000_000L + expected.getNano() / 1000;
    MySqlLogTimes times = new MySqlLogTimes();
    assertThat(times.parse("2026-11-24T05:14:41.5Z")).isPositive(); // a different second cached first
    assertThat(times.parse(text)).isEqualTo(micros);
    assertThat(new MySqlLogTimes().parse(text)).isEqualTo(micros);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-24T05:14:42.123456Z", "2026-11-24T05:14:42.12x456Z", "2026-11-24T25:14:42.1Z",
      "2026-11-24T05:14:42.1234567890Z", "2026-02-29T00:00:00.5Z", "2026-11-24T24:00:00.1Z",
      "2026-11-24T05:14:60.1Z", "2026-11-31T05:14:42.1Z", "2026-1x-24T05:14:42.1Z"})
  void refusesWhatAFullParseRefuses(String text) {
    MySqlLogTimes times = new MySqlLogTimes();
    times.parse("2026-11-24T05:14:42.5Z");
    assertThat(times.parse(text)).isEqualTo(-1);
  }

  @Test
  void secondsOfOneSecondShareTheCacheButNotTheFraction() {
    MySqlLogTimes times = new MySqlLogTimes();
    long a = times.parse("2026-11-24T05:14:42.000010Z");
    long b = times.parse("2026-11-24T05:14:42.900000Z");
    assertThat(b - a).isEqualTo(899_990);
  }

  @Test
  void cachedBytesAnswerAsTheTextDoesOrNotAtAll() {
    String[] texts = {"2026-11-24T05:14:42.000010Z", "2026-11-24T05:14:42.900000Z", "2026-11-24T05:14:42.9Z",
        "2026-11-24T05:14:43.5Z", "2026-11-24T05:14:43.12x456Z", "2026-11-24T05:14:43.1234567890Z",
        "2026-02-30T00:00:00.5Z", "2026-02-30T00:00:00.7Z", "261124  5:14:42", "2026-11-24 05:14:43.5Z",
        "2026-11-24T05:14:43.5Z", "2026-11-24T05:14:43.000001Z"};
    MySqlLogTimes bytes = new MySqlLogTimes();
    int cached = 0;
    for (String text : texts) {
      byte[] line = ("# Time: " + text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long fromBytes = bytes.parseCached(line, 8, line.length);
      if (fromBytes == MySqlLogTimes.NOT_CACHED) {
        fromBytes = bytes.parse(text);
      } else {
        cached++;
      }
      assertThat(fromBytes).as(text).isEqualTo(new MySqlLogTimes().parse(text));
    }
    assertThat(cached).isGreaterThanOrEqualTo(4);
  }
}
