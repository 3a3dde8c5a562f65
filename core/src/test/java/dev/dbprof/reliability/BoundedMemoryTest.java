package dev.dbprof.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.InputFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Memory stays bounded whatever the input: a reader in a JVM with a {@value #HEAP_MB} MB heap reads
 * {@value #STREAM_MB} MB from stdin — lines just under the length limit, 10 MB lines, a quote that
 * never closes, a multi-line message that never ends, sessions that never end, every format mixed —
 * and finishes without running out of memory. What it handed on is not kept: the stream is larger
 * than the heap could hold as events.
 */
class BoundedMemoryTest {

  // A statement may be 16 M characters, and the reading thread keeps up to 8 batches in flight.
  private static final int HEAP_MB = 96;
  private static final int STREAM_MB = 128;

  /** The hostile start of the stream, then the mixture of every sample repeated. */
  private static byte[] hostileBlock() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] almostTooLong = ("select '" + "x".repeat(4 * 1024 * 1024 - 100) + "'\n").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 3; i++) {
      out.writeBytes(almostTooLong);
    }
    out.writeBytes(("x".repeat(10 * 1024 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII));
    // a csv quote that never closes, a p6spy message that never ends, a slow-log entry that never ends
    out.writeBytes("2026-11-24 06:00:00.000 UTC,\"postgres\",\"shop\",1,\"[local]\",x,1,\"SELECT\",,,\"unclosed\n"
        .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("#1795493952841 | took 1ms | statement | connection 1| url jdbc:h2:mem:x\n"
        .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("# Time: 261124  4:19:48\n# User@Host: root[root] @ localhost []\n# Query_time: 1\nselect\n"
        .getBytes(StandardCharsets.US_ASCII));
    byte[] line = ("select '" + "y".repeat(200) + "' from t where a = 1\n").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 40_000; i++) {
      out.writeBytes(line);
    }
    return out.toByteArray();
  }

  private static byte[] mixture() {
    return Corpus.concat(Arrays.stream(InputFormat.values()).map(f -> Corpus.bytes(Corpus.sample(f))).toList());
  }

  @ParameterizedTest
  @EnumSource(InputFormat.class)
  void aStreamLargerThanTheHeapIsReadInBoundedMemory(InputFormat format) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process reader = new ProcessBuilder(java.toString(), "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), ReadStdin.class.getName(), format.id())
        .redirectErrorStream(true).start();
    byte[] own = Corpus.bytes(Corpus.sample(format));
    byte[] hostile = hostileBlock();
    byte[] mixed = mixture();
    long written = 0;
    try (OutputStream in = reader.getOutputStream()) {
      in.write(own);
      in.write(hostile);
      written += own.length + hostile.length;
      while (written < STREAM_MB * 1024L * 1024L) {
        in.write(own);
        in.write(mixed);
        written += own.length + mixed.length;
      }
    } catch (IOException readerGone) {
      // the reader died; its output says why
    }
    // a hang guard, not a speed assertion
    boolean ended = reader.waitFor(5, TimeUnit.MINUTES);
    String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      reader.destroyForcibly();
    }

    assertThat(ended).as("the reader finished").isTrue();
    assertThat(reader.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("events=[1-9]\\d* skipped=[1-9]\\d*");
  }
}
