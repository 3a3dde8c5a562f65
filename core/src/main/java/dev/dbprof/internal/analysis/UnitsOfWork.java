package dev.dbprof.internal.analysis;

import dev.dbprof.model.Event;
import dev.dbprof.model.Execution;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.model.UnitTag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts each scope's stream into units of work, one piece of application work each, from the
 * strongest signal every event has: a unit marker or trace id (the unit is that id, across the
 * connections of the scope), a tag comment (a change of tag is a boundary), the start-up runner,
 * else the issuing thread when the input knows threads, else the connection or server session.
 * Commits and rollbacks are executions inside a unit (numbering its transactions), not its edges.
 *
 * <p>Units without an explicit end are bounded by idle gaps judged against the stream's own
 * rhythm (see {@link #gapEnds}): a gap of at least {@link #GAP_FLOOR_MICROS} that is also at least
 * {@link #GAP_FACTOR} times the median of the stream's recent gaps inside units (once it has shown
 * {@link #RHYTHM_MIN_GAPS}), and always a gap past the configured maximum ({@code --idle-gap-ms}). Marker units end only at their end marker
 * (or when forgotten); trace and start-up units only at the configured maximum.
 *
 * <p>Memory holds only the open units and the streams between units. A unit or stream that stays
 * quiet is forgotten even when the input never says it ended (connection-per-request servers often
 * log no disconnections, a trace has no end event): once the scope's clock (the latest statement
 * start) is more than the maximum gap plus {@link #FORGET_SLACK_MICROS} past its last statement,
 * its unit is closed as by an idle gap and dropped. The slack covers logs written in end order,
 * where a long statement is logged after statements that started later. Each scope keeps its units
 * in access order, so the check looks only at the quietest: O(1) amortised per statement.
 */
final class UnitsOfWork {

  /** How far past the maximum idle gap the clock must be before a quiet unit is forgotten. */
  static final long FORGET_SLACK_MICROS = 60_000_000;

  /**
   * No gap shorter than this ends a unit: in the real ORM logs (docs/units-of-work.md) the gaps
   * inside scripted work have a median of 1 to 3.5 ms and reach 20 to 70 ms only on rare pauses,
   * while separate requests on one pooled connection came 60 to 150 ms apart.
   */
  static final long GAP_FLOOR_MICROS = 50_000;

  /** A gap ends a unit when it is at least this many times the stream's typical gap inside units. */
  static final int GAP_FACTOR = 20;

  /** Recent gaps inside units kept per stream to judge its rhythm. */
  static final int RHYTHM_WINDOW = 16;

  /** Gaps a stream must have shown before its rhythm is judged; until then only the maximum gap cuts. */
  static final int RHYTHM_MIN_GAPS = 2;

  private final long maxGapMicros;
  private final int maxExecutions;
  private final Consumer<UnitOfWork> closed;
  private final Map<String, Scope> scopes = new HashMap<>();
  private long count;

  UnitsOfWork(long maxGapMicros, int maxExecutions, Consumer<UnitOfWork> closed) {
    this.maxGapMicros = maxGapMicros;
    this.maxExecutions = maxExecutions;
    this.closed = closed;
  }

  /** The units of one scope, least recently seen first, where each stream is, and the clock. */
  private static final class Scope {
    final LinkedHashMap<String, Open> units = new LinkedHashMap<>(16, 0.75f, true);
    /** Stream (thread or session) to the explicit or start-up unit its untagged events join. */
    final Map<String, Open> followed = new HashMap<>();
    long clockMicros = -1;
    /**
     * Start-up work of a log is only what began before the first application unit began (units of
     * other threads may close first): the earliest start of an application unit closed so far.
     */
    long applicationSince = Long.MAX_VALUE;
    boolean startupSeen;
  }

  /** A unit being filled, and, between units, the stream it belongs to. */
  private static final class Open {
    final int input;
    final String key;
    /** Fixed for explicit and start-up units; a stream's becomes TAG once its statements carry tags. */
    UnitOfWork.Boundary boundary;
    /** Streams that follow this unit (removed with it). */
    final List<String> followers = new ArrayList<>(1);
    String session;
    String name;
    String tag;
    List<Execution> executions = new ArrayList<>();
    int transactions;
    long lastEndMicros = -1;
    final long[] gaps = new long[RHYTHM_WINDOW];
    int gapCount;

    Open(int input, String key, UnitOfWork.Boundary boundary) {
      this.input = input;
      this.key = key;
      this.boundary = boundary;
    }

    void rhythm(long gap) {
      gaps[gapCount++ % RHYTHM_WINDOW] = gap;
    }

    long typicalGap() {
      int n = Math.min(gapCount, RHYTHM_WINDOW);
      if (n == 0) {
        return 0;
      }
      long[] sorted = Arrays.copyOf(gaps, n);
      Arrays.sort(sorted);
      return sorted[n / 2];
    }
  }

  /**
   * @param scope streams of one scope are one stream of events: one input's, or all logs of one
   *     server (rotated files continue the same process ids)
   * @param event the event the execution was read from (its session, thread and unit tag)
   */
  void execution(int input, String scope, Event event, Execution execution) {
    Scope state = scopes.computeIfAbsent(scope, k -> new Scope());
    Open unit = route(input, state, event, execution);
    long start = execution.startMicros();
    if (start >= 0 && unit.lastEndMicros >= 0) {
      long gap = start - unit.lastEndMicros;
      if (gapEnds(unit, gap)) {
        close(state, unit, UnitOfWork.End.IDLE_GAP);
      } else if (!unit.executions.isEmpty() && gap >= 0) {
        unit.rhythm(gap);
      }
    }
    if (unit.executions.isEmpty()) {
      unit.session = event.session();
    }
    Execution numbered = unit.transactions == 0 ? execution : withTransaction(execution, unit.transactions);
    unit.executions.add(numbered);
    if (execution.endsTransaction()) {
      unit.transactions++;
    }
    if (start >= 0) {
      long end = start + Math.max(0, execution.elapsedNanos()) / 1000;
      unit.lastEndMicros = Math.max(unit.lastEndMicros, end);
      if (start > state.clockMicros) {
        state.clockMicros = start;
        forgetQuiet(state);
      }
    }
    if (unit.executions.size() >= maxExecutions) {
      close(state, unit, UnitOfWork.End.SIZE_LIMIT);
    }
  }

  /** Whether a gap of {@code gap} µs before the next statement ends the unit. */
  private boolean gapEnds(Open unit, long gap) {
    if (gap <= 0 || unit.boundary == UnitOfWork.Boundary.MARKER) {
      return false;
    }
    if (gap > maxGapMicros) {
      return true;
    }
    if (unit.boundary == UnitOfWork.Boundary.TRACE || unit.boundary == UnitOfWork.Boundary.STARTUP
        || gap < GAP_FLOOR_MICROS || unit.gapCount < RHYTHM_MIN_GAPS) {
      return false; // a trace id is proof of one request however long it pauses; an unknown rhythm is no proof
    }
    return gap >= (long) GAP_FACTOR * unit.typicalGap();
  }

  private static Execution withTransaction(Execution e, int transaction) {
    return new Execution(e.shape(), e.startMicros(), e.elapsedNanos(), e.paramsKey(), e.batchSize(),
        e.longestInList(), e.valuesRows(), e.failed(), e.callSite(), e.line(), transaction);
  }

  /** The stream an event of no unique unit belongs to: its thread when known, else its session. */
  private static String stream(Event event) {
    return event.thread() != null ? "t:" + event.thread() : "c:" + event.session();
  }

  /** The open unit an execution joins, by the strongest signal it carries. */
  private Open route(int input, Scope state, Event event, Execution execution) {
    UnitTag tag = event.unit();
    String stream = stream(event);
    Open followed = state.followed.get(stream);
    if (tag != null && tag.unique()) {
      String key = (tag.source() == UnitTag.Source.MARKER ? "m:" : "r:") + tag.id();
      if (followed != null && !followed.key.equals(key) && followed.boundary == UnitOfWork.Boundary.TRACE
          && tag.source() == UnitTag.Source.TRACE) {
        end(state, followed, UnitOfWork.End.UNIT_END); // the stream began another request
      }
      Open unit = explicit(input, state, key, tag);
      follow(state, stream, unit);
      return unit;
    }
    if (tag != null && tag.source() == UnitTag.Source.STARTUP) {
      Open unit = state.units.get("s:" + stream);
      if (unit == null) {
        unit = new Open(input, "s:" + stream, UnitOfWork.Boundary.STARTUP);
        state.units.put(unit.key, unit);
      }
      follow(state, stream, unit);
      return unit;
    }
    if (followed != null) {
      // Where every statement of a request carries its trace or start-up tag, a statement without
      // one is other work (a job, a request the middleware did not see); only the transaction
      // statements the ORM sends without the tag (COMMIT, BEGIN) stay in the request.
      boolean leaves = (followed.boundary == UnitOfWork.Boundary.STARTUP || followed.boundary == UnitOfWork.Boundary.TRACE)
          && execution.shape().kind() != StatementKind.TRANSACTION;
      if (!leaves && (tag == null || followed.boundary != UnitOfWork.Boundary.STARTUP)) {
        state.units.get(followed.key); // touched: it is not quiet
        return followed; // untagged statements (a COMMIT, a pool's ping) stay in the request
      }
      unfollow(state, stream);
    }
    Open unit = state.units.get(stream);
    if (unit == null) {
      unit = new Open(input, stream, tag != null ? UnitOfWork.Boundary.TAG
          : event.thread() != null ? UnitOfWork.Boundary.THREAD : UnitOfWork.Boundary.SESSION);
      state.units.put(stream, unit);
    }
    if (tag == null && unit.tag != null && execution.shape().kind() != StatementKind.TRANSACTION) {
      // the tagged work is over: its statements all carried the tag (transaction statements aside)
      close(state, unit, UnitOfWork.End.TAG_CHANGE);
      unit.tag = null;
      unit.name = null;
      unit.boundary = event.thread() != null ? UnitOfWork.Boundary.THREAD : UnitOfWork.Boundary.SESSION;
    }
    if (tag != null) {
      if (unit.tag != null && !unit.tag.equals(tag.id())) {
        close(state, unit, UnitOfWork.End.TAG_CHANGE);
      }
      unit.tag = tag.id();
      unit.name = tag.name() != null ? tag.name() : tag.id();
      unit.boundary = UnitOfWork.Boundary.TAG;
    }
    return unit;
  }

  private Open explicit(int input, Scope state, String key, UnitTag tag) {
    Open unit = state.units.get(key);
    if (unit == null) {
      unit = new Open(input, key, tag.source() == UnitTag.Source.MARKER ? UnitOfWork.Boundary.MARKER
          : UnitOfWork.Boundary.TRACE);
      state.units.put(key, unit);
    }
    if (tag.name() != null) {
      unit.name = tag.name();
    }
    return unit;
  }

  private static void follow(Scope state, String stream, Open unit) {
    Open before = state.followed.put(stream, unit);
    if (before != unit) {
      if (before != null) {
        before.followers.remove(stream);
      }
      unit.followers.add(stream);
    }
  }

  private static void unfollow(Scope state, String stream) {
    Open before = state.followed.remove(stream);
    if (before != null) {
      before.followers.remove(stream);
    }
  }

  /** The application began a unit ({@code UNIT_BEGIN}): its stream's statements join it. */
  void begin(int input, String scope, Event event) {
    UnitTag tag = event.unit();
    if (tag == null) {
      return;
    }
    Scope state = scopes.computeIfAbsent(scope, k -> new Scope());
    String key = (tag.source() == UnitTag.Source.TRACE ? "r:" : "m:") + tag.id();
    follow(state, stream(event), explicit(input, state, key, new UnitTag(tag.id(), tag.name(),
        tag.source() == UnitTag.Source.TRACE ? UnitTag.Source.TRACE : UnitTag.Source.MARKER)));
  }

  /** The application ended a unit ({@code UNIT_END}). */
  void end(String scope, Event event) {
    UnitTag tag = event.unit();
    Scope state = scopes.get(scope);
    if (tag == null || state == null) {
      return;
    }
    Open unit = state.units.get((tag.source() == UnitTag.Source.TRACE ? "r:" : "m:") + tag.id());
    if (unit != null) {
      end(state, unit, UnitOfWork.End.UNIT_END);
    }
  }

  /** Closes an explicit unit for good: its id never comes back. */
  private void end(Scope state, Open unit, UnitOfWork.End end) {
    close(state, unit, end);
    drop(state, unit);
  }

  private static void drop(Scope state, Open unit) {
    state.units.remove(unit.key);
    for (String stream : unit.followers) {
      state.followed.remove(stream, unit);
    }
    unit.followers.clear();
  }

  /**
   * A connection opened or closed: it ends the unit of that session when the session is the
   * stream (a log), not a thread's or a marked unit, which go on over other connections.
   */
  void connection(String scope, Event event) {
    Scope state = scopes.get(scope);
    if (state == null) {
      return;
    }
    String stream = "c:" + event.session();
    Open unit = state.units.get(stream);
    if (unit != null) {
      close(state, unit, UnitOfWork.End.DISCONNECT);
      drop(state, unit);
    }
    Open followed = state.followed.get(stream);
    if (followed != null && followed.boundary == UnitOfWork.Boundary.STARTUP) {
      end(state, followed, UnitOfWork.End.DISCONNECT);
    } else {
      unfollow(state, stream);
    }
  }

  /** Closes and drops the units quiet for longer than the maximum gap plus the slack. */
  private void forgetQuiet(Scope scope) {
    long quietSince = scope.clockMicros - maxGapMicros - FORGET_SLACK_MICROS;
    Iterator<Open> quietest = scope.units.values().iterator();
    while (quietest.hasNext()) {
      Open unit = quietest.next();
      if (unit.lastEndMicros < 0 || unit.lastEndMicros >= quietSince) {
        return; // the rest were seen later (nearly always: ends follow log order)
      }
      close(scope, unit, UnitOfWork.End.IDLE_GAP);
      quietest.remove();
      for (String stream : unit.followers) {
        scope.followed.remove(stream, unit);
      }
      unit.followers.clear();
    }
  }

  /** Units and streams remembered right now (open units and streams between units). */
  int openSessions() {
    int open = 0;
    for (Scope scope : scopes.values()) {
      open += scope.units.size();
    }
    return open;
  }

  /** Streams following an explicit unit right now (bounded with the units they follow). */
  int followedStreams() {
    int followed = 0;
    for (Scope scope : scopes.values()) {
      followed += scope.followed.size();
    }
    return followed;
  }

  /** Closes every open unit, in a deterministic order. */
  void finish() {
    List<Map.Entry<Scope, Open>> open = new ArrayList<>();
    for (Scope scope : scopes.values()) {
      scope.units.values().forEach(unit -> open.add(Map.entry(scope, unit)));
    }
    open.sort(Comparator.<Map.Entry<Scope, Open>>comparingInt(e -> e.getValue().input)
        .thenComparingLong(e -> e.getValue().executions.isEmpty() ? -1 : e.getValue().executions.get(0).startMicros())
        .thenComparing(e -> e.getValue().key));
    for (Map.Entry<Scope, Open> e : open) {
      close(e.getKey(), e.getValue(), UnitOfWork.End.END_OF_INPUT);
    }
    scopes.clear();
  }

  long count() {
    return count;
  }

  private void close(Scope scope, Open unit, UnitOfWork.End end) {
    if (unit.executions.isEmpty()) {
      return;
    }
    count++;
    UnitOfWork.Boundary boundary = unit.boundary;
    long start = unit.executions.get(0).startMicros();
    if ((boundary == UnitOfWork.Boundary.THREAD || boundary == UnitOfWork.Boundary.SESSION)
        && (scope.applicationSince == Long.MAX_VALUE || start >= 0 && start < scope.applicationSince)
        && StartupWork.is(unit.executions, scope.startupSeen)) {
      boundary = UnitOfWork.Boundary.STARTUP;
    }
    if (boundary == UnitOfWork.Boundary.STARTUP) {
      scope.startupSeen = true;
    } else {
      scope.applicationSince = Math.min(scope.applicationSince, start >= 0 ? start : Long.MIN_VALUE);
    }
    // handed over, not copied: the unit starts a new list
    closed.accept(new UnitOfWork(unit.input, unit.session, unit.name, boundary,
        Collections.unmodifiableList(unit.executions), unit.transactions, end));
    unit.executions = new ArrayList<>();
    unit.transactions = 0;
  }
}
