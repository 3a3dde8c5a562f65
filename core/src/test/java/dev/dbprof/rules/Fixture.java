package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.UnitTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a rule fixture file ({@code <rule-id>.cases}): a workload written in a tiny line
 * language, and the findings it must produce.
 *
 * <pre>
 * === violation: a loop over customers fetching orders one by one
 * options: n-plus-one.minRepeats=5
 * select * from customers
 * &#64;repeat 20
 * select * from orders where customer_id = ? | params={i} ms=1 site=shop.Shop.list:42
 * &#64;end
 * === expect
 * n-plus-one occurrences=20 units=1 query=select * from orders where customer_id = ? site=shop.Shop.list
 * </pre>
 *
 * Directives: {@code @session S}, {@code @thread T} (statements name their thread, as captures do;
 * {@code @thread -}: no thread, as server logs), {@code @commit [ms=N]}, {@code @rollback [ms=N]},
 * {@code @connect [ms=N]}, {@code @disconnect}, {@code @checkout}, {@code @checkin}, {@code @gap MS},
 * {@code @unit ID [NAME]} and {@code @endunit ID} (unit markers), {@code @trace ID} / {@code @tag TEXT}
 * / {@code @startup} (the unit tag of the statements that follow; {@code @untagged} ends it),
 * {@code @repeat N … @end} ({@code {i}} is the iteration).
 * Statement attributes after {@code |}: {@code params=}, {@code ms=}, {@code site=Class.method:line},
 * {@code batch=N}, {@code fail=SQLSTATE}, and {@code index=table(col,col):COST_BEFORE>COST_AFTER}: what
 * an index advisor would answer for this statement (see {@link CannedAdvisor}).
 */
