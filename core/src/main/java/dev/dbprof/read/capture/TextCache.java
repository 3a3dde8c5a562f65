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
final class TextCache {

  private final String[] strings;
  private final char[][] texts;
  private final int mask;
  private final int maxLength;
  private final long maxChars;
  private long chars;

  /** {@code slots} a power of two; texts longer than {@code maxLength} are never kept. */
  TextCache(int slots, int maxLength, long maxChars) {
    strings = new String[slots];
    texts = new char[slots][];
    mask = slots - 1;
    this.maxLength = maxLength;
    this.maxChars = maxChars;
  }

  String get(char[] buffer, int from, int to) {
    int length = to - from;
    if (length == 0) {
      return "";
    }
    if (length > maxLength) {
      return new String(buffer, from, length);
    }
    // A sample of the characters is hash enough: the comparison below decides.
    int hash = length;
    int step = (length >>> 3) + 1;
    for (int i = from; i < to; i += step) {
      hash = 31 * hash + buffer[i];
    }
    hash = 31 * hash + buffer[to - 1];
    int slot = (hash ^ (hash >>> 15)) & mask;
    char[] cached = texts[slot];
    if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, from, to)) {
      return strings[slot];
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
    return text;
  }
}
