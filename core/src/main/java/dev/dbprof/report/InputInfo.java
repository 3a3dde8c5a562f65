package dev.dbprof.report;

import dev.dbprof.read.Problem;
import java.util.List;

/** What was read from one input: the JSON report's {@code summary.inputs[]}. */
public record InputInfo(String path, String format, long events, long skippedLines,
    List<Problem> problems) {}