public record Fixture(String file, String description, boolean violation, Map<String, String> options,
    List<Event> events, Map<String, String> indexes, List<String> expected) {

  @Override
  public String toString() {
    return file + ": " + description;
  }

  /** The events of a workload written in the line language (for tests of the engine itself). */
  public static List<Event> workload(String text) {
    return new Workload().events(List.of(text.split("\n")));
  }

  static List<Fixture> parse(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    List<Fixture> fixtures = new ArrayList<>();
    String file = path.getFileName().toString();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (!line.startsWith("=== ")) {
        i++;
        continue;
      }
      String description = line.substring(4).trim();
      boolean violation = description.startsWith("violation:");
      if (!violation && !description.startsWith("no violation:")) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": a case starts with 'violation:' or 'no violation:'");
      }
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("=== expect"); i++) {
        body.add(lines.get(i));
      }
      List<String> expected = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("=== "); i++) {
        String expect = lines.get(i).trim();
        if (!expect.isEmpty() && !expect.startsWith("#") && !expect.equals("(none)")) {
          expected.add(expect);
        }
      }
      Map<String, String> options = new LinkedHashMap<>();
      List<String> workload = new ArrayList<>();
      for (String b : body) {
        if (b.startsWith("options:")) {
          for (String option : b.substring(8).trim().split("\\s+")) {
            String[] kv = option.split("=", 2);
            options.put(kv[0], kv[1]);
          }
        } else {
          workload.add(b);
        }
      }
      Workload parsed = new Workload();
      List<Event> events = parsed.events(workload);
      fixtures.add(new Fixture(file, description, violation, options, events, parsed.indexes, expected));
    }
    return fixtures;
  }

  /** Turns the line language into events with a running clock. */
  private static final class Workload {
    long clockMicros = 1_700_000_000_000_000L;
    String session = "1";
    String thread;
    UnitTag tag;
    long lineNumber;
    final List<Event> events = new ArrayList<>();
    final Map<String, String> indexes = new LinkedHashMap<>();

    List<Event> events(List<String> lines) {
      run(lines, 0);
      return events;
    }

    private void run(List<String> lines, int iteration) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        lineNumber++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("@repeat ")) {
          int times = Integer.parseInt(line.substring(8).trim());
          int depth = 1;
          int end = i + 1;
          for (; end < lines.size(); end++) {
            String l = lines.get(end).strip();
            if (l.startsWith("@repeat ")) {
              depth++;
            } else if (l.equals("@end") && --depth == 0) {
              break;
            }
          }
          List<String> block = lines.subList(i + 1, end);
          for (int k = 1; k <= times; k++) {
            run(block, k);
          }
          i = end;
        } else if (line.startsWith("@")) {
          directive(line.replace("{i}", Integer.toString(iteration)));
        } else {
          statement(line.replace("{i}", Integer.toString(iteration)));
        }
      }
    }

    private void directive(String line) {
      String[] parts = line.split("\\s+");
      switch (parts[0]) {
        case "@session" -> session = parts[1];
        case "@gap" -> clockMicros += (long) (Double.parseDouble(parts[1]) * 1000);
        case "@thread" -> thread = parts[1].equals("-") ? null : parts[1];
        case "@commit" -> marker(EventKind.COMMIT, parts.length > 1 ? millis(parts[1]) : 0);
        case "@rollback" -> marker(EventKind.ROLLBACK, parts.length > 1 ? millis(parts[1]) : 0);
        case "@disconnect" -> marker(EventKind.DISCONNECT, 0);
        case "@checkout" -> marker(EventKind.CHECKOUT, 0);
        case "@checkin" -> marker(EventKind.CHECKIN, 0);
        case "@unit" -> unitMarker(EventKind.UNIT_BEGIN, new UnitTag(parts[1], parts.length > 2
            ? line.substring(line.indexOf(parts[2], line.indexOf(parts[1]) + parts[1].length())) : null,
            UnitTag.Source.MARKER));
        case "@endunit" -> unitMarker(EventKind.UNIT_END, new UnitTag(parts[1], null, UnitTag.Source.MARKER));
        case "@trace" -> tag = new UnitTag(parts[1], null, UnitTag.Source.TRACE);
        case "@tag" -> tag = new UnitTag(parts[1], null, UnitTag.Source.TAG);
        case "@startup" -> tag = new UnitTag("startup", null, UnitTag.Source.STARTUP);
        case "@untagged" -> tag = null;
        case "@connect" -> marker(EventKind.CONNECT,
            parts.length > 1 ? (long) (Double.parseDouble(parts[1].substring(3)) * 1e6) : Event.UNKNOWN);
        default -> throw new IllegalArgumentException("unknown directive " + line);
      }
    }

    private static long millis(String attribute) {
      return (long) (Double.parseDouble(attribute.substring(attribute.indexOf('=') + 1)) * 1e6);
    }

    private void marker(EventKind kind, long nanos) {
      events.add(new Event(kind, clockMicros, nanos, session, thread, null, null, 0, Event.UNKNOWN, null, null, null,
          lineNumber));
      clockMicros += Math.max(0, nanos) / 1000 + 10;
    }

    private void unitMarker(EventKind kind, UnitTag unit) {
      events.add(new Event(kind, clockMicros, Event.UNKNOWN, session, thread, null, null, 0, Event.UNKNOWN, null, null,
          unit, lineNumber));
    }

    private void statement(String line) {
      int bar = line.lastIndexOf(" | ");
      String sql = bar < 0 ? line : line.substring(0, bar).strip();
      Map<String, String> attributes = new LinkedHashMap<>();
      if (bar >= 0) {
        for (String attribute : line.substring(bar + 3).trim().split("\\s+")) {
          String[] kv = attribute.split("=", 2);
          attributes.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
      if (attributes.containsKey("index")) {
        indexes.put(sql, attributes.get("index"));
      }
      long nanos = attributes.containsKey("ms") ? (long) (Double.parseDouble(attributes.get("ms")) * 1e6) : 1_000_000;
      int batch = Integer.parseInt(attributes.getOrDefault("batch", "0"));
      events.add(new Event(batch > 0 ? EventKind.BATCH : EventKind.STATEMENT, clockMicros, nanos, session, thread,
          sql, attributes.get("params"), batch, Event.UNKNOWN, attributes.get("fail"), site(attributes.get("site")), tag,
          lineNumber));
      clockMicros += nanos / 1000 + 10;
    }

    private static CallSite site(String text) {
      if (text == null) {
        return null;
      }
      int colon = text.lastIndexOf(':');
      String qualified = colon < 0 ? text : text.substring(0, colon);
      int line = colon < 0 ? 0 : Integer.parseInt(text.substring(colon + 1));
      int dot = qualified.lastIndexOf('.');
      String className = qualified.substring(0, dot);
      String simple = className.substring(className.lastIndexOf('.') + 1);
      return new CallSite(className, qualified.substring(dot + 1), simple + ".java", line);
    }
  }
}
