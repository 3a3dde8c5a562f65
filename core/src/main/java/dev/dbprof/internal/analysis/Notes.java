package dev.dbprof.internal.analysis;

import dev.dbprof.model.Finding;
import dev.dbprof.model.InputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Plain sentences about what the inputs could not show, so nothing is guessed silently. */
final class Notes {

  private Notes() {}

  static List<String> about(List<InputFormat> inputs, List<Finding> findings) {
    List<String> notes = new ArrayList<>();
    String noBatches = formats(inputs, f -> !f.knowsBatches());
    if (!noBatches.isEmpty()) {
      notes.add("A server log cannot tell a JDBC batch from single statements (" + noBatches
          + "): unbatched-writes counts every row the server executed one by one.");
    }
    String noSites = formats(inputs, f -> !f.knowsCallSites());
    if (!noSites.isEmpty() && !findings.isEmpty()) {
      notes.add("Call sites are unknown for " + noSites
          + " inputs: capture with jdbc:dbprof: to see the line of code behind each finding.");
    }
    String noDurations = formats(inputs, f -> !f.knowsDurations());
    if (!noDurations.isEmpty()) {
      notes.add(noDurations + " inputs carry no durations: time saved is estimated only where a duration is known.");
    }
    return List.copyOf(notes);
  }

  private static String formats(List<InputFormat> inputs, Predicate<InputFormat> lacking) {
    TreeSet<String> ids = new TreeSet<>();
    for (InputFormat input : inputs) {
      if (input != null && lacking.test(input)) {
        ids.add(input.id());
      }
    }
    return String.join(", ", ids);
  }
}
