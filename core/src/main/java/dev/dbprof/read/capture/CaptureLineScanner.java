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

  /** The line, and its characters: {@code buffer[end]} is a NUL that stops every scan at the end. */
  private String text;
  private char[] buffer = new char[1024];
  private int end;
  private int position;
  /** The last string value (unescaped in place) or number text: {@code buffer[from..to)}. */
  private int from;
  private int to;
  /** Whether {@code buffer[from..to)} is a string's raw text, not yet checked for control characters. */
  private boolean unchecked;
  /** Where the next backslash of the line is (or {@code Integer.MAX_VALUE}): strings before it need no unescaping. */
  private int backslash;
  private long number;
  private boolean failed;

  private final ScannedStrings names = new ScannedStrings(4096, 256, 1 << 20);
  private final ScannedStrings statements = new ScannedStrings(4096, 16 * 1024, 2 << 20);
  private char[] params = new char[256];
  private int paramsLength;

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
    this.text = text;
    end = length;
    backslash = nextBackslash(0);
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

  private static final int TYPE = 0;
  private static final int TS = 1;
  private static final int CONN = 2;
  private static final int THREAD = 3;
  private static final int NS = 4;
  private static final int SQL = 5;
  private static final int PARAMS = 6;
  private static final int ROWS = 7;
  private static final int STATE = 8;
  private static final int SIZE = 9;
  private static final int COUNT = 10;
  private static final int FORMAT = 11;
  private static final int SITE = 12;
  private static final int CLASS = 13;
  private static final int METHOD = 14;
  private static final int FILE = 15;
  private static final int LINE = 16;
  private static final int OTHER = 17;

  /**
   * One field. Each kind of value is read at one place only, so that the JIT compiles every
   * reading once rather than inlining it at every field.
   */
  private boolean field(Line out) {
    int field = fieldName(false);
    switch (field) {
      case TYPE, CONN, THREAD, STATE, FORMAT, SQL -> {
        String text = textValue(field == SQL ? statements : names);
        switch (field) {
          case TYPE -> out.type = text;
          case CONN -> out.conn = text;
          case THREAD -> out.thread = text;
          case STATE -> out.state = text;
          case FORMAT -> out.format = text;
          default -> out.sql = text;
        }
      }
      case TS, NS, ROWS, SIZE, COUNT -> {
        long number = numberValue();
        switch (field) {
          case TS -> out.ts = number;
          case NS -> out.ns = number;
          case ROWS -> out.rows = number;
          case SIZE -> out.size = number;
          default -> out.count = number;
        }
      }
      case PARAMS -> params(out);
      case SITE -> site(out);
      case OTHER -> skipValue();
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * The number of the field name at {@code position}, having moved past it and its colon: one the
   * capture writes at the top level (or in {@code site}), else {@link #OTHER}; -1 when there is
   * no plain field name.
   */
  private int fieldName(boolean inSite) {
    if (buffer[position] != '"') {
      return -1;
    }
    // the names compared as constants, which the JIT unrolls
    if (inSite) {
      if (name("class\":")) {
        return CLASS;
      } else if (name("method\":")) {
        return METHOD;
      } else if (name("file\":")) {
        return FILE;
      } else if (name("line\":")) {
        return LINE;
      }
    } else {
      switch (buffer[position + 1]) {
        case 't' -> {
          if (name("type\":")) {
            return TYPE;
          } else if (name("ts\":")) {
            return TS;
          } else if (name("thread\":")) {
            return THREAD;
          }
        }
        case 'c' -> {
          if (name("conn\":")) {
            return CONN;
          } else if (name("count\":")) {
            return COUNT;
          }
        }
        case 'n' -> {
          if (name("ns\":")) {
            return NS;
          }
        }
        case 's' -> {
          if (name("sql\":")) {
            return SQL;
          } else if (name("site\":")) {
            return SITE;
          } else if (name("state\":")) {
            return STATE;
          } else if (name("size\":")) {
            return SIZE;
          }
        }
        case 'p' -> {
          if (name("params\":")) {
            return PARAMS;
          }
        }
        case 'r' -> {
          if (name("rows\":")) {
            return ROWS;
          }
        }
        case 'f' -> {
          if (name("format\":")) {
            return FORMAT;
          }
        }
        default -> { }
      }
    }
    return name() ? OTHER : -1;
  }

  /**
   * Whether the field name at {@code position} is {@code nameQuoteColon} (a name, its closing
   * quote and colon); if so, moves past it.
   */
  private boolean name(String nameQuoteColon) {
    int at = position + 1;
    int after = at + nameQuoteColon.length();
    if (after > end || !is(at, nameQuoteColon)) {
      return false;
    }
    position = after;
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
  private String textValue(ScannedStrings cache) {
    return switch (value()) {
      case STRING, NUMBER -> {
        String value = cache.get(buffer, from, to, unchecked);
        if (value == null) {
          failed = true; // a control character: not JSON
        }
        yield value;
      }
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
      case STRING -> {
        checkString();
        yield Event.UNKNOWN;
      }
      case NULL, TRUE, FALSE -> Event.UNKNOWN;
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
      if (kind == STRING) {
        checkString();
      }
      out.params = null;
      return;
    }
    paramsLength = 0;
    if (buffer[position] == ']') {
      position++;
      out.params = "";
      return;
    }
    while (true) {
      switch (value()) {
        case STRING, NUMBER -> quote();
        case NULL -> append("NULL");
        case TRUE -> append("'true'");
        case FALSE -> append("'false'");
        default -> failed = true;
      }
      if (failed) {
        return;
      }
      char c = buffer[position++];
      if (c == ']') {
        break;
      }
      if (c != ',') {
        failed = true;
        return;
      }
      append(", ");
    }
    out.params = new String(params, 0, paramsLength);
  }

  /** Appends the value as an SQL literal, quotes doubled; fails on a raw control character. */
  private void quote() {
    int length = to - from;
    char[] out = room(2 * length + 2);
    int n = paramsLength;
    out[n++] = '\'';
    for (int i = from; i < to; i++) {
      char c = buffer[i];
      if (c < 0x20 && unchecked) {
        failed = true;
        return;
      }
      out[n++] = c;
      if (c == '\'') {
        out[n++] = '\'';
      }
    }
    out[n++] = '\'';
    paramsLength = n;
  }

  private void append(String s) {
    char[] out = room(s.length());
    s.getChars(0, s.length(), out, paramsLength);
    paramsLength += s.length();
  }

  private char[] room(int more) {
    if (paramsLength + more > params.length) {
      params = java.util.Arrays.copyOf(params, Math.max(paramsLength + more, 2 * params.length));
    }
    return params;
  }

  /** Fails the line when the string just read holds a raw control character. */
  private void checkString() {
    if (unchecked) {
      for (int i = from; i < to; i++) {
        if (buffer[i] < 0x20) {
          failed = true;
          return;
        }
      }
    }
  }

  private void site(Line out) {
    int kind = value();
    if (kind == FAIL || kind == ARRAY) {
      failed = true;
      return;
    }
    if (kind != OBJECT) {
      if (kind == STRING) {
        checkString();
      }
      return;
    }
    if (buffer[position] == '}') {
      position++;
      return;
    }
    while (true) {
      int field = fieldName(true);
      if (field == CLASS || field == METHOD || field == FILE) {
        String text = textValue(names);
        switch (field) {
          case CLASS -> out.siteClass = text;
          case METHOD -> out.siteMethod = text;
          default -> out.siteFile = text;
        }
      } else if (field == LINE) {
        out.siteLine = Math.max(0, numberValue());
      } else if (field == OTHER) {
        skipValue();
      } else {
        failed = true;
        return;
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
      if (kind == STRING) {
        checkString();
      }
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
      if (element == STRING) {
        checkString();
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
    return literal();
  }

  private int literal() {
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
    // two digits a step: a timestamp has sixteen
    while ((c = b[p]) >= '0' && c <= '9') {
      char next = b[p + 1];
      if (next < '0' || next > '9') {
        value = value * 10 + (c - '0');
        c = next;
        p++;
        break;
      }
      value = value * 100 + (c - '0') * 10 + (next - '0');
      p += 2;
    }
    int digits = p - first;
    if (digits == 0 || digits > 18 || digits > 1 && b[first] == '0' || !delimiter(c)) {
      return false;
    }
    number = negative ? -value : value;
    unchecked = false;
    from = position;
    to = p;
    position = p;
    return true;
  }

  /**
   * A string at {@code position}, unescaped in place into {@code buffer[from..to)}. Without a
   * backslash its end is found by {@link String#indexOf(int, int)}, which the JIT vectorizes; its
   * characters are then checked for control characters only where they are used.
   */
  private boolean string() {
    int start = position + 1;
    int close = text.indexOf('"', start);
    if (close < 0) {
      return false;
    }
    if (backslash < start) {
      backslash = nextBackslash(start);
    }
    if (close < backslash) {
      from = start;
      to = close;
      unchecked = true;
      position = close + 1;
      return true;
    }
    return escapedString(start);
  }

  private boolean escapedString(int start) {
    char[] b = buffer;
    int p = backslash;
    int w = p;
    for (int i = start; i < p; i++) {
      if (b[i] < 0x20) {
        return false;
      }
    }
    char c;
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
    unchecked = false;
    position = p + 1;
    backslash = nextBackslash(position);
    return true;
  }

  private int nextBackslash(int from) {
    int at = text.indexOf('\\', from);
    return at < 0 ? Integer.MAX_VALUE : at;
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
