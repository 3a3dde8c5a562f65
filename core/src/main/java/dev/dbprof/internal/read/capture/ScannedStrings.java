package dev.dbprof.internal.read.capture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings decoded from UTF-8 bytes, the same instance again for the same bytes while they stay in
 * the cache. A capture repeats a few thread names, call sites and {@code ?}-placeholder statements
 * a million times: this saves their decoding and allocation, and downstream maps then find their
 * keys by identity with the hash already computed.
 *
 * <p>Direct-mapped (a new text replaces the one in its slot), so texts that never repeat cost a
 * lookup and nothing more; the cached bytes are bounded by {@code maxBytes} in all.
 */
final class ScannedStrings {

  private final String[] strings;
  private final byte[][] texts;
  private final int mask;
  private final int maxLength;
  private final long maxBytes;
  private long bytes;

  /** {@code slots} a power of two; texts longer than {@code maxLength} bytes are never kept. */
  ScannedStrings(int slots, int maxLength, long maxBytes) {
    strings = new String[slots];
    texts = new byte[slots][];
    mask = slots - 1;
    this.maxLength = maxLength;
    this.maxBytes = maxBytes;
  }

  /** The text of the well-formed UTF-8 {@code buffer[from..to)}. */
  String get(byte[] buffer, int from, int to) {
    int length = to - from;
    if (length == 0) {
      return "";
    }
    if (length > maxLength) {
      return new String(buffer, from, length, StandardCharsets.UTF_8);
    }
    // A few bytes are hash enough: the comparison below decides.
    int quarter = length >>> 2;
    int hash = length * 0x9E3779B9 + buffer[from] * 31 + buffer[from + quarter] * 961
        + buffer[from + (length >>> 1)] * 29791 + buffer[to - 1 - quarter] * 923521
        + buffer[to - 1] * 28629151;
    int slot = (hash ^ (hash >>> 15)) & mask;
    byte[] cached = texts[slot];
    if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, from, to)) {
      return strings[slot];
    }
    String text = new String(buffer, from, length, StandardCharsets.UTF_8);
    if (bytes + length > maxBytes) {
      Arrays.fill(strings, null);
      Arrays.fill(texts, null);
      bytes = 0;
    } else if (cached != null) {
      bytes -= cached.length;
    }
    bytes += length;
    strings[slot] = text;
    texts[slot] = Arrays.copyOfRange(buffer, from, to);
    return text;
  }
}
