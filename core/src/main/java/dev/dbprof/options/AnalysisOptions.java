package dev.dbprof.options;

import dev.dbprof.model.PlanAdvisor;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import java.util.List;
import java.util.Map;

/**
 * How to analyze.
 *
 * @param rules the rules to run
 * @param ruleOptions per-rule options, keys {@code <rule-id>.<name>} (e.g. {@code n-plus-one.minRepeats})
 * @param idleGapMicros a session quiet this long ends its unit of work
 * @param maxUnitExecutions a unit of work longer than this is cut (bounds memory)
 * @param version dbprof's version, for the report
 * @param advisor the index advisor ({@code --explain-url}), or null: then no database is touched
 * @param explainTop how many shapes, by total time, the advisor is asked about (besides every N+1 query)
 * @param maxFingerprints distinct shapes kept at most; past it the least useful are folded into "other"
 */
public record AnalysisOptions(List<Rule> rules, Map<String, String> ruleOptions, long idleGapMicros,
    int maxUnitExecutions, String version, PlanAdvisor advisor, int explainTop, int maxFingerprints) {

  public static final long DEFAULT_IDLE_GAP_MICROS = 1_000_000;
  public static final int DEFAULT_MAX_UNIT_EXECUTIONS = UnitOfWork.DEFAULT_MAX_EXECUTIONS;
  public static final int DEFAULT_EXPLAIN_TOP = 20;
  /**
   * Measured: a run that keeps 20,000 short shapes fits in a 48 MB heap; real shapes have longer
   * texts and more facts, and the launcher's heap is 400 MB, which leaves room for them.
   */
  public static final int DEFAULT_MAX_FINGERPRINTS = 20_000;
  /** Folding keeps half of the cap, so fewer than this would keep next to nothing. */
  public static final int MIN_MAX_FINGERPRINTS = 2;

  public static AnalysisOptions defaults(String version) {
    return new AnalysisOptions(BuiltinRules.all(), Map.of(), DEFAULT_IDLE_GAP_MICROS,
        DEFAULT_MAX_UNIT_EXECUTIONS, version, null, DEFAULT_EXPLAIN_TOP, DEFAULT_MAX_FINGERPRINTS);
  }

  public AnalysisOptions withRuleOptions(Map<String, String> options) {
    return new AnalysisOptions(rules, options, idleGapMicros, maxUnitExecutions, version, advisor, explainTop, maxFingerprints);
  }

  public AnalysisOptions withRules(List<Rule> selected) {
    return new AnalysisOptions(selected, ruleOptions, idleGapMicros, maxUnitExecutions, version, advisor, explainTop, maxFingerprints);
  }

  public AnalysisOptions withIdleGapMicros(long micros) {
    return new AnalysisOptions(rules, ruleOptions, micros, maxUnitExecutions, version, advisor, explainTop, maxFingerprints);
  }

  public AnalysisOptions withAdvisor(PlanAdvisor planAdvisor, int top) {
    return new AnalysisOptions(rules, ruleOptions, idleGapMicros, maxUnitExecutions, version, planAdvisor, top, maxFingerprints);
  }

  public AnalysisOptions withMaxFingerprints(int max) {
    return new AnalysisOptions(rules, ruleOptions, idleGapMicros, maxUnitExecutions, version, advisor, explainTop, max);
  }
}
