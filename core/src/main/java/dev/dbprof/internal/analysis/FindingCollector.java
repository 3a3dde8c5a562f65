package dev.dbprof.internal.analysis;

import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.Finding;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.rules.Match;
import dev.dbprof.rules.RuleInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Merges matches with one key into one finding, and ranks the findings. */
final class FindingCollector {

  /** Savings first, then severity, then the key: the order the report promises. */
  static final Comparator<Finding> RANKING =
      Comparator.comparingDouble(Finding::estimatedSavingsMs).reversed()
          .thenComparing(Finding::severity)
          .thenComparing(Finding::key);

  private static final class Merged {
    final Match first;
    long occurrences;
    long savedNanos;
    long units;
    long lastUnit = -1;
    Evidence evidence;

    Merged(Match first) {
      this.first = first;
    }
  }

  private final Map<String, Merged> merged = new HashMap<>();
  private long unit;

  /** A match of a profile rule: measured over the whole workload, proven unless the rule says otherwise. */
  void add(Match match) {
    add(match, Evidence.PROVEN);
  }

  /**
   * A match, graded {@code ungraded} when its rule gave no grade. A finding merged over many units
   * keeps the strongest grade it was seen with: one proven loop proves the code path.
   */
  void add(Match match, Evidence ungraded) {
    if (match.shape() != null) {
      match.shape().inFinding(true);
    }
    for (Shape related : match.related()) {
      related.inFinding(true);
    }
    Merged m = merged.computeIfAbsent(match.key(), k -> new Merged(match));
    m.occurrences += match.occurrences();
    m.savedNanos += match.savedNanos();
    Evidence grade = match.evidence() == null ? ungraded : match.evidence();
    m.evidence = m.evidence == null ? grade : m.evidence.strongest(grade);
    if (m.lastUnit != unit) {
      m.lastUnit = unit;
      m.units++;
    }
  }

  /** The shapes of the matches of one rule so far (e.g. every N+1 loop's queries). */
  Set<Shape> shapesOf(String ruleId) {
    Set<Shape> shapes = new LinkedHashSet<>();
    merged.values().stream()
        .filter(m -> m.first.rule().id().equals(ruleId))
        .sorted(Comparator.comparing(m -> m.first.key()))
        .forEach(m -> {
          if (m.first.shape() != null) {
            shapes.add(m.first.shape());
          }
          shapes.addAll(m.first.related());
        });
    return shapes;
  }

  void endUnit() {
    unit++;
  }

  List<Finding> ranked(List<InputSummary> inputs) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Merged> entry : merged.entrySet()) {
      findings.add(finding(entry.getKey(), entry.getValue(), inputs));
    }
    findings.sort(RANKING);
    return List.copyOf(findings);
  }

  private static Finding finding(String key, Merged m, List<InputSummary> inputs) {
    Match match = m.first;
    RuleInfo info = match.rule().info();
    Shape shape = match.shape();
    StatementFacts facts = shape == null ? null : shape.facts();
    List<String> tables = facts == null ? List.of() : facts.tables();
    Set<String> columns = new LinkedHashSet<>();
    if (match.index() != null) {
      columns.addAll(match.index().columns());
    } else if (facts != null) {
      facts.equalityColumns().stream().map(ColumnRef::column).forEach(columns::add);
      facts.rangeColumns().stream().map(ColumnRef::column).forEach(columns::add);
    }
    Finding.Location location = match.input() >= 0 && match.input() < inputs.size() && match.line() > 0
        ? new Finding.Location(inputs.get(match.input()).path(), match.line())
        : null;
    return new Finding(info.id(), m.evidence.adjust(info.severity()), key, info.title(), match.detail(),
        shape == null ? null : shape.fingerprint(), shape == null ? null : shape.queryId(),
        tables, List.copyOf(columns), m.occurrences, m.units, m.savedNanos / 1e6,
        match.fix() == null ? info.fix() : match.fix(), match.callSite(), match.index(),
        match.related().stream().map(Shape::queryId).toList(), location, m.evidence);
  }
}
