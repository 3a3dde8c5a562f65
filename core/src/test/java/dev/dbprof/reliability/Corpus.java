package dev.dbprof.reliability;

import dev.dbprof.model.InputFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One well-formed sample per input format (real-server logs from {@code examples/samples} where
 * there are some, else the hand-written detection samples), and the hostile damage done to them.
 */
final class Corpus {

  private static final Path RESOURCES = Path.of("src/test/resources/dev/dbprof/internal/read");
  private static final Path SERVER_SAMPLES = Path.of("../examples/samples");

  private Corpus() {
  }

  /** The sample file of a format. */
  static Path sample(InputFormat format) {
    return switch (format) {
      case DBPROF -> RESOURCES.resolve("capture/shop.jsonl");
      case P6SPY -> RESOURCES.resolve("detect/p6spy-single.log");
      case P6SPY_MULTILINE -> RESOURCES.resolve("detect/p6spy-multi.log");
      case P6SPY_CUSTOM -> RESOURCES.resolve("detect/p6spy-default-custom.log");
      case PG_STDERR -> SERVER_SAMPLES.resolve("postgresql.log");
      case PG_CSVLOG -> SERVER_SAMPLES.resolve("postgresql.csv");
      case PG_JSONLOG -> SERVER_SAMPLES.resolve("postgresql.json");
      case MYSQL_GENERAL -> RESOURCES.resolve("detect/mysql-general-mariadb.log");
      case MYSQL_SLOW -> RESOURCES.resolve("detect/mysql-slow-mariadb.log");
    };
  }

  /** Every sample the fuzzer starts from: the per-format ones and the other real or malformed logs. */
  static List<Path> allSamples() {
    List<Path> all = new ArrayList<>();
    for (InputFormat f : InputFormat.values()) {
      all.add(sample(f));
    }
    for (String dir : List.of("detect", "capture")) {
      try (var files = Files.list(RESOURCES.resolve(dir))) {
        files.sorted().filter(p -> !all.contains(p)).forEach(all::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code lines} lines of a sample (the server logs are long; the fuzzer wants small inputs). */
  static byte[] head(byte[] bytes, int lines) {
    int seen = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++seen == lines) {
        return java.util.Arrays.copyOf(bytes, i + 1);
      }
    }
    return bytes;
  }

  static long lineCount(byte[] bytes) {
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n' ? lines : lines + 1;
  }

  static List<byte[]> lines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return out;
  }

  static byte[] join(List<byte[]> lines, String lineEnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.writeBytes(line);
      out.writeBytes(lineEnd.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Every line cut at a random point: what a writer killed mid-line leaves, on every line. */
  static byte[] truncateEveryLine(byte[] bytes, Random random) {
    List<byte[]> cut = new ArrayList<>();
    for (byte[] line : lines(bytes)) {
      cut.add(line.length < 2 ? line : java.util.Arrays.copyOf(line, 1 + random.nextInt(line.length - 1)));
    }
    return join(cut, "\n");
  }

  /** The sample with {@code insert} spliced into the middle of every {@code every}-th line. */
  static byte[] spliceIntoLines(byte[] bytes, byte[] insert, int every) {
    List<byte[]> out = new ArrayList<>();
    int n = 0;
    for (byte[] line : lines(bytes)) {
      if (n++ % every == 0 && line.length > 0) {
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(line, 0, line.length / 2);
        spliced.writeBytes(insert);
        spliced.write(line, line.length / 2, line.length - line.length / 2);
        out.add(spliced.toByteArray());
      } else {
        out.add(line);
      }
    }
    return join(out, "\n");
  }

  /** The sample with one 10 MB statement line in its middle. */
  static byte[] withHugeStatement(byte[] bytes) {
    List<byte[]> lines = lines(bytes);
    byte[] model = lines.get(lines.size() / 2);
    ByteArrayOutputStream huge = new ByteArrayOutputStream();
    huge.write(model, 0, model.length / 2);
    byte[] filler = "select 'xxxxxxxxxxxxxxxx' ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    while (huge.size() < 10 * 1024 * 1024) {
      huge.writeBytes(filler);
    }
    huge.write(model, model.length / 2, model.length - model.length / 2);
    List<byte[]> out = new ArrayList<>(lines.subList(0, lines.size() / 2));
    out.add(huge.toByteArray());
    out.addAll(lines.subList(lines.size() / 2, lines.size()));
    return join(out, "\n");
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
