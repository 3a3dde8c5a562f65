package dev.dbprof.rules;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One option a rule declares beside its {@link RuleInfo}: name, type, default, allowed range and
 * a one-line meaning. {@code dbprof rules}, docs/rules.md and the start-up validation of
 * {@code --set} and dbprof.yml all read this one declaration.
 *
 * @param <T> {@link Integer} or {@link Double}
 */
public final class RuleOption<T extends Number> {

  /** What values an option takes; the words are the ones users read in listings and errors. */
  public enum Type {
    WHOLE_NUMBER("whole number", Pattern.compile("[+-]?\\d+")),
    // plain decimals only: no hex, NaN or 1d suffix that Double.parseDouble would also take
    NUMBER("number", Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"));

    private final String words;
    private final Pattern syntax;

    Type(String words, Pattern syntax) {
      this.words = words;
      this.syntax = syntax;
    }

    public String words() {
      return words;
    }
  }

  private final String name;
  private final Type type;
  private final T defaultValue;
  private final T min;
  private final T max;
  private final String meaning;

  private RuleOption(String name, Type type, T defaultValue, T min, T max, String meaning) {
    this.name = Objects.requireNonNull(name);
    this.type = type;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.meaning = Objects.requireNonNull(meaning);
    if (!allows(defaultValue)) {
      throw new IllegalArgumentException(name + ": default " + defaultValue + " is outside " + range());
    }
  }

  /** A whole-number option, {@code min} to {@code max} inclusive ({@link Integer#MAX_VALUE}: no upper bound). */
  static RuleOption<Integer> wholeNumber(String name, int defaultValue, int min, int max, String meaning) {
    return new RuleOption<>(name, Type.WHOLE_NUMBER, defaultValue, min, max, meaning);
  }

  /** A decimal option, {@code min} to {@code max} inclusive ({@link Double#MAX_VALUE}: no upper bound). */
  static RuleOption<Double> number(String name, double defaultValue, double min, double max, String meaning) {
    return new RuleOption<>(name, Type.NUMBER, defaultValue, min, max, meaning);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  /** The smallest value allowed. */
  public T min() {
    return min;
  }

  /** The largest value allowed; {@link Integer#MAX_VALUE} or {@link Double#MAX_VALUE} when there is no bound. */
  public T max() {
    return max;
  }

  /** Whether {@link #max} is a bound users should read, rather than "no bound". */
  public boolean bounded() {
    return !unbounded();
  }

  /** The allowed values in words, e.g. "from 2 to 10000" or "at least 0". */
  public String range() {
    return unbounded() ? "at least " + format(min) : "from " + format(min) + " to " + format(max);
  }

  /** What the option takes, in words: "a whole number from 2 to 10000", "a number, at least 0". */
  public String allowed() {
    return "a " + type.words() + (unbounded() ? ", " : " ") + range();
  }

  /** A value as users write it: {@code 5}, {@code 0.2}, {@code 500}. */
  public String format(Number value) {
    double d = value.doubleValue();
    if (type == Type.WHOLE_NUMBER || d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(value.longValue());
    }
    return Double.toString(d).toLowerCase(Locale.ROOT);
  }

  /**
   * The value {@code text} stands for.
   *
   * @throws IllegalArgumentException with the problem as the end of a sentence about the option, e.g.
   *     "must be a whole number from 2 to 10000, not 'abc'"
   */
  public T parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    boolean wellFormed = type.syntax.matcher(trimmed).matches();
    T value = wellFormed ? convert(trimmed) : null;
    if (value == null || !allows(value)) {
      // a number out of range is shown as it is, anything else quoted
      throw new IllegalArgumentException("must be " + allowed() + ", not "
          + (wellFormed ? trimmed : "'" + text + "'"));
    }
    return value;
  }

  /** {@link #parse} then {@link #format}: the value as it is stored in a policy. */
  public String canonical(String text) {
    return format(parse(text));
  }

  @SuppressWarnings("unchecked")
  private T convert(String text) {
    if (type == Type.NUMBER) {
      return (T) Double.valueOf(text);
    }
    try {
      return (T) Integer.valueOf(Integer.parseInt(text));
    } catch (NumberFormatException notWholeOrTooLong) {
      return null;
    }
  }

  private boolean allows(T value) {
    double d = value.doubleValue();
    return d >= min.doubleValue() && d <= max.doubleValue();
  }

  private boolean unbounded() {
    return type == Type.WHOLE_NUMBER ? max.intValue() == Integer.MAX_VALUE : max.doubleValue() == Double.MAX_VALUE;
  }

  @Override
  public String toString() {
    return name;
  }
}
