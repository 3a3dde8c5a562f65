package dev.dbprof.internal.read.capture;

import dev.dbprof.capture.CaptureFormat;
import dev.dbprof.model.Event;
import dev.dbprof.internal.read.capture.CaptureFileReader.Line;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines the capture writes (compact JSON, one flat object with a {@code params} array
 * and a {@code site} object) from their UTF-8 bytes, without a general JSON parser and without
 * decoding the line: field names are matched as bytes, numbers read from their digits, and only
 * the values used become strings, repeated ones from caches.
 *
 * <p>Anything else — whitespace between tokens, fractions and exponents, nested values where the
 * capture writes none, escapes of lone surrogates, invalid UTF-8, and every malformed line — is
 * left to {@link CaptureFileReader#parse} on the decoded line, so that such lines read exactly as
 * before and are reported with the same reasons.
 */
final class CaptureLineScanner {

  /** Longer lines go to the full parser rather than grow the copy further. */
  private static final int MAX_SCANNED_BYTES = 1 << 20;

  /** Eight bytes of a line at once, as one long (little-endian: the first byte lowest). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;

  private static final int FAIL = 0;
  private static final int STRING = 1;
  private static final int NUMBER = 2;
  private static final int NULL = 3;
  private static final int TRUE = 4;
  private static final int FALSE = 5;
  private static final int ARRAY = 6;
  private static final int OBJECT = 7;

  /**
   * The line is {@code line[position..end)}; {@code line[end]} is a control character (the line's
   * own line end, or the NUL after a copy), which stops every scan at the end, and at least eight
   * bytes follow it, so that eight bytes can be read at once anywhere up to it.
   */
  private byte[] line;
  private byte[] copy = new byte[1024];
  private int end;
  private int position;
  /** The last string value (its UTF-8 bytes, unescaped) or number text: {@code valueBytes[from..to)}. */
  private byte[] valueBytes;
  private int from;
  private int to;
  private byte[] unescaped = new byte[256];
  private long number;
  private boolean failed;

  private final ScannedStrings names = new ScannedStrings(4096, 256, 1 << 20);
  private final ScannedStrings statements = new ScannedStrings(4096, 16 * 1024, 2 << 20);
  private byte[] params = new byte[256];
  private int paramsLength;

  /** Fills {@code out} from the line {@code bytes[start..end)}; false when it needs the full parser. */
  boolean scan(byte[] bytes, int start, int end, Line out) {
    out.clear();
    int length = end - start;
    if (length < 2 || length > MAX_SCANNED_BYTES || bytes[start] != '{') {
      return false;
    }
    if (end + Long.BYTES <= bytes.length && bytes[end] >= 0 && bytes[end] < 0x20) {
      line = bytes; // read in place: a line read from a buffer is followed by its '\n' or '\r'
      position = start + 1;
      this.end = end;
    } else {
      if (copy.length < length + Long.BYTES) {
        copy = new byte[Math.max(length + Long.BYTES, copy.length * 2)];
      }
      System.arraycopy(bytes, start, copy, 0, length);
      copy[length] = 0;
      line = copy;
      position = 1;
      this.end = length;
    }
    failed = false;
    if (line[position] == '}') {
      position++;
    } else {
      while (true) {
        if (!field(out) || failed) {
          return false;
        }
        byte c = line[position++];
        if (c == '}') {
          break;
        }
        if (c != ',') {
          return false;
        }
      }
    }
    return position == this.end;
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
  private static final int PHASE = 17;
  private static final int ID = 18;
  private static final int NAME = 19;
  private static final int UNIT = 20;
  private static final int TRACE = 21;
  private static final int STARTUP = 22;
  private static final int OTHER = 23;

  /**
   * One field. Each kind of value is read at one place only, so that the JIT compiles every
   * reading once rather than inlining it at every field.
   */
  private boolean field(Line out) {
    int field = fieldName(false);
    switch (field) {
      case TYPE, CONN, THREAD, STATE, FORMAT, SQL, PHASE, ID, NAME, UNIT, TRACE, STARTUP -> {
        String text = textValue(field == SQL ? statements : names);
        switch (field) {
          case TYPE -> out.type = text;
          case CONN -> out.conn = text;
          case THREAD -> out.thread = text;
          case STATE -> out.state = text;
          case FORMAT -> out.format = text;
          case PHASE -> out.phase = text;
          case ID -> out.id = text;
          case NAME -> out.name = text;
          case UNIT -> out.unit = text;
          case TRACE -> out.trace = text;
          case STARTUP -> out.startup = text;
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
    if (line[position] != '"') {
      return -1;
    }
    if (inSite) {
      if (name(CLASS)) {
        return CLASS;
      } else if (name(METHOD)) {
        return METHOD;
      } else if (name(FILE)) {
        return FILE;
      } else if (name(LINE)) {
        return LINE;
      }
    } else {
      // the first letter picks the names to compare
      switch (line[position + 1]) {
        case 't' -> {
          if (name(TYPE)) {
            return TYPE;
          } else if (name(TS)) {
            return TS;
          } else if (name(THREAD)) {
            return THREAD;
          } else if (name(TRACE)) {
            return TRACE;
          }
        }
        case 'c' -> {
          if (name(CONN)) {
            return CONN;
          } else if (name(COUNT)) {
            return COUNT;
          }
        }
        case 'n' -> {
          if (name(NS)) {
            return NS;
          } else if (name(NAME)) {
            return NAME;
          }
        }
        case 'i' -> {
          if (name(ID)) {
            return ID;
          }
        }
        case 'u' -> {
          if (name(UNIT)) {
            return UNIT;
          }
        }
        case 's' -> {
          if (name(SQL)) {
            return SQL;
          } else if (name(SITE)) {
            return SITE;
          } else if (name(STATE)) {
            return STATE;
          } else if (name(SIZE)) {
            return SIZE;
          } else if (name(STARTUP)) {
            return STARTUP;
          }
        }
        case 'p' -> {
          if (name(PARAMS)) {
            return PARAMS;
          } else if (name(PHASE)) {
            return PHASE;
          }
        }
        case 'r' -> {
          if (name(ROWS)) {
            return ROWS;
          }
        }
        case 'f' -> {
          if (name(FORMAT)) {
            return FORMAT;
          }
        }
        default -> { }
      }
    }
    return name() ? OTHER : -1;
  }

  /** The names of the fields {@link #TYPE} to {@link #STARTUP}, by number. */
  private static final String[] NAMES = {CaptureFormat.TYPE, CaptureFormat.TS, CaptureFormat.CONN,
      CaptureFormat.THREAD, CaptureFormat.NS, CaptureFormat.SQL, CaptureFormat.PARAMS,
      CaptureFormat.ROWS, CaptureFormat.STATE, CaptureFormat.SIZE, CaptureFormat.COUNT,
      CaptureFormat.FORMAT, CaptureFormat.SITE, CaptureFormat.SITE_CLASS, CaptureFormat.SITE_METHOD,
      CaptureFormat.SITE_FILE, CaptureFormat.SITE_LINE, CaptureFormat.PHASE, CaptureFormat.ID,
      CaptureFormat.UNIT_NAME, CaptureFormat.UNIT_ID, CaptureFormat.TRACE, CaptureFormat.STARTUP};
  /**
   * Each name with its closing quote and colon as the eight bytes that start it, read
   * little-endian, and which bits of them count; a longer name (no more than eight bytes in all
   * but {@code startup}) has the rest compared byte by byte.
   */
  private static final long[] NAME_WORDS = new long[NAMES.length];
  private static final long[] NAME_MASKS = new long[NAMES.length];
  private static final byte[][] NAME_TAILS = new byte[NAMES.length][];

  static {
    for (int field = 0; field < NAMES.length; field++) {
      byte[] name = (NAMES[field] + "\":").getBytes(StandardCharsets.US_ASCII);
      int head = Math.min(name.length, Long.BYTES);
      for (int i = 0; i < head; i++) {
        NAME_WORDS[field] |= (name[i] & 0xffL) << 8 * i;
        NAME_MASKS[field] |= 0xffL << 8 * i;
      }
      NAME_TAILS[field] = Arrays.copyOfRange(name, head, name.length);
    }
  }

  /**
   * Whether the name of {@code field}, its closing quote and colon follow the quote at
   * {@code position}; if so, moves past them. One comparison of eight bytes: the line end cannot
   * be among the bytes that match, and the line has eight more after it (so the tail of a longer
   * name, compared only when the eight matched, stays within the line or stops at its end).
   */
  private boolean name(int field) {
    long word = (long) LONGS.get(line, position + 1);
    if ((word & NAME_MASKS[field]) != NAME_WORDS[field]) {
      return false;
    }
    byte[] tail = NAME_TAILS[field];
    for (int i = 0; i < tail.length; i++) {
      if (line[position + 1 + Long.BYTES + i] != tail[i]) {
        return false;
      }
    }
    position += NAMES[field].length() + 3;
    return true;
  }

  /** Longer field names (none the capture writes) are left to the parser and its limits. */
  private static final int MAX_NAME_BYTES = 256;

  /** A field name and its colon; names with escapes or beyond ASCII are left to the full parser. */
  private boolean name() {
    byte[] b = line;
    int p = position;
    if (b[p] != '"') {
      return false;
    }
    int start = ++p;
    byte c;
    while ((c = b[p]) != '"' && c != '\\' && c >= 0x20) {
      p++;
    }
    if (c != '"' || b[p + 1] != ':' || p - start > MAX_NAME_BYTES) {
      return false;
    }
    position = p + 2;
    return true;
  }

  /** Whether the line holds the ASCII text {@code name} at {@code at}. */
  private boolean is(int at, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (line[at + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** What the full parser's text of a value is; marks the line failed for arrays and objects. */
  private String textValue(ScannedStrings cache) {
    return switch (value()) {
      case STRING, NUMBER -> cache.get(valueBytes, from, to);
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
    paramsLength = 0;
    if (line[position] == ']') {
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
        default -> {
          failed = true;
          return;
        }
      }
      byte c = line[position++];
      if (c == ']') {
        break;
      }
      if (c != ',') {
        failed = true;
        return;
      }
      append(", ");
    }
    out.params = new String(params, 0, paramsLength, StandardCharsets.UTF_8);
  }

  /** Appends the value as an SQL literal, quotes doubled (a quote is one byte in UTF-8). */
  private void quote() {
    byte[] out = room(2 * (to - from) + 2);
    int n = paramsLength;
    out[n++] = '\'';
    for (int i = from; i < to; i++) {
      byte c = valueBytes[i];
      out[n++] = c;
      if (c == '\'') {
        out[n++] = '\'';
      }
    }
    out[n++] = '\'';
    paramsLength = n;
  }

  private void append(String ascii) {
    byte[] out = room(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      out[paramsLength++] = (byte) ascii.charAt(i);
    }
  }

  private byte[] room(int more) {
    if (paramsLength + more > params.length) {
      params = Arrays.copyOf(params, Math.max(paramsLength + more, 2 * params.length));
    }
    return params;
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
    if (line[position] == '}') {
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
      byte c = line[position++];
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
    if (line[position] == ']') {
      position++;
      return;
    }
    while (true) {
      int element = value();
      if (element == FAIL || element == ARRAY || element == OBJECT) {
        failed = true;
        return;
      }
      byte c = line[position++];
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
    byte c = line[position];
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
    if (after >= end || !is(p, word) || !delimiter(line[after])) {
      return false;
    }
    position = after;
    return true;
  }

  private static boolean delimiter(byte c) {
    return c == ',' || c == '}' || c == ']';
  }

  /** An integer of at most 18 digits, as JSON writes it; anything else is left to the parser. */
  private boolean integer() {
    byte[] b = line;
    int p = position;
    boolean negative = b[p] == '-';
    if (negative) {
      p++;
    }
    int first = p;
    long n = 0;
    byte c;
    // two digits a step: a timestamp has sixteen
    while ((c = b[p]) >= '0' && c <= '9') {
      byte next = b[p + 1];
      if (next < '0' || next > '9') {
        n = n * 10 + (c - '0');
        c = next;
        p++;
        break;
      }
      n = n * 100 + (c - '0') * 10 + (next - '0');
      p += 2;
    }
    int digits = p - first;
    if (digits == 0 || digits > 18 || digits > 1 && b[first] == '0' || !delimiter(c)) {
      return false;
    }
    number = negative ? -n : n;
    valueBytes = b;
    from = position;
    to = p;
    position = p;
    return true;
  }

  /**
   * A string at {@code position}: {@code valueBytes[from..to)} are then its bytes, in the line itself
   * when it has no backslash. The pass that finds its end also fails the line on what the parser
   * would reject or read otherwise: a raw control character (not JSON), invalid UTF-8 (the parser
   * reads the line decoded, with replacement characters).
   */
  private boolean string() {
    byte[] b = line;
    int start = position + 1;
    int p = start;
    while (true) {
      p = plainEnd(b, p);
      byte c = b[p];
      if (c == '"') {
        valueBytes = b;
        from = start;
        to = p;
        position = p + 1;
        return true;
      }
      if (c == '\\') {
        return escapedString(start, p);
      }
      if (c >= 0 || (p = afterCharacter(b, p)) < 0) {
        return false;
      }
    }
  }

  /** The rest of a string from its first backslash at {@code p}, unescaped into its own buffer. */
  private boolean escapedString(int start, int p) {
    byte[] b = line;
    // no escape is shorter than the UTF-8 of what it stands for
    if (unescaped.length < end - start) {
      unescaped = new byte[Math.max(end - start, 2 * unescaped.length)];
    }
    byte[] out = unescaped;
    int w = p - start;
    System.arraycopy(b, start, out, 0, w);
    byte c;
    while ((c = b[p]) != '"') {
      if (c == '\\') {
        boolean unicode = b[p + 1] == 'u';
        int code = unicode ? unicodeEscape(b, p + 2) : escape(b[p + 1]);
        if (code < 0) {
          return false;
        }
        w = putCharacter(out, w, code);
        p += !unicode ? 2 : code < 0x10000 ? 6 : 12;
      } else if (c < 0) {
        int after = afterCharacter(b, p);
        if (after < 0) {
          return false;
        }
        System.arraycopy(b, p, out, w, after - p);
        w += after - p;
        p = after;
      } else {
        return false;
      }
      int run = p;
      p = plainEnd(b, p);
      System.arraycopy(b, run, out, w, p - run);
      w += p - run;
    }
    valueBytes = out;
    from = 0;
    to = w;
    position = p + 1;
    return true;
  }

  /**
   * Where the plain string content from {@code p} on ends: ASCII from the space up but the quote
   * and the backslash. Eight bytes a step while all are plain: a byte's top bit in {@code stop} is
   * set when it is below the space (it borrows), beyond ASCII, or the quote or the backslash (it
   * becomes zero, then borrows); a borrow into the next byte only follows a byte caught itself.
   * The eight with the line's end always hold a byte to stop at, so this never passes it.
   */
  private static int plainEnd(byte[] b, int p) {
    while (true) {
      long x = (long) LONGS.get(b, p);
      long quote = x ^ '"' * ONES;
      long backslash = x ^ '\\' * ONES;
      long stop = (x - 0x20 * ONES) | x | (quote - ONES) | (backslash - ONES);
      if ((stop & 0x80 * ONES) != 0) {
        break;
      }
      p += Long.BYTES;
    }
    byte c;
    while ((c = b[p]) >= 0x20 && c != '"' && c != '\\') {
      p++;
    }
    return p;
  }

  /** What the escape with this letter stands for, or -1 for one JSON does not know. */
  private static int escape(byte letter) {
    return switch (letter) {
      case '"', '\\', '/' -> letter;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
  }

  /**
   * The code point of the four hex digits of a {@code u} escape at {@code p}, or of a surrogate
   * pair of two such escapes; -1 for bad digits and for a lone surrogate, which UTF-8 cannot hold
   * (the parser puts it into the string as it is).
   */
  private static int unicodeEscape(byte[] b, int p) {
    int code = hex4(b, p);
    if (code < 0 || !Character.isSurrogate((char) code)) {
      return code;
    }
    int low = b[p + 4] == '\\' && b[p + 5] == 'u' ? hex4(b, p + 6) : -1;
    return Character.isHighSurrogate((char) code) && low >= 0 && Character.isLowSurrogate((char) low)
        ? Character.toCodePoint((char) code, (char) low) : -1;
  }

  /** Four hex digits at {@code p}, or -1 (read one by one: the line end stops it). */
  private static int hex4(byte[] b, int p) {
    int code = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit(b[p + k], 16);
      if (digit < 0) {
        return -1;
      }
      code = code << 4 | digit;
    }
    return code;
  }

  /** Writes {@code code} as UTF-8 at {@code w}; returns where it ends. */
  private static int putCharacter(byte[] out, int w, int code) {
    if (code < 0x80) {
      out[w++] = (byte) code;
    } else if (code < 0x800) {
      out[w++] = (byte) (0xc0 | code >> 6);
      out[w++] = (byte) (0x80 | code & 0x3f);
    } else if (code < 0x10000) {
      out[w++] = (byte) (0xe0 | code >> 12);
      out[w++] = (byte) (0x80 | code >> 6 & 0x3f);
      out[w++] = (byte) (0x80 | code & 0x3f);
    } else {
      out[w++] = (byte) (0xf0 | code >> 18);
      out[w++] = (byte) (0x80 | code >> 12 & 0x3f);
      out[w++] = (byte) (0x80 | code >> 6 & 0x3f);
      out[w++] = (byte) (0x80 | code & 0x3f);
    }
    return w;
  }

  /**
   * Where the UTF-8 character starting with the non-ASCII byte at {@code p} ends, or -1 when it is
   * not well-formed (the Unicode table of well-formed sequences: no overlong forms, surrogates or
   * code points beyond U+10FFFF), which is what the decoder would replace. Bytes are read one by
   * one, so the control character after the line stops it.
   */
  private static int afterCharacter(byte[] b, int p) {
    int lead = b[p] & 0xff;
    int continuations;
    int low = 0x80;
    int high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuations = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuations = 2;
      low = lead == 0xe0 ? 0xa0 : 0x80;
      high = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuations = 3;
      low = lead == 0xf0 ? 0x90 : 0x80;
      high = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
      return -1;
    }
    // the second byte has the narrower range
    for (int i = 1; i <= continuations; i++) {
      int c = b[p + i] & 0xff;
      if (c < low || c > high) {
        return -1;
      }
      low = 0x80;
      high = 0xbf;
    }
    return p + 1 + continuations;
  }
}
