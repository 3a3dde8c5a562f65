package dev.dbprof.sql;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of {@link Fingerprinter#normalize} by exact statement text, for texts without literals
 * (placeholders only), which an application sends over and over. Bounded; it switches itself off
 * for a while when it does not pay (server logs with inline literals rarely repeat a text, and then
 * hashing each text would be pure cost), and on again to check. The scan is a pure function of the
 * text, so a hit gives exactly what a scan would.
 */
final class TextCache {

  private static final int LIMIT = 1 << 12;
  private static final int PROBE = 1 << 10;
  private static final int PAUSE = 1 << 16;

  private final ConcurrentHashMap<String, NormalizedSql> byText = new ConcurrentHashMap<>();
  // Counters without synchronization: a lost update only shifts when the cache pauses, never a result.
  private int lookups;
  private int hits;
  private int paused;

  boolean active() {
    if (paused > 0) {
      paused--;
      return false;
    }
    return true;
  }

  NormalizedSql get(String text) {
    NormalizedSql found = byText.get(text);
    if (found != null) {
      hits++;
    }
    if (++lookups >= PROBE) {
      if (hits * 4 < lookups) {
        paused = PAUSE;
      }
      lookups = 0;
      hits = 0;
    }
    return found;
  }

  void put(String text, NormalizedSql normalized) {
    if (byText.size() >= LIMIT) {
      byText.clear();
    }
    byText.put(text, normalized);
  }
}
