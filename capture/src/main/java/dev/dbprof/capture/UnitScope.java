package dev.dbprof.capture;

/**
 * One open unit of work. Its begin line goes to a capture file with the unit's first event there
 * (so that a unit without statements costs no line), its end line to every file that got the begin.
 */
final class UnitScope implements Units.Scope {

  final String id;
  final String name;
  final String thread;
  private final long beginMicros;
  private final long beginNanos;
  private volatile boolean ended;
  /** The last writer announced to, read without the lock on the statement path. */
  private CaptureWriter last;
  /** Every writer announced to; a unit writes to one or two files, rarely more. */
  private CaptureWriter[] writers = new CaptureWriter[2];
  private int count;

  UnitScope(String id, String name, String thread) {
    this.id = id;
    this.name = name;
    this.thread = thread;
    this.beginNanos = System.nanoTime();
    this.beginMicros = Clock.epochMicros(beginNanos);
  }

  boolean ended() {
    return ended;
  }

  /** Writes the begin line to {@code writer} if it has not had it yet. */
  void announce(CaptureWriter writer) {
    if (last == writer) {
      return;
    }
    synchronized (this) {
      if (ended) {
        return;
      }
      for (int i = 0; i < count; i++) {
        if (writers[i] == writer) {
          last = writer;
          return;
        }
      }
      if (count == writers.length) {
        writers = java.util.Arrays.copyOf(writers, count * 2);
      }
      writers[count++] = writer;
      last = writer;
      writer.offer(new PendingEvent.Unit(CaptureFormat.BEGIN, beginMicros, thread, id, name, PendingEvent.NO_ROWS));
    }
  }

  @Override
  public void close() {
    try {
      long ns = System.nanoTime() - beginNanos;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        for (int i = 0; i < count; i++) {
          writers[i].offer(new PendingEvent.Unit(CaptureFormat.END, Clock.epochMicros(System.nanoTime()), thread,
              id, null, ns));
        }
      }
      Units.ended(this);
    } catch (Throwable t) {
      // never into the application
    }
  }
}
