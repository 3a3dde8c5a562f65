package dev.dbprof.model;

import java.util.List;

/**
 * The statements of one transaction, or of one connection between idle gaps: the window in
 * which N+1 loops, unbatched writes and duplicates are looked for.
 *
 * @param input index of the input it was read from
 * @param session the connection or server session
 * @param executions its statements in order
 * @param end why it ended
 */
public record UnitOfWork(int input, String session, List<Execution> executions, End end) {

  /** Executions after which a unit is cut ({@code SIZE_LIMIT}) unless the analysis is told otherwise. */
  public static final int DEFAULT_MAX_EXECUTIONS = 10_000;

  /** Why a unit of work ended. */
  public enum End {
    COMMIT,
    ROLLBACK,
    DISCONNECT,
    IDLE_GAP,
    SIZE_LIMIT,
    END_OF_INPUT
  }

  public long startMicros() {
    return executions.isEmpty() ? -1 : executions.get(0).startMicros();
  }
}
