package dev.dbprof.read.capture;

import dev.dbprof.event.Event;
import dev.dbprof.read.capture.CaptureFileReader.Line;

/**
 * Reads the lines the capture writes (compact JSON, one flat object with a {@code params} array
 * and a {@code site} object) without a general JSON parser: field names are matched in place,
 * strings are unescaped only when they hold a backslash, repeated strings come from caches.
 *
 * <p>Anything else — whitespace between tokens, fractions and exponents, nested values where the
 * capture writes none, and every malformed line — is left to {@link CaptureFileReader#parse}, so
 * that such lines read exactly as before and are reported with the same reasons.
 */
final class CaptureLineScanner {

  /** Longer lines go to the full parser rather than grow the buffer further. */
  private static final int MAX_SCANNED_CHARS = 1 << 20;

  private static final int FAIL = 0;
  private static final int STRING = 1;
  private static final int NUMBER = 2;
  private static final int NULL = 3;
  private static final int TRUE = 4;
  private static final int FALSE = 5;
  private static final int ARRAY = 6;
  private static final int OBJECT = 7;

  /** The line's characters; {@code buffer[end]} is a NUL that stops every scan at the end. */
  private char[] buffer = new char[1024];
  private int end;
  private int position;
  /** The last string value (unescaped in place) or number text: {@code buffer[from..to)}. */
  private int from;
  private int to;
  private long number;
  private boolean failed;

  private final TextCache names = new TextCache(4096, 256, 1 << 20);
  private final TextCache statements = new TextCache(4096, 16 * 1024, 4 << 20);
  private final StringBuilder params = new StringBuilder();

  /** Fills {@code out} from {@code text}; false when the line needs the full parser. */
  boolean scan(String text, Line out) {
    out.clear();
    int length = text.length();
    if (length < 2 || length > MAX_SCANNED_CHARS || text.charAt(0) != '{') {
      return false;
    }
    if (buffer.length <= length) {
      buffer = new char[Math.max(length + 1, buffer.length * 2)];
    }
    text.getChars(0, length, buffer, 0);
    buffer[length] = 0;
    end = length;
    position = 1;
    failed = false;
    if (buffer[position] == '}') {
      position++;
    } else {
      while (true) {
        if (!field(out) || failed) {
          return false;
        }
        char c = buffer[position++];
        if (c == '}') {
          break;
        }
        if (c != ',') {
          return false;
        }
      }
    }
    return position == end;
  }

  private boolean field(Line out) {
    if (!name()) {
      return false;
    }
    int nameFrom = from;
    switch (to - from) {
      case 2 -> {
        if (is(nameFrom, "ts")) {
          out.ts = numberValue();
        } else if (is(nameFrom, "ns")) {
          out.ns = numberValue();
        } else {
          skipValue();
        }
      }
      case 3 -> {
        if (is(nameFrom, "sql")) {
          out.sql = textValue(statements);
        } else {
          skipValue();
        }
      }
      case 4 -> {
        if (is(nameFrom, "type")) {
          out.type = textValue(names);
        } else if (is(nameFrom, "conn")) {
          out.conn = textValue(names);
        } else if (is(nameFrom, "rows")) {
          out.rows = numberValue();
        } else if (is(nameFrom, "size")) {
          out.size = numberValue();
        } else if (is(nameFrom, "site")) {
          site(out);
        } else {
          skipValue();
        }
      }
      case 5 -> {
        if (is(nameFrom, "state")) {
          out.state = textValue(names);
        } else if (is(nameFrom, "count")) {
          out.count = numberValue();
        } else {
          skipValue();
        }
      }
      case 6 -> {
        if (is(nameFrom, "thread")) {
          out.thread = textValue(names);
        } else if (is(nameFrom, "params")) {
          params(out);
        } else if (is(nameFrom, "format")) {
          out.format = textValue(names);
        } else {
          skipValue();
        }
      }
      default -> skipValue();
    }
    return true;
  }

  /** Longer field names (none the capture writes) are left to the parser and its limits. */
  private static final int MAX_NAME_CHARS = 256;

  /** A field name and its colon; names with escapes are left to the full parser. */
  private boolean name() {
    char[] b = buffer;
    int p = position;
    if (b[p] != '"') {
      return false;
    }
    int start = ++p;
    char c;
    while ((c = b[p]) != '"' && c != '\\' && c >= 0x20) {
      p++;
    }
    if (c != '"' || b[p + 1] != ':' || p - start > MAX_NAME_CHARS) {
      return false;
    }
    from = start;
    to = p;
    position = p + 2;
    return true;
  }

