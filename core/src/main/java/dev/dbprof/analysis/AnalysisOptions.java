package dev.dbprof.analysis;

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
 */
public record AnalysisOptions(List<Rule> rules, Map<String, String> ruleOptions, long idleGapMicros,
    int maxUnitExecutions, String version) {

  public static final long DEFAULT_IDLE_GAP_MICROS = 1_000_000;
  public static final int DEFAULT_MAX_UNIT_EXECUTIONS = 10_000;

  public static AnalysisOptions defaults(String version) {
    return new AnalysisOptions(BuiltinRules.all(), Map.of(), DEFAULT_IDLE_GAP_MICROS,
        DEFAULT_MAX_UNIT_EXECUTIONS, version);
  }

  public AnalysisOptions withRuleOptions(Map<String, String> options) {
    return new AnalysisOptions(rules, options, idleGapMicros, maxUnitExecutions, version);
  }

  public AnalysisOptions withRules(List<Rule> selected) {
    return new AnalysisOptions(selected, ruleOptions, idleGapMicros, maxUnitExecutions, version);
  }

  public AnalysisOptions withIdleGapMicros(long micros) {
    return new AnalysisOptions(rules, ruleOptions, micros, maxUnitExecutions, version);
  }
}
