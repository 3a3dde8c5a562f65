package dev.dbprof.internal.read.p6spy;

import java.util.ArrayList;
import java.util.List;

/**
 * Relates p6spy's two SQL texts: the prepared text with {@code ?} and the same text with each
 * {@code ?} replaced by a value literal ({@code 42}, {@code 'O''Brien'}, {@code NULL}, {@code
 * true}). p6spy replaces every {@code ?}, quoted or not, left to right; strings are quoted with
 * {@code '} doubled, numbers and booleans are bare.
 */
final class PreparedValues {

  /** Splits tried by matching, at most: keeps a line full of separators linear, not quadratic. */
  static final int MAX_CANDIDATES = 64;

  /** How a span "prepared SEP values" was split. */
  record Split(String prepared, String values, List<String> literals) {
  }

  private PreparedValues() {
  }

  /**
   * Splits {@code span} at the occurrence of {@code separator} where the prepared side matches the
   * values side. A separator inside the SQL ({@code ||}, a {@code '|'} value) is thus never taken
   * for the boundary, as long as one split matches.
   */
  static Split split(String span, String separator, boolean preparedFirst) {
    return split(span, 0, span.length(), separator, preparedFirst);
  }

  /** {@link #split(String, String, boolean)} of {@code text[from, to)}, without copying it first. */
  static Split split(String text, int from, int to, String separator, boolean preparedFirst) {
    int first = indexOf(text, separator, from, to);
    if (first < 0) {
      String span = text.substring(from, to);
      return new Split(preparedFirst ? span : "", preparedFirst ? "" : span, null);
    }
    int second = indexOf(text, separator, first + 1, to);
    if (second < 0) {
      return splitAt(text, from, to, separator, preparedFirst, first, true);
    }
    // No values bound (a plain Statement): both sides are the same text.
    int sides = to - from - separator.length();
    if (sides % 2 == 0 && text.startsWith(separator, from + sides / 2)
        && text.regionMatches(from, text, from + sides / 2 + separator.length(), sides / 2)) {
      return splitAt(text, from, to, separator, preparedFirst, from + sides / 2, true);
    }
    int tried = 0;
    for (int at = first; at >= 0 && tried++ < MAX_CANDIDATES;
        at = indexOf(text, separator, at + 1, to)) {
      Split split = splitAt(text, from, to, separator, preparedFirst, at, false);
      if (split != null) {
        return split;
      }
    }
    // Nothing matched (an unusual value rendering): take the first split whose fixed text around
    // the placeholders agrees, else the first.
    tried = 0;
    for (int at = first; at >= 0 && tried++ < MAX_CANDIDATES;
        at = indexOf(text, separator, at + 1, to)) {
      Split split = splitAt(text, from, to, separator, preparedFirst, at, true);
      if (plausible(split.prepared(), split.values())) {
        return split;
      }
    }
    return splitAt(text, from, to, separator, preparedFirst, first, true);
  }

  /** Where {@code separator} occurs whole in {@code text[from, to)}, or -1. */
  private static int indexOf(String text, String separator, int from, int to) {
    int at = text.indexOf(separator, from);
    return at < 0 || at + separator.length() > to ? -1 : at;
  }

  private static Split splitAt(String text, int from, int to, String separator,
      boolean preparedFirst, int at, boolean force) {
    String left = text.substring(from, at);
    String right = text.substring(at + separator.length(), to);
    String prepared = preparedFirst ? left : right;
    String values = preparedFirst ? right : left;
    List<String> literals = match(prepared, values);
    if (literals == null && !force) {
      return null;
    }
    return new Split(prepared, values, literals);
  }

  private static boolean plausible(String prepared, String values) {
    int q = prepared.indexOf('?');
    int last = prepared.lastIndexOf('?');
    return q >= 0 && values.startsWith(prepared.substring(0, q))
        && values.endsWith(prepared.substring(last + 1));
  }

  /**
   * The parameter values of one execution: the literals at the placeholders when both texts are
   * known, else the literals of whichever text is known; null when neither is.
   */
  static List<String> literals(String prepared, String values) {
    if (prepared != null && !prepared.isEmpty() && values != null) {
      List<String> matched = match(prepared, values);
      if (matched != null) {
        return matched;
      }
    }
    if (prepared != null && !prepared.isEmpty()) {
      return prepared.indexOf('?') >= 0 ? null : SqlLiterals.of(prepared);
    }
    return values == null ? null : SqlLiterals.of(values);
  }

