package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.InputFormat;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed input in every format this package reads: binary bytes, a 10 MB line, CRLF, an empty
 * file, gzip (named or not), cut-off gzip and a cut-off last line. Reading never stops; skipped
 * lines are counted and named.
 */
class BadInputTest {

  private static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

  @TempDir Path dir;

  /** One format: an optional first line, and a statement record with parameter value {@code i}. */
  enum Sample {
    DBPROF(InputFormat.DBPROF,
        "{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"start\":1,"
            + "\"params\":\"raw\",\"pid\":1}\n",
        i -> "{\"type\":\"stmt\",\"ts\":" + (1000 + i) + ",\"conn\":1,\"thread\":\"main\",\"ns\":"
            + "1000,\"sql\":\"select * from t where id = ?\",\"params\":[\"" + i + "\"]}\n",
        "'%d'"),
    P6SPY(InputFormat.P6SPY, "",
        i -> (1795493952841L + i) + "|1|statement|connection 1|url jdbc:h2:mem:x"
            + "|select * from t where id = ?|select * from t where id = " + i + "\n",
        "%d"),
    P6SPY_MULTILINE(InputFormat.P6SPY_MULTILINE, "",
        i -> "#" + (1795493952841L + i) + " | took 1ms | statement | connection 1| url jdbc:h2:mem:x\n"
            + "select * from t where id = ?\nselect * from t where id = " + i + ";\n",
        "%d"),
    P6SPY_CUSTOM(InputFormat.P6SPY_CUSTOM, "",
        i -> (1795493952841L + i) + "|1|statement|connection1|select * from t where id = " + i + "\n",
        "%d");

    final InputFormat format;
    final String prologue;
    final IntFunction<String> record;
    final String params;

    Sample(InputFormat format, String prologue, IntFunction<String> record, String params) {
      this.format = format;
      this.prologue = prologue;
      this.record = record;
      this.params = params;
    }

    int prologueLines() {
      return prologue.isEmpty() ? 0 : 1;
    }

    int recordLines() {
      return (int) record.apply(1).chars().filter(c -> c == '\n').count();
    }
  }

