package dev.dbprof.internal.read.spi;

import java.nio.charset.StandardCharsets;

/**
 * One {@code String} instance per short text that repeats on every line: session ids, thread
 * and user names. The analyzer keys its maps by them on another thread; the same instance
 * compares by identity, carries its cached hash, and stays in that core's cache, where a fresh
 * copy per line would be hashed and compared character by character. It also saves the copy.
 *
 * <p>A direct-mapped cache: a text whose slot holds another one replaces it, so memory stays
 * bounded and every answer is still the right text. Not thread-safe: one per reader.
 */
public final class TextPool {

  private static final int SLOTS = 1 << 12;
  private static final int MAX_LENGTH = 64;

  private final String[] slots = new String[SLOTS];

  /** The text {@code line[start, end)}, as a pooled instance when it is short. */
  public String get(String line, int start, int end) {
    int length = end - start;
    if (length > MAX_LENGTH) {
      return line.substring(start, end);
    }
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + line.charAt(i);
    }
    int slot = (hash ^ (hash >>> 12)) & (SLOTS - 1);
    String pooled = slots[slot];
    if (pooled != null && pooled.length() == length && line.startsWith(pooled, start)) {
      return pooled;
    }
    String text = line.substring(start, end);
    slots[slot] = text;
    return text;
  }

  /** The UTF-8 text {@code bytes[start, end)}; pooled when it is short ASCII. */
  public String get(byte[] bytes, int start, int end) {
    int length = end - start;
    int hash = 0;
    for (int i = start; i < end && length <= MAX_LENGTH; i++) {
      if (bytes[i] < 0) {
        length = Integer.MAX_VALUE; // not ASCII: decoded, not pooled
      }
      hash = 31 * hash + bytes[i];
    }
    if (length > MAX_LENGTH) {
      return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
    int slot = (hash ^ (hash >>> 12)) & (SLOTS - 1);
    String pooled = slots[slot];
    if (pooled != null && pooled.length() == length && sameAscii(pooled, bytes, start)) {
      return pooled;
    }
    String text = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    slots[slot] = text;
    return text;
  }

  private static boolean sameAscii(String text, byte[] bytes, int start) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != bytes[start + i]) {
        return false;
      }
    }
    return true;
  }
}
