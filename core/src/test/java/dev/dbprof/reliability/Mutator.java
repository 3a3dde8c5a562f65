package dev.dbprof.reliability;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutator of log bytes: few, structure-aware edits (the bytes log formats care about:
 * separators, quotes, braces, line ends, invalid UTF-8), so that most mutants stay close enough to
 * a real log to reach deep into the readers.
 */
final class Mutator {

  private static final byte[] INTERESTING = {
      '\n', '\r', 0, '"', '\'', '|', ',', '{', '}', '[', ']', ':', '\\', '#', ';', '\t', ' ', '?', '$',
      '-', '9', (byte) 0xC3, (byte) 0xFF, (byte) 0x80, (byte) 0xED};
  private static final List<String> TOKENS = List.of(
      "LOG:  ", "ERROR:  ", "STATEMENT:  ", "DETAIL:  parameters: $1 = '", "duration: ", " ms  ",
      "execute <unnamed>: ", "\"type\":\"stmt\"", "\"type\":\"header\"", "\"ns\":", "\"conn\":", "\"params\":[",
      "\"format\":\"dbprof-capture/9\"", "|statement|", "|batch|", "|commit|", "connection ", "| took ",
      "# Time: ", "# Query_time: ", "# User@Host: ", "SET timestamp=", "\tQuery\t", "\tConnect\t",
      "select * from (select ", "/* ", "*/", "' or '1'='1", "$$", "E'\\", "9223372036854775807", "-1",
      "1e400", "NaN", "\"\"\"", "\\u0000", "\\ud800");

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** One to eight edits of {@code input}, sometimes spliced with {@code other}. */
  byte[] mutate(byte[] input, byte[] other) {
    byte[] out = input;
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits; i++) {
      out = edit(out, other);
    }
    return out;
  }

  private byte[] edit(byte[] in, byte[] other) {
    if (in.length == 0) {
      return token().clone();
    }
    int at = random.nextInt(in.length);
    switch (random.nextInt(9)) {
      case 0 -> { // flip a bit
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1 -> { // an interesting byte, replacing or inserted
        byte b = INTERESTING[random.nextInt(INTERESTING.length)];
        if (random.nextBoolean()) {
          byte[] out = in.clone();
          out[at] = b;
          return out;
        }
        return splice(in, at, at, new byte[] {b});
      }
      case 2 -> { // delete a range
        return splice(in, at, Math.min(in.length, at + 1 + random.nextInt(64)), new byte[0]);
      }
      case 3 -> { // duplicate a range (repeated entries, repeated headers)
        int end = Math.min(in.length, at + 1 + random.nextInt(512));
        return splice(in, end, end, Arrays.copyOfRange(in, at, end));
      }
      case 4 -> { // a token of some log format
        return splice(in, at, at, token());
      }
      case 5 -> { // cut off
        return Arrays.copyOf(in, at);
      }
      case 6 -> { // a chunk of another sample (a mixture of formats)
        if (other.length == 0) {
          return in;
        }
        int from = random.nextInt(other.length);
        int to = Math.min(other.length, from + 1 + random.nextInt(2048));
        return splice(in, at, at, Arrays.copyOfRange(other, from, to));
      }
      case 7 -> { // a long run (long literals, long lines)
        byte[] run = new byte[1 + random.nextInt(64 * 1024)];
        Arrays.fill(run, INTERESTING[random.nextInt(INTERESTING.length)] == '\n' ? (byte) 'x'
            : (byte) "x'(\",0 ".charAt(random.nextInt(7)));
        return splice(in, at, at, run);
      }
      default -> { // swap two lines
        List<byte[]> lines = new java.util.ArrayList<>(Corpus.lines(in));
        if (lines.size() < 2) {
          return in;
        }
        java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
        return Corpus.join(lines, "\n");
      }
    }
  }

  private byte[] token() {
    return TOKENS.get(random.nextInt(TOKENS.size())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
    out.write(in, 0, from);
    out.writeBytes(insert);
    out.write(in, to, in.length - to);
    return out.toByteArray();
  }
}
