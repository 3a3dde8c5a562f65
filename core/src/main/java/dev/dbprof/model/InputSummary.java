package dev.dbprof.model;

import java.util.List;

/**
 * What reading one input produced.
 *
 * @param path the path as given ({@code <stdin>} for {@code -})
 * @param format the format read, or null when the input was empty and no format was forced
 * @param events events handed on
 * @param skippedLines lines that could not be read
 * @param droppedEvents events the capture itself dropped (dbprof capture files only), so that the
 *     report can say that the input is incomplete
 * @param problems the first skipped lines with their reasons
 */
public record InputSummary(String path, InputFormat format, long events, long skippedLines,
    long droppedEvents, List<Problem> problems) {

  public InputSummary {
    problems = List.copyOf(problems);
  }

  /** The format id for reports; {@code empty} for an empty input. */
  public String formatId() {
    return format == null ? "empty" : format.id();
  }
}
