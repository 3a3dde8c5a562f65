package dev.dbprof.internal.read.pg;

import dev.dbprof.internal.read.spi.TextPool;

/**
 * Reads a jsonlog line by hand when it has the plain shape PostgreSQL writes: one flat object,
 * no white space, string names without escapes, values that are strings, integers, {@code true},
 * {@code false} or {@code null}. Only the fields the reader needs are cut out, the message as a
 * region of the line. Anything else (white space, nesting, fractions, bad escapes, text after
 * the object, very long strings) is left to Jackson, which decides what is valid JSON: this
 * only takes lines Jackson would read the same way.
 *
 * <p>Not thread-safe: one per reader.
 */
final class JsonLogLineScanner {

  /** A valid object that lacks the timestamp, the severity or the message. */
  static final PgEntry INCOMPLETE = new PgEntry(0, -1, "", "", null, "", null, null);

  /** Longer strings go to Jackson, whose limits (20 million characters) then apply. */
  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_NAME = 1_000;

  private static final String[] NAMES = {"timestamp", "pid", "session_id", "error_severity",
      "state_code", "message", "detail", "statement"};
  private static final int TIMESTAMP = 0;
  private static final int PID = 1;
  private static final int SESSION = 2;
  private static final int SEVERITY = 3;
  private static final int STATE = 4;
  private static final int MESSAGE = 5;
  private static final int DETAIL = 6;
  private static final int STATEMENT = 7;

  private static final byte ABSENT = 0;
  /** The value is the line from {@code from} to {@code to} (a string without escapes, a number, true, false). */
  private static final byte REGION = 1;
  /** A string with escapes, decoded into {@code decoded}. */
  private static final byte DECODED = 2;

  private final PgTimestamps timestamps;
  private final TextPool shared = new TextPool();
  private final byte[] kinds = new byte[NAMES.length];
  private final int[] from = new int[NAMES.length];
  private final int[] to = new int[NAMES.length];
  private final String[] decoded = new String[NAMES.length];
  private final StringBuilder unescaped = new StringBuilder();

  JsonLogLineScanner(PgTimestamps timestamps) {
    this.timestamps = timestamps;
  }

  /** The entry, {@link #INCOMPLETE}, or null when the line is for Jackson to read. */
  PgEntry read(String line, long number) {
    java.util.Arrays.fill(kinds, ABSENT);
    int n = line.length();
    if (n < 2 || line.charAt(0) != '{') {
      return null;
    }
    int i = 1;
    if (line.charAt(i) == '}') {
      return i + 1 == n ? entry(line, number) : null;
    }
    while (true) {
      // "name":
      if (i >= n || line.charAt(i) != '"') {
        return null;
      }
      int nameStart = i + 1;
      int nameEnd = nameStart;
      while (nameEnd < n) {
        char c = line.charAt(nameEnd);
        if (c == '"' || c == '\\' || c < 0x20) {
          break;
        }
        nameEnd++;
      }
      if (nameEnd >= n || line.charAt(nameEnd) != '"' || nameEnd - nameStart > MAX_NAME) {
        return null;
      }
      i = nameEnd + 1;
      if (i >= n || line.charAt(i) != ':') {
        return null;
      }
      i++;
      int field = field(line, nameStart, nameEnd);
      if (i >= n) {
        return null;
      }
      char c = line.charAt(i);
      if (c == '"') {
        int end = string(line, i + 1, field);
        if (end < 0) {
          return null;
        }
        i = end + 1;
      } else if (c == '-' || c >= '0' && c <= '9') {
        int start = i;
        if (c == '-') {
          i++;
        }
        int digits = i;
        while (i < n && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
          i++;
        }
        // no digits, a leading zero, or a long number: Jackson's rules and limits
        if (i == digits || i - digits > 18 || line.charAt(digits) == '0' && i - digits > 1) {
          return null;
        }
        region(field, start, i);
      } else if (line.startsWith("true", i) || line.startsWith("false", i)) {
        int end = i + (c == 't' ? 4 : 5);
        region(field, i, end);
        i = end;
      } else if (line.startsWith("null", i)) {
        if (field >= 0) {
          kinds[field] = ABSENT;
        }
        i += 4;
      } else {
        return null;
      }
      if (i >= n) {
        return null;
      }
      c = line.charAt(i);
      if (c == '}') {
        return i + 1 == n ? entry(line, number) : null;
      }
      if (c != ',') {
        return null;
      }
      i++;
    }
  }

