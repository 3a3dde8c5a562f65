package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.RuleOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every number the command line takes, and every declared rule option (in {@code --set} and in
 * dbprof.yml), is checked once at start-up: a bad value or an unknown name exits 2 with one
 * sentence naming the option and what it accepts.
 */
class OptionValidationTest {

  @TempDir
  static Path dir;

  private static Path capture;

  /** A small capture: one N+1 loop, so a run that gets past the options has something to report. */
  private static Path capture() throws IOException {
    if (capture == null) {
      List<String> lines = new ArrayList<>();
      lines.add("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"params\":\"hash\"}");
      long ts = 1_732_420_000_000_000L;
      lines.add(stmt(ts++, "select id, name from customers", "[]"));
      for (int i = 0; i < 6; i++) {
        lines.add(stmt(ts++, "select id, total from orders where customer_id = ?", "[\"h:" + i + "\"]"));
      }
      lines.add("{\"type\":\"commit\",\"ts\":" + ts + ",\"conn\":1,\"ns\":1000}");
      capture = dir.resolve("capture.jsonl");
      Files.write(capture, lines, StandardCharsets.UTF_8);
    }
    return capture;
  }

  private static String stmt(long ts, String sql, String params) {
    return "{\"type\":\"stmt\",\"ts\":" + ts + ",\"conn\":1,\"thread\":\"main\",\"ns\":1000000,\"sql\":\"" + sql
        + "\",\"params\":" + params + "}";
  }

