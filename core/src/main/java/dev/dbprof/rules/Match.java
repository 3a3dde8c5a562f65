package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.Shape;
import java.util.List;

/**
 * One occurrence of a rule's pattern, as a rule reports it; matches with the same key are merged
 * into one finding across units of work.
 *
 * @param rule the rule that matched
 * @param shape the statement shape the fix applies to (null for workload-wide findings)
 * @param callSite where the application issued it, when known
 * @param occurrences executions involved (e.g. the loop's iterations)
 * @param savedNanos estimated time the fix saves for this occurrence (0 when durations are unknown)
 * @param detail one line of evidence ("20 × … after select … from customers")
 * @param fix the fix, specific to the ORM and driver where the rule can tell; null for the rule's default
 * @param related other shapes involved (a multi-query loop's other statements)
 * @param input input index of the first execution
 * @param line input line of the first execution
 * @param index the index that would serve the statement ({@code missing-index} only)
 */
public record Match(
    Rule rule,
    Shape shape,
    CallSite callSite,
    long occurrences,
    long savedNanos,
    String detail,
    String fix,
    List<Shape> related,
    int input,
    long line,
    IndexAdvice index) {

  public Match(Rule rule, Shape shape, CallSite callSite, long occurrences, long savedNanos, String detail,
      String fix, List<Shape> related, int input, long line) {
    this(rule, shape, callSite, occurrences, savedNanos, detail, fix, related, input, line, null);
  }

  /** Stable identity: rule, query id and call site (class and method, never line numbers). */
  public String key() {
    StringBuilder key = new StringBuilder(rule.id()).append(':');
    key.append(shape == null ? "workload" : shape.queryId());
    if (callSite != null) {
      key.append(':').append(callSite.className()).append('.').append(callSite.method());
    }
    return key.toString();
  }
}
