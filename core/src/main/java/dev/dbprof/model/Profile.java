package dev.dbprof.model;

import java.util.Comparator;
import java.util.List;

/**
 * The whole workload after reading: every shape with its statistics, and connection counts.
 *
 * @param shapes every distinct fingerprint, by total time (then query id)
 * @param statements executions (batch rows counted one each)
 * @param unitsOfWork how many units of work were cut
 * @param totalNanos database time of all timed executions
 * @param connections connections opened and what they did
 */
public record Profile(List<Shape> shapes, long statements, long unitsOfWork, long totalNanos,
    Connections connections) {

  public static final Comparator<Shape> BY_TOTAL_TIME =
      Comparator.comparingLong(Shape::totalNanos).reversed()
          .thenComparing(Comparator.comparingLong(Shape::executions).reversed())
          .thenComparing(Shape::queryId);

  /**
   * @param opened CONNECT events seen
   * @param connectNanos total time spent connecting (where the input knows it)
   * @param shortLived connections that closed after at most {@link #SHORT_LIVED_STATEMENTS} statements
   * @param statementsOnOpened statements run on connections whose opening was seen
   */
  public record Connections(long opened, long connectNanos, long shortLived, long statementsOnOpened) {
    public static final int SHORT_LIVED_STATEMENTS = 3;
  }
}