  private static Cli analyze(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("analyze", "--fail-on", "never"));
    args.addAll(List.of(options));
    args.add(capture().toString());
    return Cli.run(args.toArray(String[]::new));
  }

  /** The first line of standard error: the one sentence (picocli adds a "Try --help" line after usage errors). */
  private static String sentence(Cli cli) {
    return cli.err().lines().findFirst().orElse("");
  }

  /** Each CLI number: the last value refused, the sentence it gets, and the first value accepted beside it. */
  static Stream<Arguments> cliNumbersAtTheirBounds() {
    return Stream.of(
        Arguments.of("--explain-timeout", "0", "1", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-timeout", "86401", "86400", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-budget", "0", "1", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-budget", "-1", "60", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-budget", "86401", "86400", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-max", "-1", "0", "a whole number of statements, at least 0"),
        Arguments.of("--explain-max", "-5", "2147483647", "a whole number of statements, at least 0"),
        Arguments.of("--explain-max", "99999999999", "2147483647", "a whole number of statements, at least 0"),
        Arguments.of("--index-min-saving", "1", "0.99", "a fraction at least 0 and below 1"),
        Arguments.of("--index-min-saving", "2", "0", "a fraction at least 0 and below 1"),
        Arguments.of("--index-min-saving", "-0.01", "0", "a fraction at least 0 and below 1"),
        Arguments.of("--idle-gap-ms", "0", "1", "a whole number of milliseconds from 1 to 86400000"),
        Arguments.of("--idle-gap-ms", "-1", "1", "a whole number of milliseconds from 1 to 86400000"),
        Arguments.of("--idle-gap-ms", "86400001", "86400000", "a whole number of milliseconds from 1 to 86400000"),
        Arguments.of("--max-statements", "0", "1", "a whole number of statements, at least 1"),
        Arguments.of("--max-statements-total", "0", "1", "a whole number of statements, at least 1"));
  }

  @ParameterizedTest(name = "{0} {1} is refused, {0} {2} accepted")
  @MethodSource("cliNumbersAtTheirBounds")
  void everyCliNumberIsCheckedAtItsBound(String option, String refused, String accepted, String allowed)
      throws IOException {
    Cli bad = analyze(option, refused);
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(bad)).isEqualTo("dbprof: " + option + " must be " + allowed + ", not " + refused + ".");
    Cli good = analyze(option, accepted);
    assertThat(good.exitCode()).as(good.err()).isEqualTo(ExitCodes.OK);
  }

  static Stream<Arguments> cliNumbersThatAreNotNumbers() {
    return Stream.of(
        Arguments.of("--explain-timeout", "5s", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-budget", "1.5", "a whole number of seconds from 1 to 86400"),
        Arguments.of("--explain-max", "all", "a whole number of statements, at least 0"),
        Arguments.of("--index-min-saving", "half", "a fraction at least 0 and below 1"),
        Arguments.of("--index-min-saving", "NaN", "a fraction at least 0 and below 1"),
        Arguments.of("--idle-gap-ms", "1s", "a whole number of milliseconds from 1 to 86400000"),
        Arguments.of("--max-statements", "many", "a whole number of statements, at least 1"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cliNumbersThatAreNotNumbers")
  void aCliNumberThatIsNotANumberGetsTheSameSentence(String option, String value, String allowed) throws IOException {
    Cli bad = analyze(option, value);
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(bad)).isEqualTo("dbprof: " + option + " must be " + allowed + ", not '" + value + "'.");
  }

  @Test
  void theIssuesExamplesExitTwoWithOneSentence() throws IOException {
    Cli notANumber = analyze("--set", "n-plus-one.minRepeats=abc");
    assertThat(notANumber.exitCode()).as(notANumber.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(notANumber))
        .isEqualTo("dbprof: --set n-plus-one.minRepeats must be a whole number from 2 to 10000, not 'abc'.");
    Cli negative = analyze("--set", "n-plus-one.minRepeats=-3");
    assertThat(negative.exitCode()).as(negative.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(negative))
        .isEqualTo("dbprof: --set n-plus-one.minRepeats must be a whole number from 2 to 10000, not -3.");
    Cli misspelt = analyze("--set", "n-plus-one.minRepeatz=3");
    assertThat(misspelt.exitCode()).as(misspelt.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(misspelt))
        .isEqualTo("dbprof: --set n-plus-one.minRepeatz is not an option of n-plus-one; did you mean minRepeats?");
  }

  @Test
  void theIssuesExamplesInTheConfigFileToo() throws IOException {
    Path config = dir.resolve("misspelt.yml");
    Files.writeString(config, "rules:\n  n-plus-one: {severity: error, minRepeatz: 3}\n");
    Cli misspelt = analyze("--config", config.toString());
    assertThat(misspelt.exitCode()).as(misspelt.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(misspelt)).isEqualTo("dbprof: " + config
        + ": rules.n-plus-one.minRepeatz is not an option of n-plus-one; did you mean minRepeats?");
    Files.writeString(config, "rules:\n  slow-query:\n    minShare: 1.5\n");
    Cli outOfRange = analyze("--config", config.toString());
    assertThat(outOfRange.exitCode()).as(outOfRange.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(outOfRange)).isEqualTo("dbprof: " + config
        + ": rules.slow-query.minShare must be a number from 0 to 1, not 1.5.");
  }

  /** Every option every rule declares, with its rule. */
  static Stream<Arguments> declaredOptions() {
    return BuiltinRules.all().stream()
        .flatMap(rule -> rule.options().stream().map(option -> Arguments.of(rule.id(), option)));
  }

  @Test
  void everyRuleWithThresholdsDeclaresThem() {
    assertThat(declaredOptions().map(a -> a.get()[0] + "." + a.get()[1]).toList()).contains(
        "n-plus-one.minRepeats", "unbatched-writes.minRepeats", "duplicate-query.minRepeats", "slow-query.thresholdMs",
        "slow-query.minShare", "slow-query.minTotalMs", "connection-churn.minConnections",
        "connection-churn.minShortShare", "statement-budget.maxPerUnit", "statement-budget.maxTotal");
  }

  /** Values the option refuses: not a number, and one step past each bound it has. */
  private static List<String> refused(RuleOption<?> option) {
    boolean whole = option.type() == RuleOption.Type.WHOLE_NUMBER;
    List<String> values = new ArrayList<>(List.of("abc", "", "NaN", "0x10"));
    values.add(whole ? Long.toString(option.min().longValue() - 1) : Double.toString(option.min().doubleValue() - 0.5));
    if (option.bounded()) {
      values.add(whole ? Long.toString(option.max().longValue() + 1) : Double.toString(option.max().doubleValue() + 0.5));
    }
    if (whole) {
      values.add("2.5");
    }
    return values;
  }

  private static String allowed(RuleOption<?> option) {
    return "must be " + option.allowed();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("declaredOptions")
  void aBadValueOfEveryDeclaredOptionExitsTwoNamingTheRuleTheOptionAndTheRange(String rule, RuleOption<?> option)
      throws IOException {
    for (String value : refused(option)) {
      Cli cli = analyze("--set", rule + "." + option.name() + "=" + value);
      assertThat(cli.exitCode()).as(value + ": " + cli.err()).isEqualTo(ExitCodes.USAGE);
      String start = "dbprof: --set " + rule + "." + option.name() + " " + allowed(option) + ", not ";
      assertThat(sentence(cli)).as(value).isIn(start + value + ".", start + "'" + value + "'.");
      assertThat(cli.err().lines()).as(value).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("declaredOptions")
  void aBadValueInTheConfigFileExitsTwoToo(String rule, RuleOption<?> option) throws IOException {
    Path config = dir.resolve(rule + "." + option.name() + ".yml");
    for (String value : refused(option)) {
      Files.writeString(config, "rules:\n  " + rule + ":\n    " + option.name() + ": \"" + value + "\"\n");
      Cli cli = analyze("--config", config.toString());
      assertThat(cli.exitCode()).as(value + ": " + cli.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(sentence(cli)).as(value)
          .startsWith("dbprof: " + config + ": rules." + rule + "." + option.name() + " " + allowed(option) + ", not ");
    }
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("declaredOptions")
  void everyDeclaredOptionTakesItsBoundsAndItsDefault(String rule, RuleOption<?> option) throws IOException {
    List<String> values = new ArrayList<>(List.of(option.format(option.min()) + "", " " + option.format(option.min())));
    values.add(option.bounded() ? option.format(option.max()) : "1000000");
    values.add(option.format(option.defaultValue()));
    for (String value : values) {
      Cli cli = analyze("--set", rule + "." + option.name() + "=" + value);
      assertThat(cli.exitCode()).as(value + ": " + cli.err()).isIn(ExitCodes.OK);
    }
    Path config = dir.resolve(rule + "." + option.name() + "-good.yml");
    Files.writeString(config, "rules:\n  " + rule + ":\n    " + option.name() + ": " + values.get(0) + "\n");
    Cli cli = analyze("--config", config.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.OK);
  }

  /** The declared name with its last letter changed: a typo one edit away. */
  private static String misspelt(String name) {
    char last = name.charAt(name.length() - 1);
    return name.substring(0, name.length() - 1) + (last == 'z' ? 'y' : 'z');
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("declaredOptions")
  void aMisspeltNameExitsTwoNamingTheNearestDeclaredOne(String rule, RuleOption<?> option) throws IOException {
    String typo = misspelt(option.name());
    String problem = " is not an option of " + rule + "; did you mean " + option.name() + "?";
    Cli set = analyze("--set", rule + "." + typo + "=" + option.format(option.defaultValue()));
    assertThat(set.exitCode()).as(set.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(set)).isEqualTo("dbprof: --set " + rule + "." + typo + problem);
    Path config = dir.resolve(rule + "." + typo + ".yml");
    Files.writeString(config, "rules:\n  " + rule + ":\n    " + typo + ": " + option.format(option.defaultValue()) + "\n");
    Cli file = analyze("--config", config.toString());
    assertThat(file.exitCode()).as(file.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(file)).isEqualTo("dbprof: " + config + ": rules." + rule + "." + typo + problem);
  }

  @Test
  void aNameFarFromEveryOptionListsThemAndARuleWithoutOptionsSaysSo() throws IOException {
    assertThat(sentence(analyze("--set", "slow-query.severity=off"))).isEqualTo("dbprof: --set slow-query.severity"
        + " is not an option of slow-query (its options: thresholdMs, minShare, minTotalMs).");
    assertThat(sentence(analyze("--set", "count-subquery.minRepeats=3")))
        .isEqualTo("dbprof: --set count-subquery.minRepeats is not an option of count-subquery, which has no options.");
  }

  @Test
  void anUnknownRuleExitsTwoInSetAndInTheConfigFile() throws IOException {
    Cli set = analyze("--set", "n-plus-on.minRepeats=3");
    assertThat(set.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(set)).isEqualTo(
        "dbprof: --set n-plus-on.minRepeats: unknown rule 'n-plus-on'; did you mean n-plus-one? ('dbprof rules' lists them).");
    Path config = dir.resolve("unknown-rule.yml");
    Files.writeString(config, "rules:\n  n-plus-on: {minRepeats: 3}\n");
    Cli file = analyze("--config", config.toString());
    assertThat(file.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(file)).isEqualTo("dbprof: " + config
        + ": rules.n-plus-on: unknown rule 'n-plus-on'; did you mean n-plus-one? ('dbprof rules' lists them).");
    Cli far = analyze("--rules", "no-such-rule");
    assertThat(far.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(sentence(far)).isEqualTo("dbprof: --rules: unknown rule 'no-such-rule'; 'dbprof rules' lists them.");
  }

  @Test
  void aValidOptionStillChangesTheAnalysis() throws IOException {
    assertThat(analyze("--format", "json", "--set", "n-plus-one.minRepeats=6").out()).contains("\"rule\": \"n-plus-one\"");
    assertThat(analyze("--format", "json", "--set", "n-plus-one.minRepeats=7").out()).doesNotContain("\"rule\": \"n-plus-one\"");
  }

  @Test
  void rulesListsEveryDeclaredOptionWithTypeDefaultRangeAndMeaning() {
    Cli cli = Cli.run("rules");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("n-plus-one  (error)", "  Options (--set n-plus-one.OPTION=VALUE, or in dbprof.yml):",
        "    minRepeats = 5 (a whole number from 2 to 10000): Fewest executions of one SELECT shape");
    declaredOptions().forEach(a -> {
      RuleOption<?> option = (RuleOption<?>) a.get()[1];
      String line = "    " + option.name() + " = " + option.format(option.defaultValue()) + " (" + option.allowed() + "): "
          + option.meaning();
      String rule = cli.out().substring(cli.out().indexOf(a.get()[0] + "  ("));
      assertThat(rule.substring(0, rule.indexOf(System.lineSeparator() + System.lineSeparator()))).contains(line);
    });
  }
}
