package dev.dbprof.capture;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One line of the capture file, built on the application thread and encoded on the writer
 * thread. Events are their own queue nodes ({@link #next}), so enqueueing allocates nothing more.
 */
abstract class PendingEvent {

  /** Unknown row count. */
  static final long NO_ROWS = -1;

  volatile PendingEvent next;

  final long ts;
  final int conn;
  final String thread;
  /** The id of the unit open on the thread, or null; set before the event is offered. */
  String unit;
  /** The trace id of the thread's current span when no unit is open, or null. */
  String trace;

  PendingEvent(long ts, int conn, String thread) {
    this.ts = ts;
    this.conn = conn;
    this.thread = thread;
  }

  /** {@code stmt}: one execution. {@code params} is null when not recorded. */
  static final class Stmt extends PendingEvent {
    final long ns;
    final String sql;
    final Object[] params;
    final long rows;
    final String state;
    final FrameSite site;

    Stmt(long ts, int conn, String thread, long ns, String sql, Object[] params, long rows,
        String state, FrameSite site) {
      super(ts, conn, thread);
      this.ns = ns;
      this.sql = sql;
      this.params = params;
      this.rows = rows;
      this.state = state;
      this.site = site;
    }
  }

  /** {@code batch}: one {@code executeBatch}. {@code sqls} is set for a plain-statement batch. */
  static final class Batch extends PendingEvent {
    final long ns;
    final String sql;
    final List<String> sqls;
    final int size;
    final long rows;
    final String state;
    final FrameSite site;

    Batch(long ts, int conn, String thread, long ns, String sql, List<String> sqls, int size,
        long rows, String state, FrameSite site) {
      super(ts, conn, thread);
      this.ns = ns;
      this.sql = sql;
      this.sqls = sqls;
      this.size = size;
      this.rows = rows;
      this.state = state;
      this.site = site;
    }
  }

  /** {@code commit}, {@code rollback}, {@code open}, {@code close}. */
  static final class Simple extends PendingEvent {
    final String type;
    final long ns;
    final String state;

    Simple(String type, long ts, int conn, String thread, long ns, String state) {
      super(ts, conn, thread);
      this.type = type;
      this.ns = ns;
      this.state = state;
    }
  }

  /** {@code unit}: the begin or end of a unit of work; {@code ns} on the end only. */
  static final class Unit extends PendingEvent {
    final String phase;
    final String id;
    final String name;
    final long ns;

    Unit(String phase, long ts, String thread, String id, String name, long ns) {
      super(ts, 0, thread);
      this.phase = phase;
      this.id = id;
      this.name = name;
      this.ns = ns;
    }
  }

  /** Not written: released once everything queued before it has been written. */
  static final class FlushMarker extends PendingEvent {
    final CountDownLatch written = new CountDownLatch(1);

    FlushMarker() {
      super(0, 0, "");
    }
  }
}