  /**
   * Reads the string whose text starts at {@code i}: its closing quote's position, or -1 when it
   * is not plain (a control character, an unknown escape, too long, no closing quote).
   */
  private int string(String line, int i, int field) {
    int n = line.length();
    int start = i;
    boolean escapes = false;
    while (true) {
      if (i >= n || i - start > MAX_STRING) {
        return -1;
      }
      char c = line.charAt(i);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c == '\\') {
        escapes = true;
        if (i + 1 >= n) {
          return -1;
        }
        char e = line.charAt(i + 1);
        if (e == 'u') {
          if (i + 6 > n) {
            return -1;
          }
          for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(line.charAt(k), 16) < 0 || line.charAt(k) > 'f') {
              return -1;
            }
          }
          i += 6;
          continue;
        }
        if ("\"\\/bfnrt".indexOf(e) < 0) {
          return -1;
        }
        i += 2;
        continue;
      }
      i++;
    }
    if (field < 0) {
      return i;
    }
    if (!escapes) {
      region(field, start, i);
    } else {
      kinds[field] = DECODED;
      decoded[field] = unescape(line, start, i);
    }
    return i;
  }

  private String unescape(String line, int from, int to) {
    StringBuilder out = unescaped;
    out.setLength(0);
    int i = from;
    while (i < to) {
      int slash = line.indexOf('\\', i);
      if (slash < 0 || slash >= to) {
        out.append(line, i, to);
        break;
      }
      out.append(line, i, slash);
      char e = line.charAt(slash + 1);
      switch (e) {
        case 'u' -> {
          out.append((char) Integer.parseInt(line, slash + 2, slash + 6, 16));
          i = slash + 6;
          continue;
        }
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        default -> out.append(e); // " \ /
      }
      i = slash + 2;
    }
    return out.toString();
  }

  private void region(int field, int start, int end) {
    if (field >= 0) {
      kinds[field] = REGION;
      from[field] = start;
      to[field] = end;
    }
  }

  /** Which of the fields the reader needs this name is, or -1. */
  private static int field(String line, int start, int end) {
    int length = end - start;
    for (int f = 0; f < NAMES.length; f++) {
      if (NAMES[f].length() == length && line.startsWith(NAMES[f], start)) {
        return f;
      }
    }
    return -1;
  }

  private PgEntry entry(String line, long number) {
    long time = kinds[TIMESTAMP] == ABSENT ? -1
        : kinds[TIMESTAMP] == REGION ? timestamps.parse(line, from[TIMESTAMP], to[TIMESTAMP])
        : timestamps.parse(decoded[TIMESTAMP]);
    if (time < 0 || kinds[SEVERITY] == ABSENT || kinds[MESSAGE] == ABSENT) {
      return INCOMPLETE;
    }
    String severity = kinds[SEVERITY] == REGION ? Severities.of(line, from[SEVERITY], to[SEVERITY])
        : decoded[SEVERITY];
    String id = sharedValue(line, kinds[SESSION] != ABSENT ? SESSION : PID);
    String text = kinds[MESSAGE] == REGION ? line : decoded[MESSAGE];
    int start = kinds[MESSAGE] == REGION ? from[MESSAGE] : 0;
    int end = kinds[MESSAGE] == REGION ? to[MESSAGE] : text.length();
    return new PgEntry(number, time, id == null ? "" : id, severity, sharedValue(line, STATE), text,
        start, end, value(line, DETAIL), value(line, STATEMENT));
  }

  private String value(String line, int f) {
    return switch (kinds[f]) {
      case REGION -> line.substring(from[f], to[f]);
      case DECODED -> decoded[f];
      default -> null;
    };
  }

  private String sharedValue(String line, int f) {
    return kinds[f] == REGION ? shared.get(line, from[f], to[f]) : value(line, f);
  }
}
