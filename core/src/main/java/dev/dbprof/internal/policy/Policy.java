package dev.dbprof.internal.policy;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Severity;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import dev.dbprof.rules.RuleOptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CI policy: when to fail, per-rule options and severities, rules turned off, and accepted
 * findings. Loaded from {@code dbprof.yml} (see {@link PolicyFile}), then overridden by the
 * command line with the {@code with…} methods, then applied to a report.
 *
 * @param source where it came from: the file's path, or "defaults"
 * @param failOn the threshold; null when neither the file nor the command line set one
 * @param severities severity per rule id
 * @param disabled rule ids turned off
 * @param ruleOptions options, keys {@code <rule-id>.<option>}
 * @param suppressions accepted findings, each with its reason
 */
public record Policy(String source, FailOn failOn, Map<String, Severity> severities, Set<String> disabled,
    Map<String, String> ruleOptions, List<Suppression> suppressions) {

  /** The file looked for in the working directory. */
  public static final String FILE_NAME = "dbprof.yml";

  /** Savings first, then severity, then key: the analyzer's ranking, redone after severity overrides. */
  private static final Comparator<Finding> RANKING = Comparator.comparingDouble(Finding::estimatedSavingsMs).reversed()
      .thenComparing(Finding::severity)
      .thenComparing(Finding::key);

  public Policy {
    severities = Collections.unmodifiableMap(new TreeMap<>(severities));
    disabled = Collections.unmodifiableSet(new TreeSet<>(disabled));
    ruleOptions = Collections.unmodifiableMap(new TreeMap<>(ruleOptions));
    suppressions = List.copyOf(suppressions);
  }

  public static Policy defaults() {
    return new Policy("defaults", null, Map.of(), Set.of(), Map.of(), List.of());
  }

  /** Reads a policy file; a {@link PolicyException} names the file and the key that is wrong. */
  public static Policy load(Path file) {
    return PolicyFile.read(file);
  }

  /**
   * The policy in force: {@code explicit} when given (it must exist), else {@value #FILE_NAME} in
   * {@code workingDirectory} when there is one, else the defaults.
   */
  public static Policy discover(Path explicit, Path workingDirectory) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new PolicyException(explicit + ": no such policy file.");
      }
      return load(explicit);
    }
    Path found = workingDirectory.resolve(FILE_NAME);
    return Files.isRegularFile(found) ? load(found) : defaults();
  }

  /** {@code --fail-on}, when given, wins over the file. */
  public Policy withFailOn(FailOn value) {
    return value == null ? this : new Policy(source, value, severities, disabled, ruleOptions, suppressions);
  }

  /** {@code --set RULE.OPTION=VALUE} options win over the file's. */
  public Policy withRuleOptions(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(ruleOptions);
    for (Map.Entry<String, String> option : overrides.entrySet()) {
      String key = option.getKey();
      int dot = key.indexOf('.');
      if (dot <= 0 || dot == key.length() - 1) {
        throw new PolicyException("--set " + key + ": expected RULE.OPTION=VALUE, e.g. n-plus-one.minRepeats=3.");
      }
      String id = ruleId(key.substring(0, dot), "--set " + key);
      String name = key.substring(dot + 1);
      merged.put(id + "." + name, ruleOption(id, name, option.getValue(), "--set " + key));
    }
    return new Policy(source, failOn, severities, disabled, merged, suppressions);
  }

  /** {@code --severity RULE=LEVEL} ({@code error|warning|info|off}) wins over the file. */
  public Policy withSeverity(String rule, String level) {
    String where = "--severity " + rule + "=" + level;
    String id = ruleId(rule, where);
    Map<String, Severity> newSeverities = new TreeMap<>(severities);
    Set<String> newDisabled = new TreeSet<>(disabled);
    newSeverities.remove(id);
    newDisabled.remove(id);
    if (parseLevel(level, where) == null) {
      newDisabled.add(id);
    } else {
      newSeverities.put(id, parseLevel(level, where));
    }
    return new Policy(source, failOn, newSeverities, newDisabled, ruleOptions, suppressions);
  }

  /** {@code --max-statements} (per unit of work) and {@code --max-statements-total}; null leaves a value as it is. */
  public Policy withMaxStatements(Integer perUnit, Integer total) {
    Map<String, String> options = new TreeMap<>(ruleOptions);
    if (perUnit != null) {
      options.put("statement-budget.maxPerUnit", positive(perUnit, "--max-statements"));
    }
    if (total != null) {
      options.put("statement-budget.maxTotal", positive(total, "--max-statements-total"));
    }
    return new Policy(source, failOn, severities, disabled, options, suppressions);
  }

  /** The threshold in force: the one set, else {@code error}. */
  public FailOn effectiveFailOn() {
    return failOn == null ? FailOn.ERROR : failOn;
  }

  /** The candidates less the rules this policy turns off. */
  public List<Rule> rules(List<Rule> candidates) {
    return candidates.stream().filter(rule -> !disabled.contains(rule.id())).toList();
  }

  /**
   * Applies severities and suppressions: suppressed findings leave the ranking and are listed with
   * their reasons in the report's {@link Review} (and counted in its notes).
   */
  public Report apply(Report report) {
    List<Finding> kept = new ArrayList<>();
    List<Review.Suppressed> suppressed = new ArrayList<>();
    for (Finding finding : report.findings()) {
      if (disabled.contains(finding.rule())) {
        continue;
      }
      Suppression by = suppressions.stream().filter(s -> s.matches(finding)).findFirst().orElse(null);
      if (by != null) {
        suppressed.add(new Review.Suppressed(finding.key(), finding.rule(), by.reason()));
        continue;
      }
      Severity severity = severities.getOrDefault(finding.rule(), finding.severity());
      kept.add(severity == finding.severity() ? finding : withSeverity(finding, severity));
    }
    kept.sort(RANKING);
    suppressed.sort(Comparator.comparing(Review.Suppressed::key));
    List<String> notes = new ArrayList<>(report.notes());
    if (!suppressed.isEmpty()) {
      notes.add(String.format(Locale.ROOT, "%d %s suppressed by %s (each with its reason; see the policy's suppressions).",
          suppressed.size(), suppressed.size() == 1 ? "finding" : "findings", source));
    }
    return new Report(report.version(), report.summary(), kept, report.queries(), notes, report.units(),
        new Review(effectiveFailOn().threshold(), source, suppressed, null), report.rules());
  }

  static Finding withSeverity(Finding f, Severity severity) {
    return new Finding(f.rule(), severity, f.key(), f.title(), f.detail(), f.fingerprint(), f.queryId(), f.tables(),
        f.columns(), f.occurrences(), f.unitsOfWork(), f.estimatedSavingsMs(), f.fix(), f.callSite(), f.index(),
        f.related(), f.location(), f.evidence());
  }

  /** A rule id or alias, as its canonical id; {@code where} names the option or key in the error. */
  static String ruleId(String id, String where) {
    return BuiltinRules.byId(id).map(Rule::id).orElseThrow(() -> new PolicyException(
        where + ": " + BuiltinRules.unknown(id) + "."));
  }

  /**
   * A rule option's value checked against what rule {@code id} declares, written canonically;
   * {@code subject} names the option where the user wrote it, and starts the error sentence.
   */
  static String ruleOption(String id, String name, String value, String subject) {
    Rule rule = BuiltinRules.byId(id).orElseThrow();
    try {
      return RuleOptionValues.declared(rule, name).canonical(value);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(RuleOptionValues.sentence(subject, e));
    }
  }

  /** A severity, or null for {@code off}. */
  static Severity parseLevel(String level, String where) {
    String text = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "error" -> Severity.ERROR;
      case "warning" -> Severity.WARNING;
      case "info" -> Severity.INFO;
      case "off" -> null;
      default -> throw new PolicyException(where + ": severity must be error, warning, info or off, not '" + level + "'.");
    };
  }

  private static String positive(int value, String where) {
    if (value <= 0) {
      throw new PolicyException(where + " must be a positive number of statements, not " + value + ".");
    }
    return Integer.toString(value);
  }
}
