package dev.dbprof.model;

import java.util.List;

/**
 * One ranked fix. The JSON report's {@code findings[]} entries, field for field.
 *
 * @param rule rule id
 * @param severity severity
 * @param key stable identity (rule, query id, call site) for baselines and SARIF
 * @param title one line
 * @param detail the evidence, one line
 * @param fingerprint the statement shape the fix applies to (null for workload-wide findings)
 * @param queryId its id
 * @param tables tables it touches
 * @param columns columns involved (filtered, joined, or indexed)
 * @param occurrences executions involved, summed over units of work
 * @param unitsOfWork in how many units of work it occurred
 * @param estimatedSavingsMs estimated database time the fix saves
 * @param fix what to change
 * @param callSite where the application issued it, when known
 * @param index the suggested index ({@code missing-index} only)
 * @param related query ids of the other statements of a multi-query loop
 * @param location input path and line of the first occurrence, for reports that point into a log
 * @param evidence how sure the finding is (the strongest grade of the units it was seen in); its
 *     severity is already lowered for {@link Evidence#SUSPECT}
 */
public record Finding(
    String rule,
    Severity severity,
    String key,
    String title,
    String detail,
    String fingerprint,
    String queryId,
    List<String> tables,
    List<String> columns,
    long occurrences,
    long unitsOfWork,
    double estimatedSavingsMs,
    String fix,
    CallSite callSite,
    IndexAdvice index,
    List<String> related,
    Location location,
    Evidence evidence) {

  /** A finding as before grades existed: proven. */
  public Finding(String rule, Severity severity, String key, String title, String detail, String fingerprint,
      String queryId, List<String> tables, List<String> columns, long occurrences, long unitsOfWork,
      double estimatedSavingsMs, String fix, CallSite callSite, IndexAdvice index, List<String> related,
      Location location) {
    this(rule, severity, key, title, detail, fingerprint, queryId, tables, columns, occurrences, unitsOfWork,
        estimatedSavingsMs, fix, callSite, index, related, location, Evidence.PROVEN);
  }

  /** A place in an input file. */
  public record Location(String path, long line) {}
}
