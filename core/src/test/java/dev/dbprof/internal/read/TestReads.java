package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.InputSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an input through {@link Readers} and keeps what came out, for assertions. */
public final class TestReads {

  public final InputSummary summary;
  public final List<Event> events;

  private TestReads(InputSummary summary, List<Event> events) {
    this.summary = summary;
    this.events = events;
  }

  public static TestReads of(Path path, ReaderOptions options) {
    List<Event> events = new ArrayList<>();
    InputSummary summary = Readers.read(path.toString(), options, events::add);
    return new TestReads(summary, events);
  }

  public static TestReads of(Path path) {
    return of(path, ReaderOptions.defaults());
  }

  /**
   * One line per event: kind, session renamed A, B, … in order of appearance, batch size, SQL and
   * parameters; what the rules depend on, without ids or times that vary from run to run.
   */
  public List<String> shapes() {
    Map<String, String> sessions = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      String session = sessions.computeIfAbsent(e.session(),
          s -> String.valueOf((char) ('A' + sessions.size())));
      StringBuilder line = new StringBuilder(e.kind().name()).append(' ').append(session);
      if (e.kind() == EventKind.BATCH) {
        line.append(" x").append(e.batchSize());
      }
      if (e.sql() != null) {
        line.append(" | ").append(e.sql());
      }
      if (e.kind() == EventKind.STATEMENT) {
        line.append(" | ").append(e.params());
      }
      out.add(line.toString());
    }
    return out;
  }
}