  /**
   * The literals that {@code values} has where {@code prepared} has {@code ?}, or null when
   * {@code values} is not {@code prepared} with values filled in. Without placeholders the literals
   * of the text itself are returned (a plain Statement's values are inline).
   */
  static List<String> match(String prepared, String values) {
    List<String> literals = new ArrayList<>();
    int j = 0;
    int n = values.length();
    int length = prepared.length();
    boolean placeholders = false;
    boolean segmentStart = true;
    for (int i = 0; i < length; i++) {
      if (segmentStart) {
        // The text up to the next '?' is usually the same on both sides: compare it at once. Not
        // when it ends in whitespace, whose run may go on further in the values text.
        segmentStart = false;
        int q = prepared.indexOf('?', i);
        int end = q < 0 ? length : q;
        int same = end - i;
        if (same > 0 && !Character.isWhitespace(prepared.charAt(end - 1))
            && sameText(values, j, prepared, i, same)) {
          j += same;
          i = end;
          if (i >= length) {
            break;
          }
        }
      }
      char c = prepared.charAt(i);
      if (c == '?') {
        int end = literalEnd(values, j);
        if (end > j) {
          literals.add(values.substring(j, end));
          j = end;
          placeholders = true;
          segmentStart = true;
          continue;
        }
        // p6spy leaves a '?' beyond the bound values as it is: fall through to compare it.
      }
      if (Character.isWhitespace(c) && j < n && Character.isWhitespace(values.charAt(j))) {
        // p6spy's single-line forms turn line breaks into one space: whitespace runs are equal
        while (i + 1 < length && Character.isWhitespace(prepared.charAt(i + 1))) {
          i++;
        }
        while (j < n && Character.isWhitespace(values.charAt(j))) {
          j++;
        }
        continue;
      }
      if (j >= n || values.charAt(j) != c) {
        return null;
      }
      j++;
    }
    if (j != n) {
      return null;
    }
    return placeholders ? literals : SqlLiterals.of(prepared);
  }

  /** {@code a.regionMatches(aFrom, b, bFrom, length)}, long regions through the faster equals. */
  private static boolean sameText(String a, int aFrom, String b, int bFrom, int length) {
    if (length < 24 || aFrom + length > a.length()) {
      return a.regionMatches(aFrom, b, bFrom, length);
    }
    // String.equals compares many characters at once; regionMatches goes one at a time
    return a.substring(aFrom, aFrom + length).equals(b.substring(bFrom, bFrom + length));
  }

  /** End of the value literal starting at {@code from}, or {@code from} when there is none. */
  static int literalEnd(String s, int from) {
    int n = s.length();
    if (from >= n) {
      return from;
    }
    int i = from;
    char c = s.charAt(i);
    if (c == '\'') {
      int end = quotedEnd(s, i);
      return end < 0 ? from : end;
    }
    if (c == '-' || c == '+') {
      i++;
    }
    int runStart = i;
    while (i < n) {
      char d = s.charAt(i);
      if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '[' || d == ']') {
        i++;
      } else if ((d == '+' || d == '-') && i > runStart && (s.charAt(i - 1) == 'E'
          || s.charAt(i - 1) == 'e') && Character.isDigit(s.charAt(runStart))) {
        i++;
      } else {
        break;
      }
    }
    if (i == runStart) {
      return from;
    }
    if (i < n && s.charAt(i) == '\'') {
      // a prefixed string such as X'0A1B' or _binary'…'
      int end = quotedEnd(s, i);
      if (end > 0) {
        return end;
      }
    }
    return i;
  }

  /** Index after the quote closing the string that opens at {@code open}, or -1. */
  static int quotedEnd(String s, int open) {
    int i = open + 1;
    while (true) {
      int q = s.indexOf('\'', i);
      if (q < 0) {
        return -1;
      }
      if (q + 1 < s.length() && s.charAt(q + 1) == '\'') {
        i = q + 2;
      } else {
        return q + 1;
      }
    }
  }
}
