package dev.dbprof.model;

import java.util.List;

/**
 * One piece of application work: a request, a job, a test. The window in which N+1 loops,
 * unbatched writes and duplicates are looked for; its transactions are structure inside it (see
 * {@link Execution#transaction()}), not its edges.
 *
 * @param input index of the input it was read from
 * @param session the connection, server session or thread it was read from (the first, when the
 *     unit spans several pooled connections)
 * @param name what the application called it ({@code GET /owners/{id}}, a test name), or null
 * @param boundary the signal that told it apart from its neighbours
 * @param executions its statements in order, commits and rollbacks included
 * @param transactions commits and rollbacks among them
 * @param end why it ended
 */
public record UnitOfWork(int input, String session, String name, Boundary boundary, List<Execution> executions,
    int transactions, End end) {

  /** Executions after which a unit is cut ({@code SIZE_LIMIT}) unless the analysis is told otherwise. */
  public static final int DEFAULT_MAX_EXECUTIONS = 10_000;

  /** How a unit was told apart from its neighbours, strongest first. */
  public enum Boundary {
    /** The application marked its begin and end (capture unit events). */
    MARKER,
    /** Every statement carried the request's trace id (capture, sqlcommenter {@code traceparent}). */
    TRACE,
    /** Tag comments named the work (controller and action, route) but not the request. */
    TAG,
    /** The statements of one application thread, between idle gaps (captures). */
    THREAD,
    /** The statements of one connection or server session, between idle gaps (server logs). */
    SESSION,
    /**
     * Start-up work (schema scripts, migrations, seeds), known by the runner on the stack in a
     * capture or as a burst of literal DDL and DML before the first application unit in a log:
     * reported apart, never ranked.
     */
    STARTUP;

    /** Whether the application itself said where the unit begins and ends. */
    public boolean explicit() {
      return this == MARKER || this == TRACE;
    }
  }

  /** Why a unit of work ended. */
  public enum End {
    /** The application ended it (unit end marker, or statements of another trace began). */
    UNIT_END,
    /** A tag comment of other work began on the session. */
    TAG_CHANGE,
    COMMIT,
    ROLLBACK,
    DISCONNECT,
    IDLE_GAP,
    SIZE_LIMIT,
    END_OF_INPUT
  }

  /** A unit of one session cut by the old rules, for callers that know nothing else. */
  public UnitOfWork(int input, String session, List<Execution> executions, End end) {
    this(input, session, null, Boundary.SESSION, executions, 0, end);
  }

  public long startMicros() {
    return executions.isEmpty() ? -1 : executions.get(0).startMicros();
  }
}
