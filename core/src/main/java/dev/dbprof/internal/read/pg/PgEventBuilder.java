package dev.dbprof.internal.read.pg;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TransactionStatements;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns PostgreSQL server messages, whichever destination wrote them, into events.
 *
 * <p>Only {@code execute} and simple-protocol {@code statement} lines are executions: with
 * {@code log_min_duration_statement=0} the extended protocol logs parse, bind and execute for
 * every statement; the timed parse and bind lines become {@link EventKind#PREPARE} events, whose
 * time the analysis adds to the execution that follows. With {@code log_statement=all} a statement is logged when it starts and its
 * duration on a line of its own when it ends, so such a statement waits (per session) for its
 * duration or its error. Memory holds only sessions with such a waiting statement or an
 * unfinished connection handshake, bounded by {@link #MAX_SESSIONS}.
 */
final class PgEventBuilder {

  /** SQLSTATE for a failed statement when the log does not say which error it was. */
  static final String UNKNOWN_SQL_STATE = "HY000";

  static final int MAX_SESSIONS = 100_000;

  private final ReadContext context;
  private final Map<String, SessionState> sessions =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
          if (size() <= MAX_SESSIONS) {
            return false;
          }
          emitPending(eldest.getValue());
          return true;
        }
      };

  PgEventBuilder(ReadContext context) {
    this.context = context;
  }

  private static final class SessionState {
    Event pending;
    long receivedMicros = Event.UNKNOWN;
    boolean absorbNextDuration;
  }

  void accept(PgEntry entry) {
    String severity = entry.severity();
    if ("LOG".equals(severity)) {
      log(entry);
    } else if ("ERROR".equals(severity) || "FATAL".equals(severity) || "PANIC".equals(severity)) {
      error(entry);
    }
    // WARNING, NOTICE, INFO, DEBUG and orphan parts carry no execution
  }

  /** Sessions remembered right now (waiting statements, unfinished handshakes). */
  int openSessions() {
    return sessions.size();
  }

  /** Emits what is still waiting, in the order the sessions were last seen. */
  void finish() {
    for (SessionState state : sessions.values()) {
      emitPending(state);
    }
    sessions.clear();
  }

  private void log(PgEntry entry) {
    // the message is a region of entry.text(): only the statement is ever copied out of it
    String text = entry.text();
    int from = entry.messageStart();
    int to = entry.messageEnd();
    if (entry.messageHas("duration: ", 0)) {
      int ms = text.indexOf(" ms", from + 10);
      if (ms < 0 || ms + 3 > to) {
        return;
      }
      long nanos = parseMillisToNanos(text, from + 10, ms);
      if (nanos < 0) {
        context.skip(entry.line(), "unreadable duration");
        return;
      }
      int rest = ms + 3;
      if (rest == to) {
        bareDuration(entry, nanos);
      } else if (has(text, rest, to, "  ")) {
        statementText(entry, rest + 2, nanos);
      }
      return;
    }
    if (entry.messageHas("statement: ", 0) || entry.messageHas("execute ", 0)) {
      statementText(entry, from, Event.UNKNOWN);
    } else if (entry.messageHas("connection received: ", 0)) {
      flush(entry.session());
      state(entry.session()).receivedMicros = entry.timeMicros();
    } else if (entry.messageHas("connection authorized: ", 0)) {
      SessionState state = sessions.get(entry.session());
      long elapsed = Event.UNKNOWN;
      if (state != null) {
        emitPending(state);
        if (state.receivedMicros >= 0 && entry.timeMicros() >= state.receivedMicros) {
          elapsed = (entry.timeMicros() - state.receivedMicros) * 1000;
        }
        sessions.remove(entry.session());
      }
      long start = state != null && state.receivedMicros >= 0 ? state.receivedMicros : entry.timeMicros();
      context.emit(new Event(EventKind.CONNECT, start, elapsed, entry.session(), null, null, null,
          0, Event.UNKNOWN, null, null, null, entry.line()));
    } else if (entry.messageHas("disconnection: ", 0)) {
      SessionState state = sessions.remove(entry.session());
      if (state != null) {
        emitPending(state);
      }
      context.emit(Event.marker(EventKind.DISCONNECT, entry.session(), entry.timeMicros(), entry.line()));
    } else {
      flush(entry.session());
    }
  }

  /** {@code duration: X ms} alone: the end of the statement logged when it started. */
  private void bareDuration(PgEntry entry, long nanos) {
    SessionState state = sessions.get(entry.session());
    if (state == null) {
      return;
    }
    if (state.pending != null) {
      Event p = state.pending;
      state.pending = null;
      context.emit(new Event(p.kind(), p.startMicros(), nanos, p.session(), null, p.sql(),
          p.params(), 0, Event.UNKNOWN, p.sqlState(), null, null, p.line()));
    }
    state.absorbNextDuration = false;
    forgetIfIdle(entry.session(), state);
  }

  /** The statement of a message whose text from {@code body} on names it. */
  private void statementText(PgEntry entry, int body, long nanos) {
    String text = entry.text();
    int to = entry.messageEnd();
    String sql;
    if (has(text, body, to, "statement: ")) {
      sql = text.substring(body + 11, to);
    } else if (has(text, body, to, "execute ")) {
      int colon = text.indexOf(": ", body + 8);
      if (colon < 0 || colon + 2 > to) {
        context.skip(entry.line(), "execute line without statement text");
        return;
      }
      if (has(text, body, to, "execute fetch from ")) {
        // more rows of a portal that was already counted when it first executed
        flush(entry.session());
        if (nanos == Event.UNKNOWN) {
          state(entry.session()).absorbNextDuration = true;
        }
        return;
      }
      sql = text.substring(colon + 2, to);
    } else {
      if (nanos != Event.UNKNOWN && (has(text, body, to, "parse ") || has(text, body, to, "bind "))) {
        // not an execution, but server time: it goes with the execute that follows
        flush(entry.session());
        long start = entry.timeMicros() < 0 ? Event.UNKNOWN : entry.timeMicros() - nanos / 1000;
        context.emit(new Event(EventKind.PREPARE, start, nanos, entry.session(), null, null, null, 0,
            Event.UNKNOWN, null, null, null, entry.line()));
      }
      // auto_explain plans, fastpath calls: not executions
      return;
    }
    flush(entry.session());
    boolean timed = nanos != Event.UNKNOWN;
    long start = entry.timeMicros() < 0 ? Event.UNKNOWN
        : timed ? entry.timeMicros() - nanos / 1000 : entry.timeMicros();
    TransactionStatements.Control control = TransactionStatements.classify(sql);
    switch (control) {
      case BEGIN -> {
        if (!timed) {
          state(entry.session()).absorbNextDuration = true;
        }
        return;
      }
      case COMMIT, ROLLBACK -> {
        EventKind kind = control == TransactionStatements.Control.COMMIT
            ? EventKind.COMMIT : EventKind.ROLLBACK;
        context.emit(new Event(kind, start, nanos, entry.session(), null, sql, null, 0,
            Event.UNKNOWN, null, null, null, entry.line()));
        if (!timed) {
          state(entry.session()).absorbNextDuration = true;
        }
        return;
      }
      default -> { }
    }
    Event event = new Event(EventKind.STATEMENT, start, nanos, entry.session(), null, sql,
        PgParameters.canonical(entry.detail()), 0, Event.UNKNOWN, null, null, null, entry.line());
    if (timed) {
      context.emit(event);
    } else {
      state(entry.session()).pending = event;
    }
  }

  private void error(PgEntry entry) {
    String statement = entry.statement();
    SessionState state = sessions.get(entry.session());
    String sqlState = entry.sqlState() != null && entry.sqlState().length() == 5
        && !"00000".equals(entry.sqlState()) ? entry.sqlState() : UNKNOWN_SQL_STATE;
    if (state != null && state.pending != null && statement != null
        && statement.equals(state.pending.sql())) {
      // log_statement=all logged it when it started; now we know it failed
      Event p = state.pending;
      state.pending = null;
      context.emit(new Event(p.kind(), p.startMicros(), p.elapsedNanos(), p.session(), null,
          p.sql(), p.params(), 0, Event.UNKNOWN, sqlState, null, null, p.line()));
      forgetIfIdle(entry.session(), state);
      return;
    }
    flush(entry.session());
    if ("FATAL".equals(entry.severity()) || "PANIC".equals(entry.severity())) {
      // the backend ends here, with or without a disconnection line
      sessions.remove(entry.session());
    }
    if (statement == null) {
      return;
    }
    switch (TransactionStatements.classify(statement)) {
      case BEGIN -> { }
      // a COMMIT that fails ends the transaction all the same, rolled back
      case COMMIT, ROLLBACK -> context.emit(new Event(EventKind.ROLLBACK, entry.timeMicros(),
          Event.UNKNOWN, entry.session(), null, statement, null, 0, Event.UNKNOWN, null, null, null,
          entry.line()));
      default -> context.emit(new Event(EventKind.STATEMENT, entry.timeMicros(), Event.UNKNOWN,
          entry.session(), null, statement, null, 0, Event.UNKNOWN, sqlState, null, null, entry.line()));
    }
  }

  /** Any other message of a session ends what was waiting for a duration line. */
  private void flush(String session) {
    SessionState state = sessions.get(session);
    if (state != null) {
      emitPending(state);
      state.absorbNextDuration = false;
      forgetIfIdle(session, state);
    }
  }

  private void forgetIfIdle(String session, SessionState state) {
    if (state.pending == null && !state.absorbNextDuration && state.receivedMicros < 0) {
      sessions.remove(session);
    }
  }

  private void emitPending(SessionState state) {
    if (state.pending != null) {
      context.emit(state.pending);
      state.pending = null;
    }
  }

  private SessionState state(String session) {
    return sessions.computeIfAbsent(session, s -> new SessionState());
  }

  private static boolean has(String text, int at, int end, String word) {
    return at + word.length() <= end && text.startsWith(word, at);
  }

  /** {@code 3.468} milliseconds as nanoseconds, exactly; -1 when not a number. */
  static long parseMillisToNanos(String s, int from, int to) {
    long whole = 0;
    long fraction = 0;
    int fractionDigits = 0;
    boolean dot = false;
    if (from >= to) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        if (dot) {
          if (fractionDigits < 6) {
            fraction = fraction * 10 + (c - '0');
            fractionDigits++;
          }
        } else {
          whole = whole * 10 + (c - '0');
        }
      } else {
        return -1;
      }
    }
    for (int k = fractionDigits; k < 6; k++) {
      fraction *= 10;
    }
    return whole * 1_000_000L + fraction;
  }
}
