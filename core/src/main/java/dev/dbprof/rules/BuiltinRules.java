package dev.dbprof.rules;

import dev.dbprof.model.RuleDescription;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every built-in rule, registered explicitly. Keep the list sorted by id. */
public final class BuiltinRules {

  private BuiltinRules() {}

  public static List<Rule> all() {
    return List.of(
        // keep-sorted start
        new ConnectionChurn(),
        new CountSubquery(),
        new DuplicateQuery(),
        new MissingIndex(),
        new NPlusOne(),
        new OffsetPagination(),
        new SlowQuery(),
        new StatementBudget(),
        new UnbatchedWrites()
        // keep-sorted end
        );
  }

  /**
   * The catalogue a report carries: every built-in rule, selected or not (SARIF and JUnit show an
   * unselected rule as passed), plus any other rule that ran; sorted by id.
   */
  public static List<RuleDescription> catalog(List<Rule> running) {
    Map<String, RuleDescription> byId = new LinkedHashMap<>();
    for (Rule rule : all()) {
      byId.put(rule.id(), rule.description());
    }
    for (Rule rule : running) {
      byId.putIfAbsent(rule.id(), rule.description());
    }
    return byId.values().stream().sorted(Comparator.comparing(RuleDescription::id)).toList();
  }

  /**
   * How an unknown rule id is answered, e.g. "unknown rule 'n-plus-on'; did you mean n-plus-one?
   * ('dbprof rules' lists them)".
   */
  public static String unknown(String id) {
    List<String> ids = all().stream().map(Rule::id).toList();
    return "unknown rule '" + id + "'; " + NearestName.of(id, ids)
        .map(nearest -> "did you mean " + nearest + "? ('dbprof rules' lists them)")
        .orElse("'dbprof rules' lists them");
  }

  /** Finds a rule by id or by one of its former ids. */
  public static Optional<Rule> byId(String id) {
    for (Rule rule : all()) {
      if (rule.id().equals(id) || List.of(rule.info().aliases()).contains(id)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
