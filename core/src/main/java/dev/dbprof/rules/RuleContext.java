package dev.dbprof.rules;

import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.OrmStyle;
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
  private final List<OrmStyle> orms;

  /**
   * {@code inputs} is a live view: a reader may name an input's format while reading it.
   *
   * @throws IllegalArgumentException when an option names no rule, no declared option, or a bad value
   */
  public RuleContext(Map<String, String> options, List<InputFormat> inputs) {
    this(options, inputs, List.of());
  }

  /**
   * As {@link #RuleContext(Map, List)}; {@code orms} is a live view of the library each input's SQL
   * shows most so far (by input index), for fixes of statements whose own text does not tell.
   */
  public RuleContext(Map<String, String> options, List<InputFormat> inputs, List<OrmStyle> orms) {
    this(RuleOptionValues.resolve(options), java.util.Collections.unmodifiableList(inputs), Map.of(),
        java.util.Collections.unmodifiableList(orms));
  }

  private RuleContext(RuleOptionValues options, List<InputFormat> inputs, Map<String, IndexAdvice> advice,
      List<OrmStyle> orms) {
    this.options = options;
    this.inputs = inputs;
    this.advice = advice;
    this.orms = orms;
  }

  /** The same context, knowing what the index advisor said about each query id it looked at. */
  public RuleContext withAdvice(Map<String, IndexAdvice> adviceByQueryId) {
    return new RuleContext(options, inputs, Map.copyOf(adviceByQueryId), orms);
  }

  /** The library input {@code index}'s SQL has shown most so far; {@code PLAIN} when none. */
  public OrmStyle orm(int index) {
    return index >= 0 && index < orms.size() && orms.get(index) != null ? orms.get(index) : OrmStyle.PLAIN;
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
