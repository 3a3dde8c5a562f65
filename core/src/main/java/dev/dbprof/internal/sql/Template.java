package dev.dbprof.internal.sql;

import java.util.Arrays;

/**
 * A scanned statement text with its literals marked: another text that has the same characters
 * outside those literals, and literals of the same kind inside, scans to the same fingerprint.
 * The scan reads left to right, and a literal leaves it in the same state whatever its value, so
 * matching costs one comparison of the characters instead of a tokenization. Only the literals'
 * hash is the new text's own.
 *
 * <p>A literal matches another of its kind read exactly as {@link FingerprintScan} reads it: a
 * number with the same sign or leading dot, or a '…' string. Any other literal ({@code NULL},
 * {@code E'…'}, {@code $$…$$}, a string in double quotes) and one just before a {@code :} (the
 * scan looks back there) must be the same characters.
 */
final class Template {

  static final int MAX_LENGTH = 4096;
  /** The key reads this many characters: enough to tell tables apart, and the rest is compared anyway. */
  private static final int KEY_LENGTH = 48;

  private static final byte NUMBER = 0;
  private static final byte STRING = 1;
  private static final byte EXACT = 2;

  final int key;
  private final String text;
  private final int[] spans;
  private final byte[] kinds;
  private final NormalizedSql normalized;

  Template(String text, int[] spans, int literals, NormalizedSql normalized) {
    this.key = key(text);
    this.text = text;
    this.spans = Arrays.copyOf(spans, 2 * literals);
    this.kinds = new byte[literals];
    for (int i = 0; i < literals; i++) {
      int start = spans[2 * i];
      int end = spans[2 * i + 1];
      char first = text.charAt(start);
      boolean looksBack = end < text.length() && text.charAt(end) == ':';
      if (looksBack) {
        kinds[i] = EXACT;
      } else if (first == '\'') {
        kinds[i] = STRING;
      } else if (FingerprintScan.isDigit(first) || first == '.' || first == '-' || first == '+') {
        kinds[i] = NUMBER;
      } else {
        kinds[i] = EXACT;
      }
    }
    this.normalized = normalized;
  }

  /**
   * A hash of the text before its first literal (or of its first characters): texts differing
   * only in their literals share it. Only a hint for finding a template: {@link #match} decides.
   */
  static int key(String s) {
    int n = Math.min(s.length(), KEY_LENGTH);
    int h = s.isEmpty() ? 0 : 1;
    boolean afterName = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\'' || (!afterName && FingerprintScan.isDigit(c))) {
        break;
      }
      afterName = FingerprintScan.isNamePart(c);
      h = 31 * h + c;
    }
    return h;
  }

  /** What a scan of {@code s} would give, when it matches this template; otherwise null. */
  NormalizedSql match(String s) {
    if (kinds.length == 0) {
      return text.equals(s) ? normalized : null; // placeholders only: the exact text comes back (capture, p6spy)
    }
    int n = s.length();
    int at = 0;
    int from = 0;
    long hash = FingerprintScan.FNV_OFFSET;
    for (int i = 0; i < kinds.length; i++) {
      int start = spans[2 * i];
      int end = spans[2 * i + 1];
      int between = start - from;
      if (!s.regionMatches(at, text, from, between)) {
        return null;
      }
      at += between;
      int literalEnd = switch (kinds[i]) {
        case NUMBER -> numberEnd(s, at, n, text.charAt(start));
        case STRING -> stringEnd(s, at, n);
        default -> s.regionMatches(at, text, start, end - start) ? at + end - start : -1;
      };
      if (literalEnd < 0) {
        return null;
      }
      hash = FingerprintScan.hashLiteral(hash, s, at, literalEnd);
      at = literalEnd;
      from = end;
    }
    int rest = text.length() - from;
    if (n - at != rest || !s.regionMatches(at, text, from, rest)) {
      return null;
    }
    return new NormalizedSql(normalized.fingerprint(), normalized.queryId(), normalized.kind(), hash,
        normalized.literals(), normalized.longestInList(), normalized.valuesRows());
  }

  /** The end of the number at {@code p} that starts like the template's one, as the scan reads it; or -1. */
  private static int numberEnd(String s, int p, int n, char first) {
    if (p >= n) {
      return -1;
    }
    char c = s.charAt(p);
    boolean signed = first == '-' || first == '+';
    if (signed) {
      if (c != first || !FingerprintScan.unsignedNumberAt(s, p + 1, n)) {
        return -1;
      }
    } else if (first == '.') {
      if (c != '.' || p + 1 >= n || !FingerprintScan.isDigit(s.charAt(p + 1))) {
        return -1;
      }
    } else if (!FingerprintScan.isDigit(c)) {
      return -1;
    }
    int end = FingerprintScan.numberEnd(s, signed ? p + 1 : p, n);
    if (!signed && FingerprintScan.nameGoesOn(s, end, n)) {
      return -1; // a name that starts with digits
    }
    return end;
  }

  /** The end of the '…' string at {@code p}, where a backslash escapes the next character as in the scan; or -1. */
  private static int stringEnd(String s, int p, int n) {
    if (p >= n || s.charAt(p) != '\'') {
      return -1;
    }
    int q = p + 1;
    while (q < n) {
      char c = s.charAt(q);
      if (c == '\\') {
        q += 2;
      } else if (c != '\'') {
        q++;
      } else if (q + 1 < n && s.charAt(q + 1) == '\'') {
        q += 2;
      } else {
        return q + 1;
      }
    }
    return -1;
  }
}
