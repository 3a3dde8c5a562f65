package dev.dbprof.internal.read.p6spy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled p6spy message format matched by hand. It accepts exactly what the regular expression
 * that {@link P6spyFormat} used to build accepts, with the same captures: the same steps are tried
 * in the same order (greedy fields longest first, lazy fields shortest first, possessive fields
 * once, one code point at a time), only without the regex engine's cost per character.
 *
 * <p>The expression was {@code prefix field/literal…}, matched whole ({@code matches}) or from the
 * start ({@code lookingAt}), where the prefix is {@code [^\n]*?} or {@code (?:[^\n]*?c)?}.
 */
final class RecordMatcher {

  /** {@code \Q…\E}. */
  static final byte LITERAL = 0;
  /** {@code (-?\d+)}. */
  static final byte NUMBER = 1;
  /** {@code ([A-Za-z]*)}. */
  static final byte LETTERS = 2;
  /** {@code (.*)} with DOTALL. */
  static final byte REST = 3;
  /** {@code ([^c\n]*+)}. */
  static final byte UNTIL = 4;
  /** {@code ([^\n]*?)}. */
  static final byte LAZY = 5;

  private static final int NO_STOP = -1;

  private final byte[] kinds;
  private final String[] literals;
  private final char[] stops;
  private final int[] groups;
  /** Fields where only the longest end can succeed: matched without trying shorter ones. */
  private final boolean[] longestOnly;
  private final int groupCount;
  private final int prefixStop;
  private final boolean whole;

  private RecordMatcher(Builder builder, int prefixStop, boolean whole) {
    int n = builder.kinds.size();
    kinds = new byte[n];
    literals = new String[n];
    stops = new char[n];
    groups = new int[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = builder.kinds.get(i);
      literals[i] = builder.literals.get(i);
      stops[i] = builder.stops.get(i);
      groups[i] = builder.groups.get(i);
    }
    this.groupCount = builder.groupCount;
    this.prefixStop = prefixStop;
    this.whole = whole;
    longestOnly = new boolean[n];
    for (int i = 0; i < n; i++) {
      char next = i + 1 < n && kinds[i + 1] == LITERAL ? literals[i + 1].charAt(0) : '\0';
      // A shorter end leaves a digit (letter) where the next literal must start, which it does not.
      longestOnly[i] = switch (kinds[i]) {
        case NUMBER -> next != '\0' && !isDigit(next);
        case LETTERS -> next != '\0' && !isAsciiLetter(next);
        // at the end of a whole match, only the end of the text will do
        case REST -> i + 1 == n && whole;
        default -> false;
      };
    }
  }

  int groupCount() {
    return groupCount;
  }

