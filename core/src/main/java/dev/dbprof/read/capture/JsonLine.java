package dev.dbprof.read.capture;

/**
 * A small JSON reader over one line, for the capture file's flat objects. It is several times
 * faster than creating a Jackson parser per line (most of the cost of reading a capture) and
 * strict: anything that is not JSON is an error with its column.
 */
final class JsonLine {

  /** Why a line is not JSON; no stack trace (bad lines are expected input, not bugs). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static final long NO_NUMBER = -1;

  private String text;
  private int pos;
  private int end;
  private final StringBuilder scratch = new StringBuilder();

  void reset(String line) {
    text = line;
    pos = 0;
    end = line.length();
  }

  /** Skips whitespace; returns the next character without consuming it, or -1 at the end. */
  int peek() {
    while (pos < end) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c;
      }
      pos++;
    }
    return -1;
  }

  boolean consume(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c) throws Malformed {
    if (!consume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  boolean atEnd() {
    return peek() < 0;
  }

  /** After a value inside an object or array: true for ',', false for the closing bracket. */
  boolean more(char close) throws Malformed {
    int c = peek();
    if (c == ',') {
      pos++;
      return true;
    }
    if (c == close) {
      pos++;
      return false;
    }
    throw error(c < 0 ? "line ends inside the JSON" : "expected ',' or '" + close + "'");
  }

  /** A string, or null for JSON null; any other value is skipped and read as null. */
  String stringOrNull() throws Malformed {
    int c = peek();
    if (c == '"') {
      return string();
    }
    skipValue();
    return null;
  }

  /** An integer number (a fraction is truncated); {@link #NO_NUMBER} for any other value. */
  long number() throws Malformed {
    int c = peek();
    if (c != '-' && (c < '0' || c > '9')) {
      skipValue();
      return NO_NUMBER;
    }
    int start = pos;
    boolean negative = c == '-';
    if (negative) {
      pos++;
    }
    long value = 0;
    int digits = 0;
    while (pos < end && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      value = value * 10 + (text.charAt(pos) - '0');
      pos++;
      digits++;
    }
    if (digits == 0) {
      throw error("bad number");
    }
    boolean simple = digits <= 18;
    while (pos < end && isNumberChar(text.charAt(pos))) {
      pos++;
      simple = false;
    }
    if (simple) {
      return negative ? -value : value;
    }
    try {
      return (long) Double.parseDouble(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("bad number");
    }
  }

  private static boolean isNumberChar(char c) {
    return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }

  /** A string; the current value must be one. */
  String string() throws Malformed {
    if (peek() != '"') {
      throw error("expected a string");
    }
    int start = ++pos;
    while (pos < end) {
      char c = text.charAt(pos);
      if (c == '"') {
        return text.substring(start, pos++);
      }
      if (c == '\\') {
        return escapedString(start);
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      pos++;
    }
    throw error("line ends inside a string");
  }

  private String escapedString(int start) throws Malformed {
    StringBuilder out = scratch;
    out.setLength(0);
    out.append(text, start, pos);
    while (pos < end) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= end) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > end) {
            throw error("bad \\u escape");
          }
          int code = 0;
          for (int k = 0; k < 4; k++) {
            int digit = Character.digit(text.charAt(pos++), 16);
            if (digit < 0) {
              throw error("bad \\u escape");
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
        }
        default -> throw error("bad escape \\" + e);
      }
    }
    throw error("line ends inside a string");
  }

  /** Skips one value of any kind. */
  void skipValue() throws Malformed {
    int c = peek();
    switch (c) {
      case '"' -> string();
      case '{' -> {
        pos++;
        if (!consume('}')) {
          do {
            string();
            expect(':');
            skipValue();
          } while (more('}'));
        }
      }
      case '[' -> {
        pos++;
        if (!consume(']')) {
          do {
            skipValue();
          } while (more(']'));
        }
      }
      case 't' -> word("true");
      case 'f' -> word("false");
      case 'n' -> word("null");
      case -1 -> throw error("line ends where a value should be");
      default -> {
        if (c == '-' || c >= '0' && c <= '9') {
          number();
        } else {
          throw error("unexpected '" + (char) c + "'");
        }
      }
    }
  }

  /** Whether the next value is {@code null} (consumed if so). */
  boolean nullValue() throws Malformed {
    if (peek() == 'n') {
      word("null");
      return true;
    }
    return false;
  }

  private void word(String word) throws Malformed {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected '" + text.charAt(pos) + "'");
    }
    pos += word.length();
  }

  Malformed error(String what) {
    return new Malformed(what + " at column " + (Math.min(pos, end) + 1));
  }
}
