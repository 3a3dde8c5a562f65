package dev.dbprof.rules;

import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule may know besides the workload: its options (declared as {@link RuleOption}s, set
 * with keys {@code <rule-id>.<name>}) and what each input format can tell.
 */
public final class RuleContext {

  private final RuleOptionValues options;
  private final List<InputFormat> inputs;
  private final Map<String, IndexAdvice> advice;

  /**
   * {@code inputs} is a live view: a reader may name an input's format while reading it.
   *
   * @throws IllegalArgumentException when an option names no rule, no declared option, or a bad value
   */
  public RuleContext(Map<String, String> options, List<InputFormat> inputs) {
    this(RuleOptionValues.resolve(options), java.util.Collections.unmodifiableList(inputs), Map.of());
  }

  private RuleContext(RuleOptionValues options, List<InputFormat> inputs, Map<String, IndexAdvice> advice) {
    this.options = options;
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

  /** The option's value in force, parsed once when the context was made. */
  public <T extends Number> T get(RuleOption<T> option) {
    return options.get(option);
  }

  /** The format of input {@code index}; null when unknown (events fed directly). */
  public InputFormat input(int index) {
    return index >= 0 && index < inputs.size() ? inputs.get(index) : null;
  }

  public List<InputFormat> inputs() {
    return inputs;
  }
}
