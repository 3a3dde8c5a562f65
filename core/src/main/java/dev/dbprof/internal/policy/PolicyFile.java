package dev.dbprof.internal.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dbprof.model.Severity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code dbprof.yml}. Strict on purpose: an unknown key is a typo that would silently do
 * nothing in CI, so it is an error naming the file and the key; so is a rule option the rule does
 * not declare, or a value outside the declared range.
 *
 * <pre>
 * failOn: warning
 * rules:
 *   n-plus-one: {severity: error, minRepeats: 5}
 *   slow-query: off
 * maxStatements: {perUnit: 50, total: 2000}
 * suppressions:
 *   - rule: duplicate-query
 *     site: shop.LegacyReport
 *     reason: "legacy report, removed in #123"
 * </pre>
 */
final class PolicyFile {

  private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final Set<String> TOP = Set.of("failOn", "rules", "maxStatements", "suppressions");
  private static final Set<String> SUPPRESSION = Set.of("rule", "key", "query", "site", "reason");
  private static final Set<String> BUDGET = Set.of("perUnit", "total");

  private final String file;

  private PolicyFile(String file) {
    this.file = file;
  }

  static Policy read(Path path) {
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      root = YAML.readTree(reader);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new PolicyException(path + ": not valid YAML" + where + ": " + firstLine(e.getOriginalMessage()) + ".", e);
    } catch (IOException e) {
      throw new PolicyException(path + ": cannot be read: " + e.getMessage() + ".", e);
    }
    return new PolicyFile(path.toString()).policy(root);
  }

  private Policy policy(JsonNode root) {
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new Policy(file, null, Map.of(), Set.of(), Map.of(), List.of());
    }
    object(root, "the top level");
    only(root, TOP, "");
    FailOn failOn = root.has("failOn") ? FailOn.parse(text(root.get("failOn"), "failOn"), where("failOn")) : null;
    Map<String, Severity> severities = new TreeMap<>();
    Set<String> disabled = new LinkedHashSet<>();
    Map<String, String> options = new TreeMap<>();
    JsonNode rules = root.get("rules");
    if (rules != null && !rules.isNull()) {
      object(rules, "rules");
      for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> rule = it.next();
        rule(rule.getKey(), rule.getValue(), severities, disabled, options);
      }
    }
    JsonNode budget = root.get("maxStatements");
    if (budget != null && !budget.isNull()) {
      object(budget, "maxStatements");
      only(budget, BUDGET, "maxStatements.");
      budget(budget, "perUnit", "statement-budget.maxPerUnit", options);
      budget(budget, "total", "statement-budget.maxTotal", options);
    }
    List<Suppression> suppressions = new ArrayList<>();
    JsonNode list = root.get("suppressions");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw error("suppressions", "must be a list of entries, each with a reason");
      }
      for (int i = 0; i < list.size(); i++) {
        suppressions.add(suppression(list.get(i), "suppressions[" + i + "]"));
      }
    }
    return new Policy(file, failOn, severities, disabled, options, suppressions);
  }

  private void rule(String name, JsonNode value, Map<String, Severity> severities, Set<String> disabled,
      Map<String, String> options) {
    String key = "rules." + name;
    String id = Policy.ruleId(name, where(key));
    if (value.isTextual() || value.isBoolean()) {
      // "slow-query: off" (YAML 1.1 may read a bare off as false)
      Severity severity = value.isBoolean() && !value.booleanValue() ? null : Policy.parseLevel(value.asText(), where(key));
      if (severity == null) {
        disabled.add(id);
      } else {
        severities.put(id, severity);
      }
      return;
    }
    if (value.isNull()) {
      return;
    }
    object(value, key);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> option = it.next();
      String optionKey = key + "." + option.getKey();
      JsonNode v = option.getValue();
      if (option.getKey().equals("severity")) {
        Severity severity = v.isBoolean() && !v.booleanValue() ? null : Policy.parseLevel(v.asText(), where(optionKey));
        if (severity == null) {
          disabled.add(id);
        } else {
          severities.put(id, severity);
        }
      } else if (v.isNumber() || v.isTextual() || v.isBoolean()) {
        options.put(id + "." + option.getKey(), Policy.ruleOption(id, option.getKey(), v.asText(), where(optionKey)));
      } else {
        throw error(optionKey, "must be a single value (a number, a word or true/false)");
      }
    }
  }

  private void budget(JsonNode budget, String name, String option, Map<String, String> options) {
    JsonNode value = budget.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() <= 0) {
      throw error("maxStatements." + name, "must be a positive whole number of statements, not '" + value.asText() + "'");
    }
    options.put(option, Integer.toString(value.intValue()));
  }

  private Suppression suppression(JsonNode entry, String key) {
    object(entry, key);
    only(entry, SUPPRESSION, key + ".");
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : List.of("rule", "key", "query", "site", "reason")) {
      JsonNode value = entry.get(name);
      if (value != null && !value.isNull()) {
        values.put(name, text(value, key + "." + name));
      }
    }
    String reason = values.get("reason");
    if (reason == null || reason.isBlank()) {
      throw error(key, "has no reason; every suppression needs a reason (why the finding is accepted)");
    }
    if (values.size() == 1) {
      throw error(key, "selects nothing; give at least one of rule, key, query or site");
    }
    String rule = values.containsKey("rule") ? Policy.ruleId(values.get("rule"), where(key + ".rule")) : null;
    String findingKey = values.get("key");
    if (findingKey != null) {
      // a baseline or report key written with a rule's former id still matches
      int colon = findingKey.indexOf(':');
      String keyRule = colon < 0 ? findingKey : findingKey.substring(0, colon);
      findingKey = Policy.ruleId(keyRule, where(key + ".key")) + (colon < 0 ? "" : findingKey.substring(colon));
    }
    return new Suppression(rule, findingKey, values.get("query"), values.get("site"), reason.strip());
  }

  private void object(JsonNode node, String key) {
    if (!node.isObject()) {
      throw error(key, "must be a mapping of keys to values");
    }
  }

  private void only(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw error(prefix + name, "is not a known key (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private String text(JsonNode node, String key) {
    if (!node.isValueNode()) {
      throw error(key, "must be a single value");
    }
    return node.asText();
  }

  private String where(String key) {
    return file + ": " + key;
  }

  private PolicyException error(String key, String problem) {
    return new PolicyException(file + ": " + key + " " + problem + ".");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
