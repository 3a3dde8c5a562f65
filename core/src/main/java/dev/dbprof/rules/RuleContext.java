package dev.dbprof.rules;

import dev.dbprof.explain.IndexAdvice;
import dev.dbprof.read.InputFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule may know besides the workload: its options (keys {@code <rule-id>.<name>}) and
 * what each input format can tell.
 */
public final class RuleContext {

  private final Map<String, String> options;
  private final List<InputFormat> inputs;
  private final Map<String, IndexAdvice> advice;

  /** {@code inputs} is a live view: a reader may name an input's format while reading it. */
  public RuleContext(Map<String, String> options, List<InputFormat> inputs) {
    this(options, java.util.Collections.unmodifiableList(inputs), Map.of());
  }

  private RuleContext(Map<String, String> options, List<InputFormat> inputs, Map<String, IndexAdvice> advice) {
    this.options = Map.copyOf(options);
    this.inputs = inputs;
    this.advice = advice;
  }

  /** The same context, knowing what the index advisor said about each query id it looked at. */
  public RuleContext withAdvice(Map<String, IndexAdvice> adviceByQueryId) {
    return new RuleContext(options, inputs, Map.copyOf(adviceByQueryId));
  }

  /** The index advisor's word on a shape; empty without {@code --explain-url} or when not explained. */
  public Optional<IndexAdvice> indexAdvice(String queryId) {
    return Optional.ofNullable(advice.get(queryId));
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