  /**
   * Matches {@code text}; on success {@code spans[2g]} and {@code spans[2g + 1]} hold the start
   * and end of group {@code g}. {@code spans} needs {@code 2 * groupCount()} slots.
   */
  boolean match(String text, int[] spans) {
    int len = text.length();
    int firstLineEnd = text.indexOf('\n');
    boolean oneLine = firstLineEnd < 0;
    if (prefixStop != NO_STOP && !Character.isSurrogate((char) prefixStop)) {
      // (?:[^\n]*?c)? : every c before the first line end, shortest prefix first, then none
      int lineEnd = oneLine ? len : firstLineEnd;
      boolean untilFirst = kinds.length > 1 && kinds[0] == UNTIL && stops[0] == prefixStop;
      int at = text.indexOf(prefixStop);
      while (at >= 0 && at < lineEnd) {
        int next = text.indexOf(prefixStop, at + 1);
        if (untilFirst) {
          // the first field ends at the next separator, or at the line end where nothing matches
          if (next < 0 || next >= lineEnd) {
            break;
          }
          set(spans, groups[0], at + 1, next);
          if (from(text, len, oneLine, 1, next, spans)) {
            return true;
          }
        } else if (from(text, len, oneLine, 0, at + 1, spans)) {
          return true;
        }
        at = next;
      }
      return from(text, len, oneLine, 0, 0, spans);
    }
    if (prefixStop != NO_STOP) {
      // the same a code point at a time: a surrogate separator never splits a pair
      int i = 0;
      while (i < len) {
        char c = text.charAt(i);
        if (c == '\n') {
          break;
        }
        int next = step(text, i, len);
        if (c == prefixStop && next == i + 1 && from(text, len, oneLine, 0, next, spans)) {
          return true;
        }
        i = next;
      }
      return from(text, len, oneLine, 0, 0, spans);
    }
    if (kinds.length > 0 && kinds[0] == LITERAL && !Character.isSurrogate(literals[0].charAt(0))) {
      // [^\n]*? before a literal: only the starts where the literal is can match
      int lineEnd = oneLine ? len : firstLineEnd;
      String first = literals[0];
      for (int at = text.indexOf(first); at >= 0 && at <= lineEnd; at = text.indexOf(first, at + 1)) {
        if (from(text, len, oneLine, 0, at, spans)) {
          return true;
        }
      }
      return false;
    }
    // [^\n]*? : every start up to the first line end (inclusive), shortest first
    int i = 0;
    while (true) {
      if (from(text, len, oneLine, 0, i, spans)) {
        return true;
      }
      if (i >= len || text.charAt(i) == '\n') {
        return false;
      }
      i = step(text, i, len);
    }
  }

  private boolean from(String text, int len, boolean oneLine, int t, int pos, int[] spans) {
    // Parts with one way to match are taken in a loop; a call per choice point only.
    for (; t < kinds.length; t++) {
      int g = groups[t];
      switch (kinds[t]) {
        case LITERAL -> {
          String literal = literals[t];
          if (!text.startsWith(literal, pos)) {
            return false;
          }
          pos += literal.length();
        }
        case UNTIL -> {
          int end = until(text, pos, len, stops[t], oneLine);
          set(spans, g, pos, end);
          pos = end;
        }
        case NUMBER -> {
          int digits = pos < len && text.charAt(pos) == '-' ? pos + 1 : pos;
          int end = digits;
          while (end < len && isDigit(text.charAt(end))) {
            end++;
          }
          if (end == digits) {
            return false;
          }
          if (longestOnly[t]) {
            set(spans, g, pos, end);
            pos = end;
          } else {
            for (; end > digits; end--) {
              set(spans, g, pos, end);
              if (from(text, len, oneLine, t + 1, end, spans)) {
                return true;
              }
            }
            return false;
          }
        }
        case LETTERS -> {
          int end = pos;
          while (end < len && isAsciiLetter(text.charAt(end))) {
            end++;
          }
          if (longestOnly[t]) {
            set(spans, g, pos, end);
            pos = end;
          } else {
            for (; end >= pos; end--) {
              set(spans, g, pos, end);
              if (from(text, len, oneLine, t + 1, end, spans)) {
                return true;
              }
            }
            return false;
          }
        }
        default -> {
          return choose(text, len, oneLine, t, pos, spans);
        }
      }
    }
    return !whole || pos == len;
  }

