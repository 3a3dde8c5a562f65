package dev.dbprof.rules;

import dev.dbprof.read.InputFormat;
import java.util.List;
import java.util.Map;

/**
 * What a rule may know besides the workload: its options (keys {@code <rule-id>.<name>}) and
 * what each input format can tell.
 */
public final class RuleContext {

  private final Map<String, String> options;
  private final List<InputFormat> inputs;

  /** {@code inputs} is a live view: a reader may name an input's format while reading it. */
  public RuleContext(Map<String, String> options, List<InputFormat> inputs) {
    this.options = Map.copyOf(options);
    this.inputs = java.util.Collections.unmodifiableList(inputs);
  }

  public int intOption(Rule rule, String name, int defaultValue) {
    String value = options.get(rule.id() + "." + name);
    return value == null ? defaultValue : Integer.parseInt(value.trim());
  }

  public double doubleOption(Rule rule, String name, double defaultValue) {
    String value = options.get(rule.id() + "." + name);
    return value == null ? defaultValue : Double.parseDouble(value.trim());
  }

  /** The format of input {@code index}; null when unknown (events fed directly). */
  public InputFormat input(int index) {
    return index >= 0 && index < inputs.size() ? inputs.get(index) : null;
  }

  public List<InputFormat> inputs() {
    return inputs;
  }
}
