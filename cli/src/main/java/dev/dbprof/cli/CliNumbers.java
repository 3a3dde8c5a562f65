package dev.dbprof.cli;

import dev.dbprof.options.AnalysisOptions;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of every number the command line takes ({@code @Option(converter = …)}): a value
 * out of range or not a number is refused with the same kind of sentence, which
 * {@link DbprofCommand} completes with the option's name and exits 2 on, e.g.
 * "--explain-timeout must be a whole number of seconds from 1 to 86400, not 0.".
 */
final class CliNumbers {

  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
  // plain decimals only: no hex, NaN or 1d suffix that Double.parseDouble would also take
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CliNumbers() {}

  /** A refused value; the message is the end of a sentence whose subject is the option. */
  static final class Refused extends TypeConversionException {

    private static final long serialVersionUID = 1L;

    Refused(String problem) {
      super(problem);
    }
  }

  /** Whole numbers from {@code min} to {@code max} ({@link Integer#MAX_VALUE}: no upper bound) of {@code unit}. */
  abstract static class WholeNumber implements ITypeConverter<Integer> {

    private final String unit;
    private final int min;
    private final int max;

    WholeNumber(String unit, int min, int max) {
      this.unit = unit;
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String text) {
      String value = text.strip();
      boolean wellFormed = WHOLE.matcher(value).matches();
      long number = wellFormed && value.length() < 19 ? Long.parseLong(value) : Long.MIN_VALUE;
      if (number < min || number > max) {
        String range = max == Integer.MAX_VALUE ? ", at least " + min : " from " + min + " to " + max;
        throw new Refused("must be a whole number of " + unit + range + ", not " + shown(text, wellFormed));
      }
      return (int) number;
    }
  }

  /** {@code --explain-timeout}, {@code --explain-budget}: a day at most, as nothing sane waits longer. */
  static final class Seconds extends WholeNumber {
    Seconds() {
      super("seconds", 1, 86_400);
    }
  }

  /** {@code --idle-gap-ms}: 0 would make every statement its own unit of work and silence the loop rules. */
  static final class Milliseconds extends WholeNumber {
    Milliseconds() {
      super("milliseconds", 1, 86_400_000);
    }
  }

  /** A budget of statements ({@code --max-statements}): 0 would fail every run. */
  static final class Statements extends WholeNumber {
    Statements() {
      super("statements", 1, Integer.MAX_VALUE);
    }
  }

  /** A number of statements where 0 means none ({@code --explain-max 0} explains only the N+1 queries). */
  static final class StatementsOrNone extends WholeNumber {
    StatementsOrNone() {
      super("statements", 0, Integer.MAX_VALUE);
    }
  }

  /** A number of distinct query shapes ({@code --max-fingerprints}): folding needs two to compare. */
  static final class Shapes extends WholeNumber {
    Shapes() {
      super("shapes", AnalysisOptions.MIN_MAX_FINGERPRINTS, Integer.MAX_VALUE);
    }
  }

  /** A share from 0 up to but not including 1 ({@code --index-min-saving}: saving all of the cost is impossible). */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      String value = text.strip();
      boolean wellFormed = DECIMAL.matcher(value).matches();
      double number = wellFormed ? Double.parseDouble(value) : Double.NaN;
      if (!(number >= 0 && number < 1)) {
        throw new Refused("must be a fraction at least 0 and below 1, not " + shown(text, wellFormed));
      }
      return number;
    }
  }

  /** A number out of range is shown as it is, anything else quoted. */
  private static String shown(String text, boolean wellFormed) {
    return wellFormed ? text.strip() : "'" + text + "'";
  }
}
