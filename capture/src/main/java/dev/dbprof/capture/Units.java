package dev.dbprof.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Marks units of work — a request, a job, a test — so that dbprof groups their statements by what
 * the application did rather than by connection or transaction:
 *
 * <pre>{@code
 * try (Units.Scope unit = Units.begin("GET /owners/{id}")) {
 *   ... // every statement, batch, commit and rollback of this thread belongs to the unit
 * }
 * }</pre>
 *
 * <p>A unit belongs to the thread that began it. A {@code begin} while a unit is already open on
 * the thread is part of the outer unit: it returns a scope whose {@code close} does nothing, so a
 * job that calls a marked service stays one unit. The begin and end lines go into each capture
 * file the unit's statements went to, just before its first statement there; a unit that ran no
 * statement writes nothing. Names are the application's text, written as they are (escaped, at
 * most {@value #MAX_NAME_CHARS} characters). Nothing here throws into the application, and while
 * no unit was ever begun a statement pays one volatile read.
 */
public final class Units {

  /** Longer names are cut: a name is a label, not a payload. */
  public static final int MAX_NAME_CHARS = 256;

  private static final AtomicLong IDS = new AtomicLong();
  private static final ThreadLocal<UnitScope> OPEN = new ThreadLocal<>();
  /** False until the first begin: statements of an application that never marks skip the lookup. */
  private static volatile boolean used;

  private Units() {
  }

  /** What {@link #begin} returns: close it (try-with-resources) when the unit's work is done. */
  public interface Scope extends AutoCloseable {
    /** Ends the unit; a second close, or the close of a nested scope, does nothing. Never throws. */
    @Override
    void close();
  }

  private static final Scope NESTED = () -> { };

  /** Begins a unit of work named {@code name} (null for none) on this thread. Never throws. */
  public static Scope begin(String name) {
    try {
      if (current() != null) {
        return NESTED;
      }
      UnitScope unit = new UnitScope(Long.toString(IDS.incrementAndGet()), cap(name),
          Thread.currentThread().getName());
      used = true;
      OPEN.set(unit);
      return unit;
    } catch (Throwable t) {
      return NESTED;
    }
  }

  /** Whether a unit is open on this thread. */
  public static boolean isOpen() {
    try {
      return current() != null;
    } catch (Throwable t) {
      return false;
    }
  }

  /** The unit open on this thread, or null. */
  static UnitScope current() {
    if (!used) {
      return null;
    }
    UnitScope unit = OPEN.get();
    if (unit != null && unit.ended()) {
      OPEN.remove(); // closed from another thread
      return null;
    }
    return unit;
  }

  /** Called by the unit's own close on the thread that began it. */
  static void ended(UnitScope unit) {
    if (OPEN.get() == unit) {
      OPEN.remove();
    }
  }

  static String cap(String name) {
    if (name == null || name.length() <= MAX_NAME_CHARS) {
      return name;
    }
    int end = MAX_NAME_CHARS;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--; // never half a character
    }
    return name.substring(0, end);
  }
}