  private boolean is(int at, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (buffer[at + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** What the full parser's text of a value is; marks the line failed for arrays and objects. */
  private String textValue(TextCache cache) {
    return switch (value()) {
      case STRING, NUMBER -> cache.get(buffer, from, to);
      case NULL -> null;
      case TRUE -> "true";
      case FALSE -> "false";
      default -> {
        failed = true;
        yield null;
      }
    };
  }

  private long numberValue() {
    return switch (value()) {
      case NUMBER -> number;
      case STRING, NULL, TRUE, FALSE -> Event.UNKNOWN;
      default -> {
        failed = true;
        yield Event.UNKNOWN;
      }
    };
  }

  /** The canonical form of {@link CaptureFileReader}: SQL literals joined by ", ". */
  private void params(Line out) {
    int kind = value();
    if (kind == FAIL || kind == OBJECT) {
      failed = true;
      return;
    }
    if (kind != ARRAY) {
      out.params = null;
      return;
    }
    StringBuilder sb = params;
    sb.setLength(0);
    if (buffer[position] == ']') {
      position++;
      out.params = "";
      return;
    }
    while (true) {
      switch (value()) {
        case STRING, NUMBER -> quote(sb);
        case NULL -> sb.append("NULL");
        case TRUE -> sb.append("'true'");
        case FALSE -> sb.append("'false'");
        default -> {
          failed = true;
          return;
        }
      }
      char c = buffer[position++];
      if (c == ']') {
        break;
      }
      if (c != ',') {
        failed = true;
        return;
      }
      sb.append(", ");
    }
    out.params = sb.toString();
  }

  private void quote(StringBuilder sb) {
    sb.append('\'');
    int start = from;
    for (int i = from; i < to; i++) {
      if (buffer[i] == '\'') {
        sb.append(buffer, start, i + 1 - start).append('\'');
        start = i + 1;
      }
    }
    sb.append(buffer, start, to - start).append('\'');
  }

  private void site(Line out) {
    int kind = value();
    if (kind == FAIL || kind == ARRAY) {
      failed = true;
      return;
    }
    if (kind != OBJECT) {
      return;
    }
    if (buffer[position] == '}') {
      position++;
      return;
    }
    while (true) {
      if (!name()) {
        failed = true;
        return;
      }
      int nameFrom = from;
      int length = to - from;
      if (length == 5 && is(nameFrom, "class")) {
        out.siteClass = textValue(names);
      } else if (length == 6 && is(nameFrom, "method")) {
        out.siteMethod = textValue(names);
      } else if (length == 4 && is(nameFrom, "file")) {
        out.siteFile = textValue(names);
      } else if (length == 4 && is(nameFrom, "line")) {
        out.siteLine = Math.max(0, numberValue());
      } else {
        skipValue();
      }
      if (failed) {
        return;
      }
      char c = buffer[position++];
      if (c == '}') {
        return;
      }
      if (c != ',') {
        failed = true;
        return;
      }
    }
  }

  /** Fields this version does not know: scalars and flat arrays of scalars. */
  private void skipValue() {
    int kind = value();
    if (kind == FAIL || kind == OBJECT) {
      failed = true;
      return;
    }
    if (kind != ARRAY) {
      return;
    }
    if (buffer[position] == ']') {
      position++;
      return;
    }
    while (true) {
      int element = value();
      if (element == FAIL || element == ARRAY || element == OBJECT) {
        failed = true;
        return;
      }
      char c = buffer[position++];
      if (c == ']') {
        return;
      }
      if (c != ',') {
        failed = true;
        return;
      }
    }
  }

  /** Reads a value at {@code position}: scalars whole, arrays and objects only their opening. */
  private int value() {
    char c = buffer[position];
    if (c == '"') {
      return string() ? STRING : FAIL;
    }
    if (c == '-' || c >= '0' && c <= '9') {
      return integer() ? NUMBER : FAIL;
    }
    if (c == '[') {
      position++;
      return ARRAY;
    }
    if (c == '{') {
      position++;
      return OBJECT;
    }
    if (literal("null")) {
      return NULL;
    }
    if (literal("true")) {
      return TRUE;
    }
    return literal("false") ? FALSE : FAIL;
  }

  private boolean literal(String word) {
    int p = position;
    int after = p + word.length();
    if (after >= end || !is(p, word) || !delimiter(buffer[after])) {
      return false;
    }
    position = after;
    return true;
  }

  private static boolean delimiter(char c) {
    return c == ',' || c == '}' || c == ']';
  }

  /** An integer of at most 18 digits, as JSON writes it; anything else is left to the parser. */
  private boolean integer() {
    char[] b = buffer;
    int p = position;
    boolean negative = b[p] == '-';
    if (negative) {
      p++;
    }
    int first = p;
    long value = 0;
    char c;
    while ((c = b[p]) >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      p++;
    }
    int digits = p - first;
    if (digits == 0 || digits > 18 || digits > 1 && b[first] == '0' || !delimiter(c)) {
      return false;
    }
    number = negative ? -value : value;
    from = position;
    to = p;
    position = p;
    return true;
  }

  /** A string at {@code position}, unescaped in place into {@code buffer[from..to)}. */
  private boolean string() {
    char[] b = buffer;
    int p = position + 1;
    int start = p;
    char c;
    while ((c = b[p]) != '"' && c != '\\' && c >= 0x20) {
      p++;
    }
    if (c == '"') {
      from = start;
      to = p;
      position = p + 1;
      return true;
    }
    if (c != '\\') {
      return false; // a control character, or the end of the line
    }
    int w = p;
    while ((c = b[p]) != '"') {
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        c = b[++p];
        switch (c) {
          case '"', '\\', '/' -> { }
          case 'b' -> c = '\b';
          case 'f' -> c = '\f';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'u' -> {
            if (p + 4 >= end) {
              return false;
            }
            int code = 0;
            for (int k = 1; k <= 4; k++) {
              int digit = hex(b[p + k]);
              if (digit < 0) {
                return false;
              }
              code = code << 4 | digit;
            }
            c = (char) code;
            p += 4;
          }
          default -> {
            return false;
          }
        }
      }
      b[w++] = c;
      p++;
    }
    from = start;
    to = w;
    position = p + 1;
    return true;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
