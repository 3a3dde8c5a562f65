package dev.dbprof.internal.read.spi;

import dev.dbprof.model.Event;
import dev.dbprof.model.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** Where a reader sends events and skipped lines; counts both for the input's summary. */
public final class ReadContext {

  /** How many skipped lines are kept with their reason; the rest are only counted. */
  static final int MAX_PROBLEMS_KEPT = 20;

  private final String path;
  private final Consumer<Event> sink;
  private final List<Problem> problems = new ArrayList<>();
  /**
   * Recent lines skipped as too long that a format's reader may still skip (it sees them as empty
   * lines, at most a record later). Each such line is at least 4 MiB of input, so a few suffice.
   */
  private final ArrayDeque<Long> tooLongLines = new ArrayDeque<>();
  private static final int MAX_TOO_LONG_REMEMBERED = 16;
  private long events;
  private long skippedLines;
  private long droppedEvents;

  public ReadContext(String path, Consumer<Event> sink) {
    this.path = path;
    this.sink = sink;
  }

  public String path() {
    return path;
  }

  public void emit(Event event) {
    events++;
    sink.accept(event);
  }

  /**
   * Records that {@code count} lines starting at {@code line} were skipped, and why. A line the
   * line reader already skipped as too long is not counted again when the format's reader then
   * skips the empty line it was read as, alone or inside a record.
   */
  public void skip(long line, long count, String reason) {
    long counted = count - forgetTooLong(line, count);
    if (counted <= 0) {
      return;
    }
    skippedLines += counted;
    if (problems.size() < MAX_PROBLEMS_KEPT) {
      problems.add(new Problem(path, line, reason));
    }
  }

  /** Records a line over the line reader's limit; it counts as one skipped line, whoever skips it again. */
  void skipTooLong(long line, String reason) {
    skip(line, 1, reason);
    if (tooLongLines.size() == MAX_TOO_LONG_REMEMBERED) {
      tooLongLines.removeFirst();
    }
    tooLongLines.addLast(line);
  }

  /** How many of the lines {@code [line, line + count)} were already counted as too long; forgets them. */
  private int forgetTooLong(long line, long count) {
    int found = 0;
    for (Iterator<Long> it = tooLongLines.iterator(); it.hasNext(); ) {
      long tooLong = it.next();
      if (tooLong >= line && tooLong < line + count) {
        it.remove();
        found++;
      }
    }
    return found;
  }

  public void skip(long line, String reason) {
    skip(line, 1, reason);
  }

  /** Records events that the writer of the input says it dropped (a capture's {@code dropped} lines). */
  public void dropped(long count) {
    droppedEvents += count;
  }

  public long droppedEvents() {
    return droppedEvents;
  }

  public long events() {
    return events;
  }

  public long skippedLines() {
    return skippedLines;
  }

  /** The first skipped lines with their reasons (at most {@value #MAX_PROBLEMS_KEPT}). */
  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }
}
