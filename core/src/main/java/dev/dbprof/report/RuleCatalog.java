package dev.dbprof.report;

import dev.dbprof.model.Report;
import dev.dbprof.model.Finding;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import dev.dbprof.rules.RuleInfo;
import dev.dbprof.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules a report speaks of: every built-in rule, plus any id a finding carries that is not built in. */
final class RuleCatalog {

  /** What a renderer needs of a rule. */
  record Entry(String id, Severity severity, String title, String explanation, String fix) {}

  private RuleCatalog() {}

  static List<Entry> of(Report report) {
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (Rule rule : BuiltinRules.all()) {
      RuleInfo info = rule.info();
      byId.put(info.id(), new Entry(info.id(), info.severity(), info.title(), info.explanation(), info.fix()));
    }
    for (Finding f : report.findings()) {
      byId.putIfAbsent(f.rule(), new Entry(f.rule(), f.severity(), f.title(), f.title(), f.fix()));
    }
    List<Entry> entries = new ArrayList<>(byId.values());
    entries.sort(Comparator.comparing(Entry::id));
    return entries;
  }
}
