package dev.dbprof.analysis;

import dev.dbprof.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts each session's stream into units of work: at commit, rollback and disconnect, after an
 * idle gap, or when a unit grows past a size limit. Memory holds only the open units.
 */
final class UnitsOfWork {

  private final long idleGapMicros;
  private final int maxExecutions;
  private final Consumer<UnitOfWork> closed;
  private final Map<Key, Open> open = new HashMap<>();
  private long count;

  UnitsOfWork(long idleGapMicros, int maxExecutions, Consumer<UnitOfWork> closed) {
    this.idleGapMicros = idleGapMicros;
    this.maxExecutions = maxExecutions;
    this.closed = closed;
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
    Open unit = open.computeIfAbsent(new Key(scope, session), k -> new Open(input, session));
    long start = execution.startMicros();
    if (start >= 0 && unit.lastEndMicros >= 0 && start - unit.lastEndMicros > idleGapMicros) {
      close(unit, UnitOfWork.End.IDLE_GAP);
    }
    unit.executions.add(execution);
    if (start >= 0) {
      long end = start + Math.max(0, execution.elapsedNanos()) / 1000;
      unit.lastEndMicros = Math.max(unit.lastEndMicros, end);
    }
    if (unit.executions.size() >= maxExecutions) {
      close(unit, UnitOfWork.End.SIZE_LIMIT);
    }
  }

  void marker(String scope, Event event) {
    UnitOfWork.End end = switch (event.kind()) {
      case COMMIT -> UnitOfWork.End.COMMIT;
      case ROLLBACK -> UnitOfWork.End.ROLLBACK;
      case DISCONNECT, CONNECT -> UnitOfWork.End.DISCONNECT;
      default -> throw new IllegalArgumentException("not a marker: " + event.kind());
    };
    Key key = new Key(scope, event.session());
    Open unit = open.get(key);
    if (unit != null) {
      close(unit, end);
      if (end == UnitOfWork.End.DISCONNECT) {
        open.remove(key);
      }
    }
  }

  /** Closes every open unit, in a deterministic order. */
  void finish() {
    open.values().stream()
        .sorted((a, b) -> a.input != b.input ? Integer.compare(a.input, b.input) : a.session.compareTo(b.session))
        .forEach(unit -> close(unit, UnitOfWork.End.END_OF_INPUT));
    open.clear();
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

  private record Key(String scope, String session) {}
}
