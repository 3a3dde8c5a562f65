package dev.dbprof.model;

import java.util.List;

/**
 * One of the busiest units of work, kept for the timeline: its statements in order, capped.
 *
 * @param input path of the input it was read from ("" when unknown)
 * @param session the connection or server session
 * @param startMicros epoch microseconds of its first statement, or -1
 * @param roundTrips statements and batches it ran (all of them, also those past the cap)
 * @param totalMs database time of all of them
 * @param end why it ended (unit-end, tag-change, disconnect, idle-gap, size-limit, end-of-input)
 * @param steps its first statements, in order, at most {@link #MAX_STEPS}
 * @param name what the application called the unit (a route, a test), or null
 * @param boundary how it was told apart (marker, trace, tag, thread, session)
 */
public record UnitSample(String input, String session, long startMicros, long roundTrips, double totalMs, String end,
    List<Step> steps, String name, String boundary) {

  /** Units kept per report. */
  public static final int MAX_UNITS = 8;

  /** Statements kept per unit. */
  public static final int MAX_STEPS = 240;

  public UnitSample {
    steps = List.copyOf(steps);
    boundary = boundary == null ? "session" : boundary;
  }

  /** A unit of one session, with no name. */
  public UnitSample(String input, String session, long startMicros, long roundTrips, double totalMs, String end,
      List<Step> steps) {
    this(input, session, startMicros, roundTrips, totalMs, end, steps, null, null);
  }

  /**
   * One statement of the unit.
   *
   * @param queryId its shape
   * @param offsetMicros start, relative to the unit's first statement (-1 when unknown)
   * @param ms its duration (-1 when unknown)
   * @param batchSize rows of a batch, 0 for a single statement
   */
  public record Step(String queryId, long offsetMicros, double ms, int batchSize) {}
}
