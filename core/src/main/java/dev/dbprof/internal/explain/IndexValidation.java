package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.ValidationMethod;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Costs each finding's index (hypothetically with HypoPG, or built in a trial) and decides
 * whether to suggest it; then a statement's findings that miss the bar alone are costed together.
 */
final class IndexValidation {

  private final DatabaseSession session;
  private final AdvisorOptions options;

  IndexValidation(DatabaseSession session, AdvisorOptions options) {
    this.session = session;
    this.options = options;
  }

  IndexAdvice validate(ScanFinding f, long deadline) {
    String indexName = session.indexName(f.table, f.columns);
    String ddl = session.createIndexDdl(f.table, indexName, f.columns);
    Plan before = f.before.plan();
    double costBefore = before.totalCost();
    String scanned = AdvisorTexts.scanned(f);
    DatabaseSession.Validation validation;
    if (System.nanoTime() > deadline) {
      validation = DatabaseSession.Validation.none(AdvisorTexts.BUDGET_SPENT);
    } else {
      try {
        validation = session.validate(f.stmt,
            List.of(new DatabaseSession.ProposedIndex(f.table, indexName, f.columns)));
      } catch (SQLException | RuntimeException e) {
        validation = DatabaseSession.Validation.none(AdvisorTexts.validationFailed(e));
      }
    }
    if (validation.after() == null) {
      boolean suggested = f.selective;
      String reason = AdvisorTexts.notValidated(scanned, validation.problem(), suggested);
      return new IndexAdvice(f.candidate.queryId(), f.table.qualifiedName(), f.columns, ddl,
          costBefore, Double.NaN, ValidationMethod.NONE, f.before.planSource(), f.rowsExamined, suggested, reason);
    }
    double costAfter = validation.after().totalCost();
    double saved = costBefore > 0 ? 1 - costAfter / costBefore : 0;
    boolean suggested;
    String reason;
    String costs = AdvisorTexts.costs(costBefore, costAfter, before.costIsRows());
    if (validation.problem() != null) {
      suggested = false;
      reason = AdvisorTexts.problem(scanned, validation.problem(), costs);
    } else if (saved >= options.minCostSaving()) {
      suggested = true;
      reason = AdvisorTexts.worthIt(scanned, costs);
    } else {
      suggested = false;
      reason = AdvisorTexts.belowTheBar(scanned, costs, options.minCostSaving());
    }
    return new IndexAdvice(f.candidate.queryId(), f.table.qualifiedName(), f.columns, ddl,
        costBefore, costAfter, validation.method(), f.before.planSource(), f.rowsExamined,
        suggested, reason);
  }

  /**
   * A join can need an index on each side before either pays off: when a statement has several
   * findings and one alone misses the bar, cost them all together and suggest them as a set.
   */
  void validateTogether(List<ScanFinding> findings, List<IndexAdvice> advice, long deadline) {
    int start = 0;
    while (start < findings.size()) {
      int end = start + 1;
      while (end < findings.size() && findings.get(end).candidate == findings.get(start).candidate) {
        end++;
      }
      List<IndexAdvice> group = advice.subList(start, end);
      boolean worthTrying = group.size() >= 2
          && group.stream().noneMatch(a -> a.validated() == ValidationMethod.NONE)
          && group.stream().anyMatch(a -> !a.suggested())
          && System.nanoTime() <= deadline;
      if (worthTrying) {
        List<ScanFinding> members = findings.subList(start, end);
        List<DatabaseSession.ProposedIndex> indexes = new ArrayList<>();
        for (ScanFinding f : members) {
          indexes.add(new DatabaseSession.ProposedIndex(f.table, session.indexName(f.table, f.columns), f.columns));
        }
        try {
          DatabaseSession.Validation together = session.validate(members.get(0).stmt, indexes);
          double before = members.get(0).before.plan().totalCost();
          if (together.after() != null && together.problem() == null && before > 0
              && 1 - together.after().totalCost() / before >= options.minCostSaving()) {
            for (int k = 0; k < group.size(); k++) {
              IndexAdvice a = group.get(k);
              if (!a.suggested()) {
                group.set(k, suggestedTogether(a, members.get(k), indexes, together));
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          // the single-index verdicts stand
        }
      }
      start = end;
    }
  }

  private IndexAdvice suggestedTogether(IndexAdvice alone, ScanFinding f,
      List<DatabaseSession.ProposedIndex> indexes, DatabaseSession.Validation together) {
    double before = f.before.plan().totalCost();
    double after = together.after().totalCost();
    List<String> others = new ArrayList<>();
    for (DatabaseSession.ProposedIndex index : indexes) {
      if (!index.table().equals(f.table)) {
        others.add(index.name());
      }
    }
    String reason = AdvisorTexts.together(AdvisorTexts.scanned(f), others,
        AdvisorTexts.costs(before, after, f.before.plan().costIsRows()));
    return new IndexAdvice(alone.queryId(), alone.table(), alone.columns(), alone.ddl(), before, after,
        together.method(), alone.planSource(), alone.rowsExamined(), true, reason);
  }
}
