package dev.dbprof.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbprof.model.InputFormat;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.model.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus, per format: each damage applied to that format's sample, read both
 * with the format named and with detection, through the reader, the analyzer and the renderers.
 * {@link BadInputTest}'s line-exact cases (for the capture and p6spy formats) are not repeated;
 * this class covers every format and checks what must hold for any damage.
 */
class HostileInputTest {

  /** A hang guard only: a read of these inputs takes well under a second. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @TempDir Path dir;

  enum Damage {
    RANDOM_BYTES,
    TRUNCATED_ENTRIES,
    TEN_MB_STATEMENT,
    INVALID_UTF8,
    NUL_BYTES,
    CRLF,
    EMPTY;

    byte[] apply(byte[] sample, Random random) {
      return switch (this) {
        case RANDOM_BYTES -> Corpus.randomBytes(random, 256 * 1024);
        case TRUNCATED_ENTRIES -> Corpus.truncateEveryLine(sample, random);
        case TEN_MB_STATEMENT -> Corpus.withHugeStatement(sample);
        // a lone continuation byte, an overlong '/', a surrogate half, bytes never valid in UTF-8
        case INVALID_UTF8 -> Corpus.spliceIntoLines(sample,
            new byte[] {(byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
                (byte) 0xFE, (byte) 0xFF, (byte) 0xC3}, 3);
        case NUL_BYTES -> Corpus.spliceIntoLines(sample, new byte[] {0, 0, 'x', 0}, 2);
        case CRLF -> Corpus.join(Corpus.lines(sample), "\r\n");
        case EMPTY -> new byte[0];
      };
    }
  }

  static Stream<Arguments> everyFormatAndDamage() {
    return Arrays.stream(InputFormat.values())
        .flatMap(f -> Arrays.stream(Damage.values()).map(d -> Arguments.of(f, d)));
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyFormatAndDamage")
  void damagedInputIsReadToTheEndWithItsSkippedLinesCountedAndNamed(InputFormat format, Damage damage)
      throws Exception {
    byte[] sample = Corpus.bytes(Corpus.sample(format));
    byte[] damaged = damage.apply(sample, new Random(format.ordinal() * 31L + damage.ordinal()));
    Path file = write(format.id() + "-" + damage + ".log", damaged);
    long lines = Corpus.lineCount(damaged);
    ReaderOptions forced = ReaderOptions.defaults().withFormat(format);

    ReadCheck.Result clean = ReadCheck.read(Corpus.sample(format), forced, Corpus.lineCount(sample));
    ReadCheck.Result read = assertTimeoutPreemptively(HANG_GUARD, () -> ReadCheck.read(file, forced, lines));
    assertTimeoutPreemptively(HANG_GUARD, () -> detected(file, lines));

    assertThat(clean.events()).as("the undamaged sample has events").isPositive();
    assertThat(read.summary().format()).isEqualTo(format);
    switch (damage) {
      case RANDOM_BYTES -> assertThat(read.summary().skippedLines()).as("garbage is noticed").isPositive();
      case TEN_MB_STATEMENT -> {
        assertThat(read.summary().problems()).anySatisfy(p -> assertThat(p.reason()).contains("bytes long"));
        // one entry is lost (the one the huge line was spliced into, and its neighbour at most)
        assertThat(read.events()).isBetween(clean.events() - 2, clean.events());
      }
      case INVALID_UTF8, NUL_BYTES -> assertThat(read.events()).as("reading goes on").isPositive();
      case CRLF -> {
        assertThat(read.events()).isEqualTo(clean.events());
        assertThat(read.summary().skippedLines()).isEqualTo(clean.summary().skippedLines());
        assertThat(read.report().queries()).isEqualTo(clean.report().queries());
      }
      case EMPTY -> {
        assertThat(read.events()).isZero();
        assertThat(read.summary().skippedLines()).isZero();
      }
      case TRUNCATED_ENTRIES -> assertThat(read.summary().skippedLines()).as("cut lines are noticed").isPositive();
    }
  }

  /** Detection either recognises the damaged input or refuses it with the documented exception. */
  private static void detected(Path file, long lines) {
    try {
      ReadCheck.read(file, ReaderOptions.defaults(), lines);
    } catch (InputException refused) {
      assertThat(refused.getMessage()).contains(file.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(InputFormat.class)
  void aMixtureOfEveryFormatInOneFileIsReadToTheEnd(InputFormat format) throws Exception {
    // this format's sample first, then every other format's
    byte[] own = Corpus.bytes(Corpus.sample(format));
    byte[] mixture = Corpus.concat(Stream.concat(Stream.of(own), Arrays.stream(InputFormat.values())
        .filter(f -> f != format).map(f -> Corpus.bytes(Corpus.sample(f)))).toList());
    Path file = write("mixture-" + format.id() + ".log", mixture);
    long lines = Corpus.lineCount(mixture);
    ReaderOptions forced = ReaderOptions.defaults().withFormat(format);
    ReadCheck.Result alone = ReadCheck.read(Corpus.sample(format), forced, Corpus.lineCount(own));

    ReadCheck.Result read = assertTimeoutPreemptively(HANG_GUARD, () -> ReadCheck.read(file, forced, lines));
    // Detection is a vote over the first lines; on a mixture any winner is fine, a crash is not.
    assertTimeoutPreemptively(HANG_GUARD, () -> detected(file, lines));

    assertThat(read.events()).as("the leading part's events survive").isGreaterThanOrEqualTo(alone.events() - 1);
    if (format != InputFormat.P6SPY_MULTILINE) {
      assertThat(read.summary().skippedLines()).as("the other formats' lines are noticed").isPositive();
    }
    // Known limit: p6spy's multi-line messages may hold any line (multi-line SQL), so a message
    // followed by more than 20 foreign lines takes them in as its SQL text instead of skipping
    // them (P6spyReader trims at most 20 trailing lines off a message that does not parse).
  }

  @Test
  void randomBytesAreRefusedByDetectionWithOneSentenceNamingTheFile() throws Exception {
    Path file = write("random.bin", Corpus.randomBytes(new Random(7), 64 * 1024));
    try {
      ReadCheck.Result read = ReadCheck.read(file, ReaderOptions.defaults(), Corpus.lineCount(Files.readAllBytes(file)));
      // if some format claims the bytes, it must at least have noticed that they are garbage
      assertThat(read.summary().skippedLines()).isPositive();
    } catch (InputException refused) {
      assertThat(refused.getMessage()).contains(file.toString()).doesNotContain("\n")
          .satisfies(m -> assertThat(m.getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) 0));
    }
  }

  /**
   * Long lines made of what the readers' patterns look for (separators, header words, field
   * names): found by {@link FuzzTest}, where a 60 KB line of them kept a regular expression
   * backtracking for minutes (p6spy's field separators, the slow log's {@code Name: value} fields).
   */
  @ParameterizedTest
  @EnumSource(InputFormat.class)
  void longLinesOfSeparatorsAndFieldNamesDoNotHang(InputFormat format) throws Exception {
    String word = "x".repeat(200_000);
    String text = String.join("\n",
        "# Query_time: " + word,
        "# Thread_id: 1 " + word + " Schema: ",
        word + "|",
        "|".repeat(200_000),
        "1|".repeat(100_000) + "statement|connection",
        "(".repeat(100_000) + "|1|statement|connection 1|url " + "|x".repeat(50_000),
        "#1 | took 1ms | " + "statement | connection 1| url ".repeat(10_000),
        "2026-11-24 06:00:00.000 UTC [1] LOG:  " + "duration: ".repeat(30_000),
        "{\"type\":\"stmt\",\"sql\":\"" + "\\\"".repeat(100_000),
        "\"" + ",\"".repeat(100_000),
        // numbers too big for a long, where readers parse numbers
        "# Time: 261124  4:19:48", "# User@Host: root[root] @ localhost []  Id: 99999999999999999999999",
        "# Query_time: 99999999999999999999999  Rows_sent: 99999999999999999999999",
        "SET timestamp=17954939223372036854775807988;", "select 1;",
        "17954939223372036854775807988|99999999999999999999|statement|connection 99999999999999999999|url x|select 1|select 1",
        "") ;
    Path file = write("separators-" + format.id() + ".log", text.getBytes(StandardCharsets.UTF_8));
    long lines = Corpus.lineCount(Files.readAllBytes(file));

    ReadCheck.Result read = assertTimeoutPreemptively(HANG_GUARD,
        () -> ReadCheck.read(file, ReaderOptions.defaults().withFormat(format), lines));

    assertThat(read.summary().skippedLines()).isPositive();
  }
}
