package dev.dbprof.read;

import dev.dbprof.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Where a reader sends events and skipped lines; counts both for the input's summary. */
public final class ReadContext {

  /** How many skipped lines are kept with their reason; the rest are only counted. */
  static final int MAX_PROBLEMS_KEPT = 20;

  private final String path;
  private final Consumer<Event> sink;
  private final List<Problem> problems = new ArrayList<>();
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

  /** Records that {@code count} lines starting at {@code line} were skipped, and why. */
  public void skip(long line, long count, String reason) {
    skippedLines += count;
    if (problems.size() < MAX_PROBLEMS_KEPT) {
      problems.add(new Problem(path, line, reason));
    }
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
