package dev.dbprof.analysis;

import dev.dbprof.explain.PlanAdvisor;
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
 */
public record AnalysisOptions(List<Rule> rules, Map<String, String> ruleOptions, long idleGapMicros,
    int maxUnitExecutions, String version, PlanAdvisor advisor, int explainTop) {

  public static final long DEFAULT_IDLE_GAP_MICROS = 1_000_000;
  public static final int DEFAULT_MAX_UNIT_EXECUTIONS = 10_000;
  public static final int DEFAULT_EXPLAIN_TOP = 20;

  public static AnalysisOptions defaults(String version) {
    return new AnalysisOptions(BuiltinRules.all(), Map.of(), DEFAULT_IDLE_GAP_MICROS,
        DEFAULT_MAX_UNIT_EXECUTIONS, version, null, DEFAULT_EXPLAIN_TOP);
  }

  public AnalysisOptions withRuleOptions(Map<String, String> options) {
    return new AnalysisOptions(rules, options, idleGapMicros, maxUnitExecutions, version, advisor, explainTop);
  }

  public AnalysisOptions withRules(List<Rule> selected) {
    return new AnalysisOptions(selected, ruleOptions, idleGapMicros, maxUnitExecutions, version, advisor, explainTop);
  }

  public AnalysisOptions withIdleGapMicros(long micros) {
    return new AnalysisOptions(rules, ruleOptions, micros, maxUnitExecutions, version, advisor, explainTop);
  }

  public AnalysisOptions withAdvisor(PlanAdvisor planAdvisor, int top) {
    return new AnalysisOptions(rules, ruleOptions, idleGapMicros, maxUnitExecutions, version, planAdvisor, top);
  }
}
