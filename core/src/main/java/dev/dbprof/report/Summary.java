package dev.dbprof.report;

import dev.dbprof.read.InputSummary;
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
 */
public record Summary(long statements, long fingerprints, long unitsOfWork, double totalTimeMs,
    List<InputSummary> inputs, long droppedEvents) {}
