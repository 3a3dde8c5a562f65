package dev.dbprof.analysis;

import dev.dbprof.model.Event;
import dev.dbprof.model.Execution;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts each session's stream into units of work: at commit, rollback and disconnect, after an
 * idle gap, or when a unit grows past a size limit. Memory holds only the open units.
 *
 * <p>A session that stays quiet is forgotten even when the log never says it disconnected
 * (connection-per-request servers often log no disconnections): once the log's clock (the latest
 * statement start of the scope) is more than the idle gap plus {@link #FORGET_SLACK_MICROS} past
 * a session's last statement, its unit is closed as by an idle gap and the session dropped. The
 * next statement of that session would have closed the unit by the idle gap anyway, so the units
 * are the same; the slack covers logs written in end order, where a long statement is logged
 * after statements that started later. Each scope keeps its sessions in access order, so the
 * check looks only at the quietest ones: O(1) amortised per statement.
 */
final class UnitsOfWork {

  /** How far past the idle gap the clock must be before a quiet session is forgotten. */
  static final long FORGET_SLACK_MICROS = 60_000_000;

  private final long idleGapMicros;
  private final int maxExecutions;
  private final Consumer<UnitOfWork> closed;
  private final Map<String, Scope> scopes = new HashMap<>();
  private long count;

  UnitsOfWork(long idleGapMicros, int maxExecutions, Consumer<UnitOfWork> closed) {
    this.idleGapMicros = idleGapMicros;
    this.maxExecutions = maxExecutions;
    this.closed = closed;
  }

  /** The sessions of one scope, least recently seen first, and the scope's clock. */
  private static final class Scope {
    final LinkedHashMap<String, Open> sessions = new LinkedHashMap<>(16, 0.75f, true);
    long clockMicros = -1;
  }

  private static final class Open {
    final int input;
    final String session;
    List<Execution> executions = new ArrayList<>();
    long lastEndMicros = -1;

    Open(int input, String session) {
      this.input = input;
      this.session = session;
    }
  }

  /**
   * @param scope sessions of one scope are one stream: one input's, or all logs of one server
   *     (rotated files continue the same process ids)
   */
  void execution(int input, String scope, String session, Execution execution) {
    Scope sessions = scopes.computeIfAbsent(scope, k -> new Scope());
    Open unit = sessions.sessions.computeIfAbsent(session, k -> new Open(input, session));
    long start = execution.startMicros();
    if (start >= 0 && unit.lastEndMicros >= 0 && start - unit.lastEndMicros > idleGapMicros) {
      close(unit, UnitOfWork.End.IDLE_GAP);
    }
    unit.executions.add(execution);
    if (start >= 0) {
      long end = start + Math.max(0, execution.elapsedNanos()) / 1000;
      unit.lastEndMicros = Math.max(unit.lastEndMicros, end);
      if (start > sessions.clockMicros) {
        sessions.clockMicros = start;
        forgetQuiet(sessions);
      }
    }
    if (unit.executions.size() >= maxExecutions) {
      close(unit, UnitOfWork.End.SIZE_LIMIT);
    }
  }

  /** Closes and drops the sessions quiet for longer than the idle gap plus the slack. */
  private void forgetQuiet(Scope scope) {
    long quietSince = scope.clockMicros - idleGapMicros - FORGET_SLACK_MICROS;
    Iterator<Open> quietest = scope.sessions.values().iterator();
    while (quietest.hasNext()) {
      Open unit = quietest.next();
      if (unit.lastEndMicros < 0 || unit.lastEndMicros >= quietSince) {
        return; // the rest were seen later (nearly always: ends follow log order)
      }
      close(unit, UnitOfWork.End.IDLE_GAP);
      quietest.remove();
    }
  }

  void marker(String scope, Event event) {
    UnitOfWork.End end = switch (event.kind()) {
      case COMMIT -> UnitOfWork.End.COMMIT;
      case ROLLBACK -> UnitOfWork.End.ROLLBACK;
      case DISCONNECT, CONNECT -> UnitOfWork.End.DISCONNECT;
      default -> throw new IllegalArgumentException("not a marker: " + event.kind());
    };
    Scope sessions = scopes.get(scope);
    Open unit = sessions == null ? null : sessions.sessions.get(event.session());
    if (unit != null) {
      close(unit, end);
      if (end == UnitOfWork.End.DISCONNECT) {
        sessions.sessions.remove(event.session());
      }
    }
  }

  /** Sessions remembered right now (open units and sessions between units). */
  int openSessions() {
    int open = 0;
    for (Scope scope : scopes.values()) {
      open += scope.sessions.size();
    }
    return open;
  }

  /** Closes every open unit, in a deterministic order. */
  void finish() {
    scopes.values().stream()
        .flatMap(scope -> scope.sessions.values().stream())
        .sorted(Comparator.<Open>comparingInt(unit -> unit.input).thenComparing(unit -> unit.session))
        .forEach(unit -> close(unit, UnitOfWork.End.END_OF_INPUT));
    scopes.clear();
  }

  long count() {
    return count;
  }

  private void close(Open unit, UnitOfWork.End end) {
    if (unit.executions.isEmpty()) {
      return;
    }
    count++;
    // handed over, not copied: the unit starts a new list
    closed.accept(new UnitOfWork(unit.input, unit.session, Collections.unmodifiableList(unit.executions), end));
    unit.executions = new ArrayList<>();
  }
}