  private Path write(String name, byte[]... parts) throws Exception {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (byte[] part : parts) {
        out.write(part);
      }
    }
    return file;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertParams(TestReads read, Sample sample, int... values) {
    assertThat(read.events).extracting(Event::params).containsExactlyElementsOf(
        Arrays.stream(values).mapToObj(v -> String.format(sample.params, v)).toList());
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void binaryLineIsSkippedAndReadingGoesOn(Sample sample) throws Exception {
    byte[] binary = {(byte) 0xC3, 0x28, (byte) 0xFF, 0, 1, 2, (byte) 0x8B, '|', '{', '\n'};
    Path file = write("binary.log", utf8(sample.prologue), utf8(sample.record.apply(1)), binary,
        utf8(sample.record.apply(2)));

    TestReads read = TestReads.of(file);

    assertThat(read.summary.format()).isEqualTo(sample.format);
    assertParams(read, sample, 1, 2);
    assertThat(read.summary.skippedLines()).isEqualTo(1);
    assertThat(read.summary.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(sample.prologueLines() + sample.recordLines() + 1);
      assertThat(p.path()).isEqualTo(file.toString());
    });
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void tenMegabyteLineIsSkippedAndReadingGoesOn(Sample sample) throws Exception {
    String huge = sample.record.apply(7).replace("select * from t", "select '" + TEN_MB + "' from t");
    Path file = write("huge.log", utf8(sample.prologue), utf8(sample.record.apply(1)), utf8(huge),
        utf8(sample.record.apply(2)));

    TestReads read = TestReads.of(file);

    assertParams(read, sample, 1, 2);
    assertThat(read.summary.skippedLines()).isEqualTo(sample.recordLines());
    long hugeStart = sample.prologueLines() + sample.recordLines() + 1;
    assertThat(read.summary.problems()).first().satisfies(p -> {
      assertThat(p.line()).isBetween(hugeStart, hugeStart + sample.recordLines() - 1);
      assertThat(p.reason()).contains("bytes long");
    });
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void crlfReadsLikeLf(Sample sample) throws Exception {
    String lf = sample.prologue + sample.record.apply(1) + sample.record.apply(2);
    Path unix = write("lf.log", utf8(lf));
    Path windows = write("crlf.log", utf8(lf.replace("\n", "\r\n")));

    TestReads read = TestReads.of(windows);

    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.events).isEqualTo(TestReads.of(unix).events);
    assertParams(read, sample, 1, 2);
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void emptyInputIsNoErrorAndNoEvents(Sample sample) throws Exception {
    Path empty = write("empty.log");
    Path blank = write("blank.log", utf8("\n\r\n  \n"));

    assertThat(TestReads.of(empty).summary).satisfies(s -> {
      assertThat(s.events()).isZero();
      assertThat(s.format()).isNull();
      assertThat(s.formatId()).isEqualTo("empty");
    });
    assertThat(TestReads.of(blank).summary.events()).isZero();
    TestReads forced = TestReads.of(empty, ReaderOptions.defaults().withFormat(sample.format));
    assertThat(forced.summary.format()).isEqualTo(sample.format);
    assertThat(forced.events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void gzipIsRecognisedByItsBytesNotItsName(Sample sample) throws Exception {
    byte[] gz = gzip(sample.prologue + sample.record.apply(1) + sample.record.apply(2));
    Path named = write("spy.log.gz", gz);
    Path unnamed = write("spy.log", gz);

    assertParams(TestReads.of(named), sample, 1, 2);
    TestReads read = TestReads.of(unnamed);
    assertThat(read.summary.format()).isEqualTo(sample.format);
    assertParams(read, sample, 1, 2);
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void cutOffGzipKeepsWhatCameBeforeAndSaysSo(Sample sample) throws Exception {
    StringBuilder text = new StringBuilder(sample.prologue);
    for (int i = 0; i < 2000; i++) {
      text.append(sample.record.apply(i));
    }
    byte[] gz = gzip(text.toString());
    Path file = write("cut.log.gz", Arrays.copyOf(gz, gz.length * 2 / 3));

    TestReads read = TestReads.of(file);

    assertThat(read.events.size()).isBetween(100, 1999);
    assertThat(read.summary.problems()).last()
        .satisfies(p -> assertThat(p.reason()).contains("compressed data ends early"));
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void cutOffLastLineIsSkippedAndCounted(Sample sample) throws Exception {
    String last = sample.record.apply(3);
    Path file = write("cut.log", utf8(sample.prologue + sample.record.apply(1)
        + sample.record.apply(2) + last.substring(0, 20)));

    TestReads read = TestReads.of(file);

    assertParams(read, sample, 1, 2);
    assertThat(read.summary.skippedLines()).isEqualTo(1);
    assertThat(read.summary.problems().get(0).line())
        .isEqualTo(sample.prologueLines() + 2L * sample.recordLines() + 1);
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(utf8(text));
    }
    return bytes.toByteArray();
  }

  /**
   * Server logs of every other format with one line over the line limit at the end, and for the
   * PostgreSQL stderr log in the middle too: that line counts as exactly one skipped line (the
   * line reader skips it, and the format's reader must not count the empty line it reads again).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "pg-stderr.log, 4", "pg-stderr.log, 2", "pg-csvlog.csv, 3", "pg-jsonlog.json, 1",
      "mysql-general-mysql8.log, 6", "mysql-general-mysql8.log, 4", "mysql-slow-mysql8.log, 9"})
  void oneOverlongLineCountsAsOneSkippedLine(String sample, int insertAfter) throws Exception {
    Path original = Path.of(getClass().getResource("detect/" + sample).toURI());
    java.util.List<String> lines = Files.readAllLines(original, StandardCharsets.UTF_8);
    java.util.List<String> withLong = new java.util.ArrayList<>(lines);
    withLong.add(insertAfter, "x".repeat(BoundedLineReader.DEFAULT_MAX_LINE_BYTES + 1));
    Path file = write("long-" + sample, utf8(String.join("\n", withLong) + "\n"));

    TestReads before = TestReads.of(original);
    TestReads read = TestReads.of(file);

    assertThat(read.summary.format()).isEqualTo(before.summary.format());
    assertThat(read.summary.skippedLines()).isEqualTo(before.summary.skippedLines() + 1);
    assertThat(read.summary.problems()).filteredOn(p -> p.line() == insertAfter + 1).singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("bytes long"));
  }
}
