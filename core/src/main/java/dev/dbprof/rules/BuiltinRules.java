package dev.dbprof.rules;

import java.util.List;
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
        new SlowQuery(),
        new StatementBudget(),
        new UnbatchedWrites()
        // keep-sorted end
        );
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
