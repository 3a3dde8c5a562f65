package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import java.util.List;
import java.util.function.Predicate;

/** Small shared helpers for rule evidence. */
final class RuleEvidence {

  private static final int SHORT = 90;

  /** A statement shape issued from one place in the code (the site may be unknown). */
  record Place(Shape shape, CallSite site) {}

  private RuleEvidence() {}

  /** A fingerprint cut to one readable line. */
  static String brief(Shape shape) {
    String text = shape.fingerprint();
    return text.length() <= SHORT ? text : text.substring(0, SHORT - 1) + "…";
  }

  /** Whether a shape reads or writes a table (so {@code select 1} and {@code set …} are left alone). */
  static boolean touchesTable(Shape shape) {
    StatementFacts facts = shape.facts();
    if (facts != null && !facts.tables().isEmpty()) {
      return true;
    }
    String text = shape.fingerprint();
    return text.contains(" from ") || text.contains("into ") || text.startsWith("update ");
  }

  /** The time a group of executions took, less the slowest one: what one round trip instead of n saves. */
  /** How many executions pass {@code test}: a rule's cheap first look before it builds anything. */
  static int count(List<Execution> executions, Predicate<Execution> test) {
    int count = 0;
    for (Execution e : executions) {
      if (test.test(e)) {
        count++;
      }
    }
    return count;
  }

  static long allButOne(List<Execution> executions) {
    long total = 0;
    long max = 0;
    for (Execution e : executions) {
      if (e.timed()) {
        total += e.elapsedNanos();
        max = Math.max(max, e.elapsedNanos());
      }
    }
    return total - max;
  }

  static long total(List<Execution> executions) {
    long total = 0;
    for (Execution e : executions) {
      if (e.timed()) {
        total += e.elapsedNanos();
      }
    }
    return total;
  }
}
