package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A walk through a table by {@code LIMIT n OFFSET m} pages: at least {@code minPages} executions of
 * one SELECT shape that skips rows (or a limited, ordered read of a whole table, whose first page
 * has no OFFSET), with different values (the offsets), in one unit of work.
 * Django's {@code Paginator}, kaminari, {@code findAll({ offset })}: each deeper page makes the
 * database read and throw away every earlier row, so the walk costs the square of its length.
 */
@RuleInfo(
    id = "offset-pagination",
    severity = Severity.INFO,
    title = "Table walked page by page with OFFSET",
    explanation = "Every page of `LIMIT n OFFSET m` makes the database find and skip the m rows before it,"
        + " so deep pages cost more and more and a walk through the whole table reads it about"
        + " pages²/2 times. Paging by the last key seen reads each page straight from the index.",
    fix = "Page by key instead of by offset: `WHERE id > ? ORDER BY id LIMIT n` with the last id of the"
        + " previous page.")
final class OffsetPagination implements UnitRule {

  static final RuleOption<Integer> MIN_PAGES = RuleOption.wholeNumber("minPages", 5, 2,
      UnitOfWork.DEFAULT_MAX_EXECUTIONS,
      "Fewest OFFSET pages of one SELECT shape with different offsets in one unit of work that make a walk.");

  /** How much slower the last page must be than the first for the evidence to say so. */
  private static final double NOTABLE_GROWTH = 1.2;

  private record Walk(Shape shape, CallSite site, List<Execution> pages) {}

  private static boolean page(Execution e) {
    return e.shape().kind() == StatementKind.SELECT && !e.isBatch() && !e.failed()
        && RuleEvidence.pageOfAWalk(e.shape()) && RuleEvidence.touchesTable(e.shape());
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MIN_PAGES);
  }

  @Override
  public void check(UnitOfWork unit, RuleContext context, Matches matches) {
    int minPages = context.get(MIN_PAGES);
    if (RuleEvidence.count(unit.executions(), OffsetPagination::page) < minPages) {
      return;
    }
    List<Execution> executions = unit.executions();
    Map<RuleEvidence.Place, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (page(e)) {
        groups.computeIfAbsent(new RuleEvidence.Place(e.shape(), e.callSite()), k -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<RuleEvidence.Place, List<Integer>> group : groups.entrySet()) {
      if (group.getValue().size() < minPages) {
        continue;
      }
      for (List<Integer> positions : List.of(group.getValue())) { // the unit is the request: no cutting here
        List<Execution> pages = positions.stream().map(executions::get).toList();
        if (pages.size() < minPages || allEqual(pages)) {
          continue; // the same page again is duplicate-query's business
        }
        Walk walk = new Walk(group.getKey().shape(), group.getKey().site(), pages);
        matches.report(new Match(this, walk.shape(), walk.site(), pages.size(), deepPagesCost(pages),
            detail(walk), Fixes.keysetPagination(walk.shape()), List.of(), unit.input(), pages.get(0).line(), null,
            RuleEvidence.loopGrade(unit, pages, true)));
      }
    }
  }

  /** Provably the same values every time; unknown values count as different pages. */
  private static boolean allEqual(List<Execution> pages) {
    String first = pages.get(0).paramsKey();
    for (Execution e : pages) {
      if (e.paramsKey() == null || !e.paramsKey().equals(first)) {
        return false;
      }
    }
    return true;
  }

  /** What the pages cost beyond the first one each: the price of skipping, which keyset pages do not pay. */
  private static long deepPagesCost(List<Execution> pages) {
    Execution first = pages.get(0);
    if (!first.timed()) {
      return 0;
    }
    long extra = 0;
    for (Execution e : pages.subList(1, pages.size())) {
      if (e.timed() && e.elapsedNanos() > first.elapsedNanos()) {
        extra += e.elapsedNanos() - first.elapsedNanos();
      }
    }
    return extra;
  }

  private static String detail(Walk walk) {
    List<Execution> pages = walk.pages();
    Execution first = pages.get(0);
    Execution last = pages.get(pages.size() - 1);
    double growth = first.timed() && last.timed() && first.elapsedNanos() > 0
        ? (double) last.elapsedNanos() / first.elapsedNanos() : 0;
    String slower = growth >= NOTABLE_GROWTH ? String.format(Locale.ROOT, "; the last page took %.1f× the first", growth) : "";
    return pages.size() + " pages of `" + RuleEvidence.brief(walk.shape()) + "` with different offsets" + slower
        + ", in one unit of work";
  }
}
