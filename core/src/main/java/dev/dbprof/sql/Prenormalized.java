package dev.dbprof.sql;

/**
 * Hands a fingerprint computed on another thread to the {@link Fingerprinter} of this thread: the
 * reading thread fingerprints ahead when the analyzing thread is the slower one, and the
 * analyzing thread offers each result just before it sees the event. Matched by the identity of
 * the text, so a result can only ever be used for the very string it was computed from; the scan
 * is a pure function of the text, so the report is the same as without it.
 */
public final class Prenormalized {

  private static final ThreadLocal<Prenormalized> CURRENT = ThreadLocal.withInitial(Prenormalized::new);

  private String text;
  private NormalizedSql normalized;

  private Prenormalized() {
  }

  /** Offers the result for {@code text} to this thread's next {@link Fingerprinter#normalize} of it. */
  public static void offer(String text, NormalizedSql normalized) {
    Prenormalized slot = CURRENT.get();
    slot.text = text;
    slot.normalized = normalized;
  }

  /** Forgets what was offered on this thread. */
  public static void clear() {
    Prenormalized slot = CURRENT.get();
    slot.text = null;
    slot.normalized = null;
  }

  static NormalizedSql claim(String text) {
    Prenormalized slot = CURRENT.get();
    if (slot.text != text || slot.text == null) {
      return null;
    }
    NormalizedSql found = slot.normalized;
    slot.text = null;
    slot.normalized = null;
    return found;
  }
}