  /** The fields that try ends one by one: {@code .*} and {@code [^\n]*?}. */
  private boolean choose(String text, int len, boolean oneLine, int t, int pos, int[] spans) {
    int g = groups[t];
    switch (kinds[t]) {
      case REST -> {
        if (longestOnly[t]) {
          set(spans, g, pos, len);
          return true;
        }
        String next = t + 1 < kinds.length && kinds[t + 1] == LITERAL ? literals[t + 1] : null;
        if (next != null) {
          // only the ends where the next literal starts can succeed: jump between them
          for (int end = text.lastIndexOf(next, len); end >= pos;
              end = end == 0 ? -1 : text.lastIndexOf(next, end - 1)) {
            if (insidePair(text, end, len)) {
              continue;
            }
            set(spans, g, pos, end);
            if (from(text, len, oneLine, t + 1, end, spans)) {
              return true;
            }
          }
          return false;
        }
        int end = len;
        while (true) {
          set(spans, g, pos, end);
          if (from(text, len, oneLine, t + 1, end, spans)) {
            return true;
          }
          if (end <= pos) {
            return false;
          }
          end = stepBack(text, end);
        }
      }
      case LAZY -> {
        String next = t + 1 < kinds.length && kinds[t + 1] == LITERAL ? literals[t + 1] : null;
        int end = pos;
        while (true) {
          if (next == null || text.startsWith(next, end)) {
            set(spans, g, pos, end);
            if (from(text, len, oneLine, t + 1, end, spans)) {
              return true;
            }
          }
          if (end >= len || text.charAt(end) == '\n') {
            return false;
          }
          end = step(text, end, len);
        }
      }
      default -> throw new IllegalStateException("kind " + kinds[t]);
    }
  }

  /** End of {@code [^c\n]*+} from {@code pos}. */
  private static int until(String text, int pos, int len, char stop, boolean oneLine) {
    if (Character.isSurrogate(stop)) {
      return untilByCodePoint(text, pos, len, stop);
    }
    if (oneLine) {
      int at = text.indexOf(stop, pos);
      return at < 0 ? len : at;
    }
    // a supplementary code point is neither a line end nor this separator: chars will do
    int i = pos;
    while (i < len) {
      char c = text.charAt(i);
      if (c == stop || c == '\n') {
        return i;
      }
      i++;
    }
    return i;
  }

  private static int untilByCodePoint(String text, int pos, int len, char stop) {
    int i = pos;
    while (i < len) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
        i += 2;
        continue;
      }
      if (c == stop || c == '\n') {
        return i;
      }
      i++;
    }
    return i;
  }

  private static int step(String text, int i, int len) {
    return Character.isHighSurrogate(text.charAt(i)) && i + 1 < len
        && Character.isLowSurrogate(text.charAt(i + 1)) ? i + 2 : i + 1;
  }

  private static int stepBack(String text, int i) {
    return i >= 2 && Character.isLowSurrogate(text.charAt(i - 1))
        && Character.isHighSurrogate(text.charAt(i - 2)) ? i - 2 : i - 1;
  }

  private static boolean insidePair(String text, int i, int len) {
    return i > 0 && i < len && Character.isLowSurrogate(text.charAt(i))
        && Character.isHighSurrogate(text.charAt(i - 1));
  }

  private static void set(int[] spans, int group, int start, int end) {
    if (group >= 0) {
      spans[2 * group] = start;
      spans[2 * group + 1] = end;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** Collects the parts of a matcher, in order. */
  static final class Builder {
    private final List<Byte> kinds = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();
    private final List<Character> stops = new ArrayList<>();
    private final List<Integer> groups = new ArrayList<>();
    private final boolean capture;
    private int groupCount;

    /** With {@code capture} false no field is captured (a record's head only says yes or no). */
    Builder(boolean capture) {
      this.capture = capture;
    }

    Builder literal(String text) {
      if (!text.isEmpty()) {
        add(LITERAL, text, '\0', -1);
      }
      return this;
    }

    /** A field of {@code kind}; {@code stop} is the separator of an {@link #UNTIL} field. */
    Builder field(byte kind, char stop) {
      add(kind, null, stop, capture ? groupCount++ : -1);
      return this;
    }

    /** Matched whole or from the start, after a prefix ending with {@code prefixStop} or any. */
    RecordMatcher build(Character prefixStop, boolean whole) {
      return new RecordMatcher(this, prefixStop == null ? NO_STOP : prefixStop, whole);
    }

    private void add(byte kind, String literal, char stop, int group) {
      kinds.add(kind);
      literals.add(literal);
      stops.add(stop);
      groups.add(group);
    }
  }
}
