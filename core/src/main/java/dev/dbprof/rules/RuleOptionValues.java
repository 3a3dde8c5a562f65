package dev.dbprof.rules;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of every declared rule option for one analysis, parsed and checked once at start-up;
 * rules read them per unit of work with {@link RuleContext#get}, without parsing anything.
 */
public final class RuleOptionValues {

  private static final RuleOptionValues DEFAULTS = new RuleOptionValues(new IdentityHashMap<>());

  /** Only the options set; every other one has its declared default. */
  private final IdentityHashMap<RuleOption<?>, Number> values;

  private RuleOptionValues(IdentityHashMap<RuleOption<?>, Number> values) {
    this.values = values;
  }

  public static RuleOptionValues defaults() {
    return DEFAULTS;
  }

  /**
   * Parses options keyed {@code <rule-id>.<name>} (a rule's former id works too).
   *
   * @throws IllegalArgumentException one sentence naming the key and what is wrong with it
   */
  public static RuleOptionValues resolve(Map<String, String> byKey) {
    if (byKey.isEmpty()) {
      return DEFAULTS;
    }
    IdentityHashMap<RuleOption<?>, Number> values = new IdentityHashMap<>();
    for (Map.Entry<String, String> entry : byKey.entrySet()) {
      String key = entry.getKey();
      int dot = key.indexOf('.');
      Rule rule = dot <= 0 ? null : BuiltinRules.byId(key.substring(0, dot)).orElse(null);
      if (rule == null) {
        throw new IllegalArgumentException("Rule option " + key + " names no rule; 'dbprof rules' lists them.");
      }
      try {
        RuleOption<?> option = declared(rule, key.substring(dot + 1));
        values.put(option, option.parse(entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(sentence("Rule option " + key, e), e);
      }
    }
    return new RuleOptionValues(values);
  }

  /**
   * The option {@code rule} declares under {@code name}.
   *
   * @throws IllegalArgumentException with the problem as the end of a sentence about the name, e.g.
   *     "is not an option of n-plus-one; did you mean minRepeats?"
   */
  public static RuleOption<?> declared(Rule rule, String name) {
    List<RuleOption<?>> options = rule.options();
    for (RuleOption<?> option : options) {
      if (option.name().equals(name)) {
        return option;
      }
    }
    String problem = "is not an option of " + rule.id();
    if (options.isEmpty()) {
      throw new IllegalArgumentException(problem + ", which has no options");
    }
    List<String> names = options.stream().map(RuleOption::name).toList();
    throw new IllegalArgumentException(NearestName.of(name, names)
        .map(nearest -> problem + "; did you mean " + nearest + "?")
        .orElse(problem + " (its options: " + String.join(", ", names) + ")"));
  }

  /** The whole sentence about an option: its {@code subject}, then the problem {@link #declared} or {@link RuleOption#parse} found. */
  public static String sentence(String subject, IllegalArgumentException problem) {
    String text = subject + " " + problem.getMessage();
    return text.endsWith("?") ? text : text + ".";
  }

  /** The value in force: the one set, else the declared default. */
  <T extends Number> T get(RuleOption<T> option) {
    @SuppressWarnings("unchecked") // put() stored option.parse(…), a T
    T value = (T) values.get(option);
    return value == null ? option.defaultValue() : value;
  }
}
