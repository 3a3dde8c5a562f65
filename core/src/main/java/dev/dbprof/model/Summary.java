package dev.dbprof.model;

import java.util.List;

/**
 * The report's summary.
 *
 * @param statements executions read (batch rows count one each)
 * @param fingerprints distinct statement shapes
 * @param unitsOfWork units of work
 * @param totalTimeMs database time of all timed statements
 * @param inputs one entry per input file
 * @param droppedEvents events the capture itself dropped (it could not keep up or write)
 * @param folded what the fingerprint cap folded into "other" (not among {@code fingerprints})
 */
public record Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
    List<InputSummary> inputs, long droppedEvents, Folded folded) {

  public Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
      List<InputSummary> inputs, long droppedEvents) {
    this(statements, fingerprints, unitsOfWork, totalTimeMs, inputs, droppedEvents, Folded.NONE);
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
