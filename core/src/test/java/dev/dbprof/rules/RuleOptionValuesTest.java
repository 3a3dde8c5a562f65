package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options are parsed and checked once, when the analysis starts, whoever starts it (CLI or library). */
class RuleOptionValuesTest {

  @Test
  void valuesAreTypedAndDefaultsApplyToEverythingNotSet() {
    RuleContext context = new RuleContext(Map.of("n-plus-one.minRepeats", " 3 ", "slow-query.minShare", "0.75"), List.of());
    assertThat(context.get(NPlusOne.MIN_REPEATS)).isEqualTo(3);
    assertThat(context.get(SlowQuery.MIN_SHARE)).isEqualTo(0.75);
    assertThat(context.get(SlowQuery.THRESHOLD_MS)).isEqualTo(500.0);
    assertThat(context.get(UnbatchedWrites.MIN_REPEATS)).as("same name, other rule").isEqualTo(5);
  }

  @Test
  void anAnalyzerRefusesBadOptionsBeforeReadingAnything() {
    assertThatThrownBy(() -> new Analyzer(AnalysisOptions.defaults("t")
        .withRuleOptions(Map.of("n-plus-one.minRepeats", "abc"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Rule option n-plus-one.minRepeats must be a whole number from 2 to 10000, not 'abc'.");
    assertThatThrownBy(() -> new Analyzer(AnalysisOptions.defaults("t")
        .withRuleOptions(Map.of("n-plus-one.minRepeatz", "3"))))
        .hasMessage("Rule option n-plus-one.minRepeatz is not an option of n-plus-one; did you mean minRepeats?");
    assertThatThrownBy(() -> new Analyzer(AnalysisOptions.defaults("t")
        .withRuleOptions(Map.of("n-plus-two.minRepeats", "3"))))
        .hasMessage("Rule option n-plus-two.minRepeats names no rule; 'dbprof rules' lists them.");
  }

  @Test
  void numbersAreReadStrictly() {
    assertThat(SlowQuery.MIN_SHARE.parse("1e-1")).isEqualTo(0.1);
    assertThat(SlowQuery.THRESHOLD_MS.parse("250.5")).isEqualTo(250.5);
    for (String bad : List.of("NaN", "Infinity", "0x1p3", "1d", "1e400", "", " ", "1,5")) {
      assertThatThrownBy(() -> SlowQuery.THRESHOLD_MS.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("must be a number, at least 0, not ");
    }
    for (String bad : List.of("5.0", "1e1", "2147483648", "+", "five")) {
      assertThatThrownBy(() -> NPlusOne.MIN_REPEATS.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTypoFarFromEveryNameListsTheOptionsInstead() {
    assertThatThrownBy(() -> RuleOptionValues.declared(new SlowQuery(), "budget"))
        .hasMessage("is not an option of slow-query (its options: thresholdMs, minShare, minTotalMs)");
    assertThatThrownBy(() -> RuleOptionValues.declared(new SlowQuery(), "minshare"))
        .hasMessage("is not an option of slow-query; did you mean minShare?");
  }

  @Test
  void aDefaultOutsideItsRangeIsADeclarationBug() {
    assertThatThrownBy(() -> RuleOption.wholeNumber("minRepeats", 1, 2, 10, "Meaning."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
