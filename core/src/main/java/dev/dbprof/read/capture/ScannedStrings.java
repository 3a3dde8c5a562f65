package dev.dbprof.read.capture;

import java.util.Arrays;

/**
 * Strings made from a char buffer, the same instance again for the same text while it stays in
 * the cache. A capture repeats a few thread names, call sites and {@code ?}-placeholder statements
 * a million times: this saves their allocation, and downstream maps then find their keys by
 * identity with the hash already computed.
 *
 * <p>Direct-mapped (a new text replaces the one in its slot), so texts that never repeat cost a
 * lookup and nothing more; the cached characters are bounded by {@code maxChars} in all.
 */
final class ScannedStrings {

  private final String[] strings;
  private final char[][] texts;
  /** Whether the slot's text holds a control character (only an unescaped string can). */
  private final boolean[] control;
  private final int mask;
  private final int maxLength;
  private final long maxChars;
  private long chars;

  /** {@code slots} a power of two; texts longer than {@code maxLength} are never kept. */
  ScannedStrings(int slots, int maxLength, long maxChars) {
    strings = new String[slots];
    texts = new char[slots][];
    control = new boolean[slots];
    mask = slots - 1;
    this.maxLength = maxLength;
    this.maxChars = maxChars;
  }

  /**
   * The text {@code buffer[from..to)}; null when {@code raw} (the characters stood in the line as
   * they are, unescaped) and they hold a control character, which JSON does not allow there.
   */
  String get(char[] buffer, int from, int to, boolean raw) {
    int length = to - from;
    if (length == 0) {
      return "";
    }
    if (length > maxLength) {
      return raw && hasControl(buffer, from, to) ? null : new String(buffer, from, length);
    }
    // A few characters are hash enough: the comparison below decides.
    int quarter = length >>> 2;
    int hash = length * 0x9E3779B9 + buffer[from] * 31 + buffer[from + quarter] * 961
        + buffer[from + (length >>> 1)] * 29791 + buffer[to - 1 - quarter] * 923521
        + buffer[to - 1] * 28629151;
    int slot = (hash ^ (hash >>> 15)) & mask;
    char[] cached = texts[slot];
    if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, from, to)) {
      return raw && control[slot] ? null : strings[slot];
    }
    boolean hasControl = hasControl(buffer, from, to);
    if (raw && hasControl) {
      return null;
    }
    String text = new String(buffer, from, length);
    if (chars + length > maxChars) {
      Arrays.fill(strings, null);
      Arrays.fill(texts, null);
      chars = 0;
    } else if (cached != null) {
      chars -= cached.length;
    }
    chars += length;
    strings[slot] = text;
    texts[slot] = Arrays.copyOfRange(buffer, from, to);
    control[slot] = hasControl;
    return text;
  }

  private static boolean hasControl(char[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] < 0x20) {
        return true;
      }
    }
    return false;
  }
}
