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
import java.util.Set;

/**
 * A query run once per row of a preceding query, or once per key known in code. Sentry's structure:
 * a source SELECT, then at least {@code minRepeats} executions of one other SELECT shape with
 * different parameters in the same unit of work, counted across the unit's transactions; grouped by
 * call site where known. Prosopite's: the same run with no source query is a loop too when one call
 * site issued it with differing values, or when it is one tight burst (nothing else between the runs
 * but their own transaction statements). An IN-list or array-parameter ({@code = any (?)},
 * {@code unnest(?)}) batch fetch is not a loop, nor are the pages of a walk through a table;
 * interleaved loops (per row: fetch pet, then type, then owner) are one multi-query loop.
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
      "Fewest executions of one SELECT shape with different values in one unit of work that make a loop.");

  /** Fraction of iterations in which a second shape must sit between two runs of the first. */
  private static final double INTERLEAVED = 0.8;

  /** A repeated SELECT: its runs' positions in the unit, and the query whose rows drive it (null: none). */
  private record Loop(Shape shape, CallSite site, List<Integer> positions, Shape source) {}

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
    Map<RuleEvidence.Place, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (isLoopCandidate(e)) {
        groups.computeIfAbsent(new RuleEvidence.Place(e.shape(), e.callSite()), k -> new ArrayList<>()).add(i);
      }
    }
    List<Loop> loops = new ArrayList<>();
    for (Map.Entry<RuleEvidence.Place, List<Integer>> group : groups.entrySet()) {
      if (group.getValue().size() < minRepeats) {
        continue;
      }
      Shape shape = group.getKey().shape();
      for (List<Integer> positions : List.of(group.getValue())) { // the unit is the request: no cutting here
        if (positions.size() < minRepeats || !differentParameters(positions, executions)) {
          continue;
        }
        Shape source = source(shape, positions, executions);
        Loop loop = new Loop(shape, group.getKey().site(), positions, source);
        if (source != null ? !(isPageOfAWalk(shape) && countsRows(source)) : loopWithoutSource(loop, executions)) {
          loops.add(loop);
        }
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
        && !RuleEvidence.pageOfAWalk(e.shape()); // a page of a walk, not a parent's row
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
  private static boolean differentParameters(List<Integer> positions, List<Execution> executions) {
    Set<String> seen = new HashSet<>();
    for (int position : positions) {
      String key = executions.get(position).paramsKey();
      if (key == null || seen.add(key) && seen.size() > 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * The nearest earlier SELECT of another shape that reads a table: the query whose rows drive the
   * loop. The unit of work is one request (the engine cut it by its rhythm), so the search goes
   * back to its start.
   */
  private static Shape source(Shape repeated, List<Integer> positions, List<Execution> executions) {
    for (int i = positions.get(0) - 1; i >= 0; i--) {
      Shape shape = executions.get(i).shape();
      if (shape != repeated && shape.kind() == StatementKind.SELECT && RuleEvidence.touchesTable(shape)
          && !RuleEvidence.readsCatalog(shape)) {
        return shape;
      }
    }
    return null;
  }

  /**
   * A loop over keys known in code ({@code for id in ids: Model.objects.get(pk=id)}): one call site
   * with provably different values, or one tight burst of runs with nothing else between them but
   * their own transaction statements. Keyset pages and catalogue look-ups are no such loop.
   */
  private static boolean loopWithoutSource(Loop loop, List<Execution> executions) {
    if (isKeysetPage(loop.shape()) || RuleEvidence.readsCatalog(loop.shape())) {
      return false;
    }
    List<Integer> positions = loop.positions();
    if (loop.site() != null && RuleEvidence.provablyDifferent(runs(loop, executions))) {
      return true;
    }
    for (int k = 1; k < positions.size(); k++) {
      for (int i = positions.get(k - 1) + 1; i < positions.get(k); i++) {
        if (!RuleEvidence.transactionStatement(executions.get(i))) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code WHERE id > ? ORDER BY id LIMIT n}: a walk by key, the fix for offset pagination. */
  private static boolean isKeysetPage(Shape shape) {
    return shape.facts() != null && shape.facts().hasLimit() && !shape.facts().rangeColumns().isEmpty()
        && !shape.facts().orderColumns().isEmpty();
  }

  private static List<Execution> runs(Loop loop, List<Execution> executions) {
    List<Execution> runs = new ArrayList<>(loop.positions().size());
    for (int position : loop.positions()) {
      runs.add(executions.get(position));
    }
    return runs;
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
      List<Execution> runs = runs(member, executions);
      occurrences += runs.size();
      saved += RuleEvidence.allButOne(runs);
      if (member != leader) {
        related.add(member.shape());
      }
    }
    List<Execution> leaderRuns = runs(leader, executions);
    Shape source = leader.source();
    RuleEvidence.OwnTransactions own = RuleEvidence.ownTransactions(leader.positions(), executions);
    String after = source == null ? " with different values and no source query" : " after `" + RuleEvidence.brief(source) + "`";
    String transactions = own == null ? "" : own.evidence();
    String detail = members.size() == 1
        ? leader.positions().size() + " × `" + RuleEvidence.brief(leader.shape()) + "`" + after + transactions
            + ", in one unit of work"
        : "a loop of " + members.size() + " queries repeated " + leader.positions().size() + " times" + after
            + transactions + ": " + String.join(", ",
                members.stream().map(m -> "`" + RuleEvidence.brief(m.shape()) + "`").toList());
    String fix = source == null ? Fixes.fetchByKeys(leader.shape()) : Fixes.nPlusOne(leader.shape());
    if (own != null) {
      saved += own.savedNanos();
      fix = Fixes.oneTransaction(leader.shape(), fix);
    }
    return new Match(this, leader.shape(), leader.site(), occurrences, saved, detail, fix, List.copyOf(related),
        unit.input(), leaderRuns.get(0).line(), null, RuleEvidence.loopGrade(unit, leaderRuns, source != null));
  }
}
