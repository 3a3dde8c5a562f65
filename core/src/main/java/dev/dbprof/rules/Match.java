package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.Shape;
import dev.dbprof.model.UnitOfWork;
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
 * @param evidence how sure the rule is that the occurrence is one piece of work; null lets the
 *     analysis grade it by its unit's boundary ({@link #unitEvidence}), or proven for a profile rule
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
    IndexAdvice index,
    Evidence evidence) {

  public Match(Rule rule, Shape shape, CallSite callSite, long occurrences, long savedNanos, String detail,
      String fix, List<Shape> related, int input, long line) {
    this(rule, shape, callSite, occurrences, savedNanos, detail, fix, related, input, line, null, null);
  }

  public Match(Rule rule, Shape shape, CallSite callSite, long occurrences, long savedNanos, String detail,
      String fix, List<Shape> related, int input, long line, IndexAdvice index) {
    this(rule, shape, callSite, occurrences, savedNanos, detail, fix, related, input, line, index, null);
  }

  /** The same match, graded. */
  public Match withEvidence(Evidence grade) {
    return new Match(rule, shape, callSite, occurrences, savedNanos, detail, fix, related, input, line, index, grade);
  }

  /**
   * The grade a unit's boundary alone gives a match whose rule says nothing more: proven when the
   * application marked the unit (marker, trace id), likely otherwise. Rules that can tell a merged
   * session apart from one request grade their matches themselves.
   */
  public static Evidence unitEvidence(UnitOfWork unit) {
    return unit.boundary().explicit() ? Evidence.PROVEN : Evidence.LIKELY;
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
