package dev.dbprof.internal.sql;

/**
 * Recent {@link Template}s, so that most statements are matched instead of scanned. Four ways per
 * set, the last one matched first. It switches itself off for a while when it does not pay
 * (statements of ever new shapes, where hashing each text first would be pure cost) and on again
 * to check. A match gives exactly what a scan would, so the cache never changes a report.
 *
 * <p>Shared between threads without locks: a slot holds an immutable template, so a racing read
 * sees an old or a new one; the counters may lose an update, which only shifts when it pauses.
 */
final class Templates {

  private static final int SLOTS = 1 << 12;
  private static final int WAYS = 4;
  private static final int PROBE = 1 << 10;
  private static final int PAUSE = 1 << 16;

  private final Template[] slots = new Template[SLOTS];
  private int lookups;
  private int hits;
  private int paused;

  /** The scan's result for {@code text} when a template matches it; null to scan (and then {@link #add}). */
  NormalizedSql match(String text) {
    if (paused > 0) {
      paused--;
      return null;
    }
    if (text.length() > Template.MAX_LENGTH) {
      return null;
    }
    int key = Template.key(text);
    int set = set(key);
    for (int way = 0; way < WAYS; way++) {
      Template template = slots[set + way];
      NormalizedSql found = template != null && template.key == key ? template.match(text) : null;
      if (found != null) {
        if (way > 0) {
          System.arraycopy(slots, set, slots, set + 1, way); // the one matched goes first
          slots[set] = template;
        }
        count(true);
        return found;
      }
    }
    count(false);
    return null;
  }

  private void count(boolean hit) {
    if (hit) {
      hits++;
    }
    if (++lookups >= PROBE) {
      if (hits * 4 < lookups) {
        paused = PAUSE;
      }
      lookups = 0;
      hits = 0;
    }
  }

  void add(String text, FingerprintScan scan, NormalizedSql normalized) {
    if (paused > 0 || !scan.templatable()) {
      return;
    }
    Template template = new Template(text, scan.literalSpans(), scan.literals(), normalized);
    int set = set(template.key);
    System.arraycopy(slots, set, slots, set + 1, WAYS - 1);
    slots[set] = template;
  }

  private static int set(int key) {
    return (key ^ (key >>> 16)) & (SLOTS - 1) & -WAYS;
  }
}
