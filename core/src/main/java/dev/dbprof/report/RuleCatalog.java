package dev.dbprof.report;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.RuleDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules a report speaks of: the catalogue it carries, plus any id a finding carries that is not in it. */
final class RuleCatalog {

  private RuleCatalog() {}

  static List<RuleDescription> of(Report report) {
    Map<String, RuleDescription> byId = new LinkedHashMap<>();
    for (RuleDescription rule : report.rules()) {
      byId.put(rule.id(), rule);
    }
    for (Finding f : report.findings()) {
      byId.putIfAbsent(f.rule(), new RuleDescription(f.rule(), f.severity(), f.title(), f.title(), f.fix()));
    }
    List<RuleDescription> entries = new ArrayList<>(byId.values());
    entries.sort(Comparator.comparing(RuleDescription::id));
    return entries;
  }
}
