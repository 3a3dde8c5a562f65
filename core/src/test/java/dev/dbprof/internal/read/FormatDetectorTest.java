package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatDetectorTest {

  @TempDir Path dir;

  static Path sample(String name) {
    try {
      return Path.of(FormatDetectorTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputFormat detect(Path file, ReaderOptions options) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      List<String> head = FormatDetector.sniff(new BufferedInputStream(in));
      return FormatDetector.detect(head, options).orElse(null);
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "capture/shop.jsonl, dbprof",
      "capture/future-fields.jsonl, dbprof",
      "detect/p6spy-single.log, p6spy",
      "detect/p6spy-multi.log, p6spy-multiline",
      "detect/p6spy-default-custom.log, p6spy-custom",
      "detect/pg-stderr.log, pg-stderr",
      "detect/pg-stderr-default-prefix.log, pg-stderr",
      "detect/pg-stderr-pgbadger-prefix.log, pg-stderr",
      "detect/pg-csvlog.csv, pg-csvlog",
      "detect/pg-jsonlog.json, pg-jsonlog",
      "detect/mysql-general-mariadb.log, mysql-general",
      "detect/mysql-general-mysql8.log, mysql-general",
      "detect/mysql-banner-only.log, mysql-general",
      "detect/mysql-slow-mysql8.log, mysql-slow",
      "detect/mysql-slow-mariadb.log, mysql-slow",
  })
  void recognisesEveryFormat(String file, String format) throws Exception {
    assertThat(detect(sample(file), ReaderOptions.defaults()))
        .isEqualTo(InputFormat.byId(format).orElseThrow());
  }

  @Test
  void aGivenCustomFormatIsRecognised() throws Exception {
    Path log = dir.resolve("custom.log");
    Files.writeString(log, "took 3 ms on 7: select 1\ntook 0 ms on 7: select 2\n");
    ReaderOptions options = ReaderOptions.defaults()
        .withP6spyCustomFormat("took %(executionTime) ms on %(connectionId): %(sqlSingleLine)");

    assertThat(detect(log, options)).isEqualTo(InputFormat.P6SPY_CUSTOM);
    assertThat(detect(log, ReaderOptions.defaults())).isNull();
  }

  @Test
  void unknownTextIsNoFormat() throws Exception {
    assertThat(detect(sample("detect/unknown.txt"), ReaderOptions.defaults())).isNull();
  }

  @Test
  void sniffingLeavesTheStreamAtTheStart() throws Exception {
    byte[] bytes = "a\n\n  \nb\r\nc".getBytes(StandardCharsets.UTF_8);
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));

    assertThat(FormatDetector.sniff(in)).containsExactly("a", "b", "c");
    assertThat(in.readAllBytes()).isEqualTo(bytes);
  }

  @Test
  void sniffingStopsAtFiftyNonBlankLines() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("line ").append(i).append("\n\n");
    }
    BufferedInputStream in = new BufferedInputStream(
        new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));

    assertThat(FormatDetector.sniff(in)).hasSize(50).last().isEqualTo("line 49");
  }

  @Test
  void serverLogsAreDetectedAndReadThroughTheirReaders() throws Exception {
    TestReads pg = TestReads.of(sample("detect/pg-stderr.log"));
    assertThat(pg.summary.format()).isEqualTo(InputFormat.PG_STDERR);
    assertThat(pg.events).isNotEmpty();
    TestReads slow = TestReads.of(sample("detect/mysql-slow-mariadb.log"));
    assertThat(slow.summary.format()).isEqualTo(InputFormat.MYSQL_SLOW);
    assertThat(slow.events).isNotEmpty();
  }

  @Test
  void unknownFormatIsAnInputErrorNamingTheFile() {
    assertThatThrownBy(() -> TestReads.of(sample("detect/unknown.txt")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown.txt is not in a format dbprof recognises")
        .hasMessageContaining("from line 1")
        .hasMessageContaining("--input-format");
  }

  @Test
  void unknownFormatMessageDoesNotEchoTheFile() throws Exception {
    Path log = dir.resolve("notes.txt");
    Files.writeString(log, "ALTER USER app PASSWORD 'S3cretPw';\njdbc:postgresql://u:Hunter2@h/db?token=Tok3n\n");

    assertThatThrownBy(() -> TestReads.of(log))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("notes.txt is not in a format dbprof recognises")
        .hasMessageNotContaining("S3cretPw")
        .hasMessageNotContaining("Hunter2")
        .hasMessageNotContaining("Tok3n")
        .hasMessageNotContaining("ALTER USER");
  }

  @Test
  void aForcedFormatIsUsedWithoutDetection() throws Exception {
    Path log = dir.resolve("spy.txt");
    Files.writeString(log, "README\n1795493952841|4|statement|connection 3|url x|select 1|select 1\n");

    TestReads read = TestReads.of(log, ReaderOptions.defaults().withFormat(InputFormat.P6SPY));

    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY);
    assertThat(read.shapes()).containsExactly("STATEMENT A | select 1 | 1");
    assertThat(read.summary.skippedLines()).isEqualTo(1);
  }

  @Test
  void enormousFirstLinesDoNotHideTheFormat() throws Exception {
    String big = "x|#".repeat(4 * 1024 * 1024);
    Path capture = dir.resolve("capture.jsonl");
    Files.writeString(capture, "{\"type\":\"stmt\",\"ts\":1,\"conn\":1,\"sql\":\"select '" + big
        + "'\"}\n{\"type\":\"stmt\",\"ts\":2,\"conn\":1,\"sql\":\"select 1\"}\n");
    Path spy = dir.resolve("spy.log");
    Files.writeString(spy, "1|0|statement|connection 1|url u|select '" + big + "'|select '" + big
        + "'\n1|0|statement|connection 1|url u|select 1|select 1\n");

    assertThat(detect(capture, ReaderOptions.defaults())).isEqualTo(InputFormat.DBPROF);
    assertThat(detect(spy, ReaderOptions.defaults())).isEqualTo(InputFormat.P6SPY);
    TestReads read = TestReads.of(spy);
    assertThat(read.shapes()).containsExactly("STATEMENT A | select 1 | 1");
    assertThat(read.summary.skippedLines()).isEqualTo(1);
  }

  @Test
  void theDetectorTakesEveryLineTheCaptureWritesForACapture() throws java.io.IOException {
    // the lines the capture's own contract test writes (capture/…/CaptureFormatContractTest)
    java.nio.file.Path golden = java.nio.file.Path.of("../capture/src/test/resources/dev/dbprof/capture/capture-contract.jsonl");
    for (String line : java.nio.file.Files.readAllLines(golden, java.nio.charset.StandardCharsets.UTF_8)) {
      assertThat(FormatDetector.detect(List.of(line), null)).as(line).contains(InputFormat.DBPROF);
    }
  }
}
