package dev.dbprof.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a renderer needs, in ranked order. Immutable.
 *
 * @param version dbprof's version
 * @param summary what was read
 * @param findings ranked fixes, most valuable first
 * @param queries the query profile, by total time
 * @param notes plain statements about what the inputs could not show (e.g. "server logs cannot
 *     tell JDBC batches from single statements")
 * @param units a bounded sample of the busiest units of work, for the HTML timeline
 * @param review what the CI policy made of the findings (threshold, suppressions, baseline); null
 *     before a policy was applied
 * @param rules every rule the analysis knew, by id, so that renderers need not know the rule set
 */
public record Report(String version, Summary summary, List<Finding> findings, List<QueryRow> queries,
    List<String> notes, List<UnitSample> units, Review review, List<RuleDescription> rules) {

  public static final String SCHEMA = "dbprof-report/1";

  public Report {
    findings = List.copyOf(findings);
    queries = List.copyOf(queries);
    notes = List.copyOf(notes);
    units = List.copyOf(units);
    rules = List.copyOf(rules);
  }

  public Report(String version, Summary summary, List<Finding> findings, List<QueryRow> queries, List<String> notes) {
    this(version, summary, findings, queries, notes, List.of(), null, List.of());
  }

  public Report withFindings(List<Finding> ranked) {
    return new Report(version, summary, ranked, queries, notes, units, review, rules);
  }

  public Report withUnits(List<UnitSample> sample) {
    return new Report(version, summary, findings, queries, notes, sample, review, rules);
  }

  public Report withReview(Review applied) {
    return new Report(version, summary, findings, queries, notes, units, applied, rules);
  }

  public Report withRules(List<RuleDescription> known) {
    return new Report(version, summary, findings, queries, notes, units, review, known);
  }

  /** The review in force: the one applied, else the default ({@code --fail-on error}, no baseline). */
  public Review effectiveReview() {
    return review == null ? Review.DEFAULT : review;
  }

  /** The findings that make the run fail, in rank order. */
  public List<Finding> failing() {
    Review in = effectiveReview();
    List<Finding> failing = new ArrayList<>();
    for (Finding f : findings) {
      if (in.fails(f)) {
        failing.add(f);
      }
    }
    return failing;
  }
}
