package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A query run once per row of a preceding query. Sentry's structure: a source SELECT, then at
 * least {@code minRepeats} executions of one other SELECT shape with different parameters in the
 * same unit of work; grouped by call site where known (Prosopite's evidence). An IN-list or
 * array-parameter ({@code = any (?)}, {@code unnest(?)}) batch fetch is not a loop, nor are the
 * pages of a walk through a table; interleaved loops (per row: fetch pet, then type, then owner)
 * are one multi-query loop.
 */
@RuleInfo(
    id = "n-plus-one",
    severity = Severity.ERROR,
    title = "Query repeated once per row (N+1)",
    explanation = "The application runs one query, then the same second query once for every row it"
        + " returned. Each execution is a round trip to the database, so the time grows with the number"
        + " of rows although one query could fetch everything.",
    fix = "Fetch the rows in one query: a JOIN or a single `WHERE … IN (…)` query.")
final class NPlusOne implements UnitRule {

  static final RuleOption<Integer> MIN_REPEATS = RuleOption.wholeNumber("minRepeats", 5, 2,
      UnitOfWork.DEFAULT_MAX_EXECUTIONS,
      "Fewest executions of one SELECT shape, after a source query in one unit of work, that make a loop.");

  /** Fraction of iterations in which a second shape must sit between two runs of the first. */
  private static final double INTERLEAVED = 0.8;

  private record Loop(Shape shape, CallSite site, List<Integer> positions) {}

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MIN_REPEATS);
  }

  @Override
  public void check(UnitOfWork unit, RuleContext context, Matches matches) {
    int minRepeats = context.get(MIN_REPEATS);
    List<Execution> executions = unit.executions();
    if (RuleEvidence.count(executions, NPlusOne::isLoopCandidate) < minRepeats) {
      return; // most units: fewer candidates than a loop needs
    }
    Map<RuleEvidence.Place, Loop> groups = new LinkedHashMap<>();
    for (int i = 0; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (isLoopCandidate(e)) {
        groups.computeIfAbsent(new RuleEvidence.Place(e.shape(), e.callSite()),
            k -> new Loop(e.shape(), e.callSite(), new ArrayList<>())).positions().add(i);
      }
    }
    List<Loop> loops = new ArrayList<>();
    for (Loop loop : groups.values()) {
      if (loop.positions().size() >= minRepeats && differentParameters(loop, executions)
          && source(loop, executions) != null) {
        loops.add(loop);
      }
    }
    Set<Loop> reported = new HashSet<>();
    for (Loop leader : loops) {
      if (reported.contains(leader)) {
        continue;
      }
      List<Loop> members = new ArrayList<>(List.of(leader));
      for (Loop other : loops) {
        if (other != leader && !reported.contains(other) && interleaved(leader, other)) {
          members.add(other);
        }
      }
      reported.addAll(members);
      matches.report(match(unit, leader, members, executions));
    }
  }

  private static boolean isLoopCandidate(Execution e) {
    return e.shape().kind() == StatementKind.SELECT && !e.isBatch() && e.longestInList() <= 1
        && RuleEvidence.touchesTable(e.shape()) && !fetchesKeysOfAnArray(e.shape().fingerprint())
        && !(e.shape().facts() != null && e.shape().facts().hasOffset()); // a page of a walk, not a parent's row
  }

  /**
   * {@code = any (?)}, {@code = ANY($1)} and {@code unnest(?)} take a whole array of keys in one
   * parameter: Hibernate 6's batch fetching on PostgreSQL, the fix this rule recommends.
   */
  static boolean fetchesKeysOfAnArray(String fingerprint) {
    return fingerprint.contains("any (?)") || fingerprint.contains("any(?)")
        || fingerprint.contains("unnest(?)") || fingerprint.contains("unnest (?)");
  }

  /** Unknown values count as different: only a loop of provably equal values is a duplicate instead. */
  private static boolean differentParameters(Loop loop, List<Execution> executions) {
    Set<String> seen = new HashSet<>();
    for (int position : loop.positions()) {
      String key = executions.get(position).paramsKey();
      if (key == null || seen.add(key) && seen.size() > 1) {
        return true;
      }
    }
    return false;
  }

  /** The nearest earlier SELECT of another shape: the query whose rows drive the loop. */
  private static Shape source(Loop loop, List<Execution> executions) {
    for (int i = loop.positions().get(0) - 1; i >= 0; i--) {
      Shape shape = executions.get(i).shape();
      if (shape != loop.shape() && shape.kind() == StatementKind.SELECT) {
        // a COUNT then LIMIT pages (Django's Paginator, kaminari): one row drives no loop over rows
        return isPageOfAWalk(loop.shape()) && countsRows(shape) ? null : shape;
      }
    }
    return null;
  }

  private static boolean isPageOfAWalk(Shape shape) {
    return shape.facts() != null && (shape.facts().hasLimit() || shape.facts().hasOffset());
  }

  private static boolean countsRows(Shape shape) {
    String text = shape.fingerprint();
    return text.startsWith("select count(") && !text.contains(" group by ");
  }

  /** Whether {@code other} runs once between consecutive runs of {@code leader}, iteration by iteration. */
  private static boolean interleaved(Loop leader, Loop other) {
    List<Integer> a = leader.positions();
    List<Integer> b = other.positions();
    if (b.get(0) < a.get(0) || Math.abs(a.size() - b.size()) > Math.max(1, a.size() / 10)) {
      return false;
    }
    int iterations = Math.min(a.size(), b.size());
    int inside = 0;
    for (int k = 0; k < iterations; k++) {
      int next = k + 1 < a.size() ? a.get(k + 1) : Integer.MAX_VALUE;
      if (b.get(k) > a.get(k) && b.get(k) < next) {
        inside++;
      }
    }
    return inside >= INTERLEAVED * iterations;
  }

  private Match match(UnitOfWork unit, Loop leader, List<Loop> members, List<Execution> executions) {
    long occurrences = 0;
    long saved = 0;
    List<Shape> related = new ArrayList<>();
    for (Loop member : members) {
      List<Execution> runs = new ArrayList<>(member.positions().size());
      for (int position : member.positions()) {
        runs.add(executions.get(position));
      }
      occurrences += runs.size();
      saved += RuleEvidence.allButOne(runs);
      if (member != leader) {
        related.add(member.shape());
      }
    }
    Execution first = executions.get(leader.positions().get(0));
    Shape source = Objects.requireNonNull(source(leader, executions));
    String detail = members.size() == 1
        ? leader.positions().size() + " × `" + RuleEvidence.brief(leader.shape()) + "` after `" + RuleEvidence.brief(source)
            + "`, in one unit of work"
        : "a loop of " + members.size() + " queries repeated " + leader.positions().size() + " times after `"
            + RuleEvidence.brief(source) + "`: " + String.join(", ",
                members.stream().map(m -> "`" + RuleEvidence.brief(m.shape()) + "`").toList());
    return new Match(this, leader.shape(), leader.site(), occurrences, saved, detail,
        Fixes.nPlusOne(leader.shape()), List.copyOf(related), unit.input(), first.line());
  }
}
