package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.model.InputException;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

  @TempDir Path dir;

  @Test
  void dashReadsStandardInput() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(
          "1795493952841|2|statement|connection 4|url x|select ?|select 5\n"
              .getBytes(StandardCharsets.UTF_8)));
      List<dev.dbprof.model.Event> events = new ArrayList<>();

      InputSummary summary = Readers.read("-", ReaderOptions.defaults(), events::add);

      assertThat(summary.path()).isEqualTo("<stdin>");
      assertThat(summary.format()).isEqualTo(InputFormat.P6SPY);
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.params()).isEqualTo("5");
        assertThat(e.session()).isEqualTo("4");
        assertThat(e.elapsedNanos()).isEqualTo(2_000_000);
        assertThat(e.startMicros()).isEqualTo(1795493952839_000L);
      });
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void missingFileAndDirectoryAreInputErrorsNamingThePath() {
    Path missing = dir.resolve("nope.log");
    assertThatThrownBy(() -> Readers.read(missing.toString(), null, e -> { }))
        .isInstanceOf(InputException.class)
        .hasMessage("Cannot read " + missing + ": no such file.");
    assertThatThrownBy(() -> Readers.read(dir.toString(), null, e -> { }))
        .isInstanceOf(InputException.class)
        .hasMessage("Cannot read " + dir + ": it is a directory.");
  }

  @Test
  void malformedUtf8IsReplacedNotAnError() throws Exception {
    Path file = dir.resolve("latin1.log");
    byte[] line = "1795493952841|0|statement|connection 1|url x|select 'caf\u00e9'|select 'caf\u00e9'\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, line);

    TestReads read = TestReads.of(file);

    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.events).singleElement()
        .satisfies(e -> assertThat(e.sql()).isEqualTo("select 'caf\uFFFD'"));
  }

  @Test
  void boundedLinesSplitOnLfDropCrAndReplaceOverlongLines() throws Exception {
    ReadContext context = new ReadContext("t", e -> { });
    String text = "a\r\n" + "b".repeat(30) + "\n\nccc\r\n" + "d".repeat(11) + "\nlast";
    BoundedLineReader lines = new BoundedLineReader(bytes(text), context, 10);

    List<String> read = new ArrayList<>();
    List<Boolean> tooLong = new ArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      read.add(line);
      tooLong.add(lines.lastLineTooLong());
    }

    assertThat(read).containsExactly("a", "", "", "ccc", "", "last");
    assertThat(tooLong).containsExactly(false, true, false, false, true, false);
    assertThat(lines.lastLineTerminated()).isFalse();
    assertThat(lines.lineNumber()).isEqualTo(6);
    assertThat(context.skippedLines()).isEqualTo(2);
    assertThat(context.problems()).extracting(Problem::line).containsExactly(2L, 5L);
    assertThat(context.problems().get(0).reason()).isEqualTo("line is 30 bytes long (limit 10); skipped");
  }

  @Test
  void linesEndAtEveryNewlineWhereverItFallsAmongBytesLikeIt() throws Exception {
    // bytes that differ from '\n' in one bit, or only in the top bit, must not end a line
    byte[] alphabet = {'a', '\n', 0x0b, 0x08, 0x0e, 0x00, (byte) 0x8a, (byte) 0x8b, (byte) 0xff, (byte) 0x80};
    Random random = new Random(11);
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    while (text.size() < 200_000) {
      text.write(alphabet[random.nextInt(alphabet.length)]);
    }
    byte[] bytes = text.toByteArray();
    BoundedLineReader lines = new BoundedLineReader(new ByteArrayInputStream(bytes), null);

    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        assertThat(lines.next()).isTrue();
        assertThat(Arrays.copyOfRange(lines.bytes(), lines.start(), lines.end()))
            .as("line %d", lines.lineNumber()).isEqualTo(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    assertThat(lines.next()).isEqualTo(start < bytes.length);
    assertThat(lines.lineNumber()).isGreaterThan(10_000);
  }

  @Test
  void lineLongerThanTheBufferIsReadWhole() throws Exception {
    String big = "y".repeat(200_000);
    BoundedLineReader lines = new BoundedLineReader(bytes(big + "\r\nz\n"), null);

    assertThat(lines.readLine()).isEqualTo(big);
    assertThat(lines.readLine()).isEqualTo("z");
    assertThat(lines.lastLineTerminated()).isTrue();
    assertThat(lines.readLine()).isNull();
  }

  @Test
  void multiByteCharactersAcrossBufferEndsAndMalformedBytesDecodeLikeTheJdk() throws Exception {
    // 'é' and '€' straddle the 64 KiB buffer's end; a lone continuation byte and a cut sequence
    // before the line end are malformed and become U+FFFD, as the JDK's decoder makes them.
    String first = "x".repeat(65_535) + "é€ok";
    byte[] malformed = {'a', (byte) 0x80, 'b', (byte) 0xE2, (byte) 0x82, '\n'};
    byte[] text = concat((first + "\n").getBytes(StandardCharsets.UTF_8), malformed,
        "ünïcode\r\n".getBytes(StandardCharsets.UTF_8));
    BoundedLineReader lines = new BoundedLineReader(new ByteArrayInputStream(text), null);

    assertThat(lines.readLine()).isEqualTo(first);
    assertThat(lines.readLine())
        .isEqualTo(new String(malformed, 0, malformed.length - 1, StandardCharsets.UTF_8))
        .isEqualTo("a\uFFFDb\uFFFD");
    assertThat(lines.readLine()).isEqualTo("ünïcode");
    assertThat(lines.readLine()).isNull();
    assertThat(lines.lineNumber()).isEqualTo(3);
  }

  @Test
  void stepsThroughLinesAsBytesAndDecodesOnlyWhenAsked() throws Exception {
    BoundedLineReader lines = new BoundedLineReader(bytes("# Time: x\r\nselect 'é';\n"), null);

    assertThat(lines.next()).isTrue();
    assertThat(new String(lines.bytes(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8))
        .isEqualTo("# Time: x");
    assertThat(lines.next()).isTrue();
    assertThat(lines.text()).isEqualTo("select 'é';").isSameAs(lines.text());
    assertThat(lines.next()).isFalse();
  }

  @Test
  void anyBufferedReaderIsReadThroughItsUtf8Bytes() throws Exception {
    String text = "a\r\n" + "é€😀".repeat(5000) + "\n\nlast";
    BoundedLineReader lines = BoundedLineReader.of(new java.io.BufferedReader(new java.io.StringReader(text)), null);

    List<String> read = new ArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      read.add(line);
    }

    assertThat(read).containsExactly("a", "é€😀".repeat(5000), "", "last");
    assertThat(BoundedLineReader.of(lines, null)).isSameAs(lines);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final String P6SPY_LINE =
      "1795493952841|2|statement|connection 4|url x|select ?|select 5\n";

  /** A named pipe with a writer thread: read once, front to back, like stdin (was "Illegal seek"). */
  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void aFifoIsReadAsAStream() throws Exception {
    Path fifo = dir.resolve("log.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    String text = P6SPY_LINE.repeat(50_000); // several times a pipe's buffer
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, text, StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();

    assertThat(Inputs.isStream(fifo.toString())).isTrue();
    assertThat(Inputs.isStream(dir.toString())).isFalse();
    List<dev.dbprof.model.Event> events = new ArrayList<>();
    InputSummary summary = Readers.read(fifo.toString(), ReaderOptions.defaults(), events::add);
    writer.join();

    assertThat(summary.format()).isEqualTo(InputFormat.P6SPY);
    assertThat(summary.skippedLines()).isZero();
    assertThat(events).hasSize(50_000);
  }

  /**
   * Two gzip members, as {@code cat a.gz b.gz | dbprof analyze -} delivers them: the pipe has
   * nothing available between the two (its writer has not written the second yet), which is not
   * its end. Every line of both members is read.
   */
  @Test
  void concatenatedGzipMembersThroughAPipeAreReadWhole() throws Exception {
    byte[] first = gzip(P6SPY_LINE.repeat(3));
    byte[] second = gzip(P6SPY_LINE.replace("select 5", "select 6").repeat(4));
    InputStream pipe = new InputStream() {
      private final byte[][] writes = {first, second};
      private int write;
      private int at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (write == writes.length) {
          return -1;
        }
        int n = Math.min(len, writes[write].length - at); // one write at a time, as a pipe returns them
        System.arraycopy(writes[write], at, b, off, n);
        at += n;
        if (at == writes[write].length) {
          write++;
          at = 0;
        }
        return n;
      }

      @Override
      public int available() {
        return 0; // the writer of the second member has not written yet
      }
    };

    try (Inputs.Opened opened = Inputs.open(new Inputs.Sequential(pipe))) {
      String text = new String(opened.stream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(opened.compressed()).isTrue();
      assertThat(text).isEqualTo(P6SPY_LINE.repeat(3) + P6SPY_LINE.replace("select 5", "select 6").repeat(4));
    }
  }

  private static byte[] gzip(String text) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
