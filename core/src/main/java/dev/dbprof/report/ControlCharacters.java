package dev.dbprof.report;

import java.io.IOException;

/**
 * Makes text from the input safe to print where a terminal or a CI log would obey control
 * characters: a quoted identifier holding ESC or BEL could otherwise recolour, retitle or rewrite
 * the user's terminal. C0 controls (other than line feed), DEL and the C1 controls U+0080–U+009F
 * are written as {@code \xNN} ({@code \x1b} for ESC), tab and a lone carriage return as {@code \t}
 * and {@code \r}. Line feeds, and a carriage return right before one, are kept.
 */
public final class ControlCharacters {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ControlCharacters() {
  }

  /** Whether {@code c} is escaped. */
  static boolean escaped(char c) {
    return c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f;
  }

  /** {@code text} with its control characters escaped; the same instance when it has none. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !needsEscape(text, i)) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    try {
      append(out, text, i, text.length());
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return out.toString();
  }

  /** Writes through to {@code out}, escaping control characters on the way. */
  public static Appendable escaping(Appendable out) {
    return new Appendable() {
      @Override
      public Appendable append(CharSequence text) throws IOException {
        CharSequence s = text == null ? "null" : text;
        ControlCharacters.append(out, s, 0, s.length());
        return this;
      }

      @Override
      public Appendable append(CharSequence text, int start, int end) throws IOException {
        ControlCharacters.append(out, text == null ? "null" : text, start, end);
        return this;
      }

      @Override
      public Appendable append(char c) throws IOException {
        ControlCharacters.append(out, String.valueOf(c), 0, 1);
        return this;
      }
    };
  }

  private static boolean needsEscape(CharSequence s, int i) {
    char c = s.charAt(i);
    return escaped(c) && !(c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n');
  }

  private static void append(Appendable out, CharSequence s, int start, int end) throws IOException {
    int run = start;
    for (int i = start; i < end; i++) {
      if (!needsEscape(s, i)) {
        continue;
      }
      out.append(s, run, i);
      char c = s.charAt(i);
      if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else {
        out.append('\\').append('x').append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      }
      run = i + 1;
    }
    out.append(s, run, end);
  }
}
