package dev.dbprof.model;

import java.util.List;

/**
 * The report's summary.
 *
 * @param statements executions read (batch rows count one each)
 * @param fingerprints distinct statement shapes
 * @param unitsOfWork units of work
 * @param totalTimeMs database time of everything timed: statements, transaction ends, connecting,
 *     and the extended protocol's parse and bind (see {@code time})
 * @param inputs one entry per input file
 * @param droppedEvents events the capture itself dropped (it could not keep up or write)
 * @param folded what the fingerprint cap folded into "other" (not among {@code fingerprints})
 * @param time which parts {@code totalTimeMs} is made of
 * @param startup start-up work reported apart (schema scripts, migrations, seeds), never ranked
 */
public record Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
    List<InputSummary> inputs, long droppedEvents, Folded folded, Time time, Startup startup) {

  public Summary {
    time = time == null ? Time.statementsOnly(totalTimeMs) : time;
    startup = startup == null ? Startup.NONE : startup;
  }

  public Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
      List<InputSummary> inputs, long droppedEvents) {
    this(statements, fingerprints, unitsOfWork, totalTimeMs, inputs, droppedEvents, Folded.NONE);
  }

  public Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
      List<InputSummary> inputs, long droppedEvents, Folded folded) {
    this(statements, fingerprints, unitsOfWork, totalTimeMs, inputs, droppedEvents, folded, null, null);
  }

  /**
   * The parts of the database time, each null when the input showed none of it (a part the input
   * cannot show is not a zero).
   *
   * @param statementsMs statements and batches (their execution alone)
   * @param transactionEndsMs COMMIT and ROLLBACK
   * @param connectMs opening physical connections
   * @param parseBindMs the extended protocol's parse and bind steps (PostgreSQL logs); the query
   *     rows count them in the time of the statement they prepared
   */
  public record Time(double statementsMs, Double transactionEndsMs, Double connectMs, Double parseBindMs) {

    public static Time statementsOnly(double ms) {
      return new Time(ms, null, null, null);
    }

    /** Whether any part besides the statements was seen. */
    public boolean parts() {
      return transactionEndsMs != null || connectMs != null || parseBindMs != null;
    }
  }

  /**
   * Start-up work: units of work recognised as schema scripts, migrations or seeds, left out of
   * the unit rules and the ranking (their time still counts in the totals).
   *
   * @param statements their executions (batch rows count one each)
   * @param totalTimeMs their database time
   * @param units how many units of work
   */
  public record Startup(long statements, double totalTimeMs, long units) {
    public static final Startup NONE = new Startup(0, 0, 0);

    public boolean any() {
      return units > 0;
    }
  }

  /**
   * The least useful shapes folded into one "other" bucket when there were more than
   * {@code --max-fingerprints}: their statements and time still count in the totals.
   *
   * @param shapes shapes folded (a shape folded, seen again and folded again counts twice)
   * @param statements their executions (batch rows count one each)
   * @param totalTimeMs their database time
   * @param maxFingerprints the cap that folded them
   */
  public record Folded(long shapes, long statements, double totalTimeMs, int maxFingerprints) {
    public static final Folded NONE = new Folded(0, 0, 0, 0);

    public boolean any() {
      return shapes > 0;
    }
  }
}
