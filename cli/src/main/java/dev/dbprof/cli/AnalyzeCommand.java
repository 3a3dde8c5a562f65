package dev.dbprof.cli;

import dev.dbprof.Version;
import dev.dbprof.analysis.AnalysisOptions;
import dev.dbprof.analysis.Analyzer;
import dev.dbprof.explain.AdvisorException;
import dev.dbprof.explain.IndexAdvisor;
import dev.dbprof.policy.Baseline;
import dev.dbprof.policy.FailOn;
import dev.dbprof.policy.Policy;
import dev.dbprof.policy.Verdict;
import dev.dbprof.read.InputFormat;
import dev.dbprof.read.InputSummary;
import dev.dbprof.read.ReaderOptions;
import dev.dbprof.read.Readers;
import dev.dbprof.report.Report;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbprof analyze FILE…}: read captures and logs, run the rules, print the ranked fixes. */
@Command(name = "analyze", sortOptions = false,
    description = "Analyze capture files and logs (dbprof, p6spy, PostgreSQL, MySQL/MariaDB) and print ranked fixes.")
final class AnalyzeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "Capture files or logs; '-' reads standard input; .gz files are read as they are.")
  List<String> files;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of standard output.")
  Path output;

  @Option(names = "--report", paramLabel = "FORMAT=FILE",
      description = "Also write the report in another format to a file (repeatable), e.g. --report sarif=dbprof.sarif.")
  Map<OutputFormat, Path> extraReports = new LinkedHashMap<>();

  @Option(names = "--fail-on", paramLabel = "LEVEL",
      description = "Exit with 1 when a finding is at least this severe: error, warning, info or never"
          + " (default: the config file's failOn, else error).")
  String failOn;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Policy file (default: dbprof.yml in the working directory, when present); see docs/ci.md.")
  Path config;

  @Option(names = "--severity", paramLabel = "RULE=LEVEL",
      description = "Change a rule's severity (error, warning, info) or turn it off (off); repeatable.")
  Map<String, String> severities = new LinkedHashMap<>();

  @Option(names = "--max-statements", paramLabel = "N",
      description = "Statement budget per unit of work (rule statement-budget).")
  Integer maxStatements;

  @Option(names = "--max-statements-total", paramLabel = "N",
      description = "Statement budget for the whole input (rule statement-budget).")
  Integer maxStatementsTotal;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Fail only on findings that are new or worse than in this baseline; report fixed ones.")
  Path baseline;

  @Option(names = "--write-baseline", paramLabel = "FILE",
      description = "Record today's findings as the baseline (sorted, stable, reviewable); exits 0.")
  Path writeBaseline;

  @Option(names = "--input-format", paramLabel = "ID",
      description = "Read every input as this format instead of detecting it: dbprof, p6spy, p6spy-multiline, p6spy-custom, pg-stderr, pg-csvlog, pg-jsonlog, mysql-general, mysql-slow.")
  String inputFormat;

  @Option(names = "--p6spy-format", paramLabel = "FORMAT",
      description = "p6spy's customLogMessageFormat, for logs written with CustomLineFormat, e.g. '%%(currentTime)|%%(executionTime)|%%(category)|%%(sqlSingleLine)'.")
  String p6spyFormat;

  @Option(names = "--pg-prefix", paramLabel = "PREFIX",
      description = "PostgreSQL's log_line_prefix, in its own %% notation, when it is not one of the common ones.")
  String pgPrefix;

  @Option(names = "--rules", split = ",", paramLabel = "ID",
      description = "Run only these rules (see 'dbprof rules').")
  List<String> onlyRules;

  @Option(names = "--disable", split = ",", paramLabel = "ID", description = "Do not run these rules.")
  List<String> disabledRules = new ArrayList<>();

  @Option(names = "--set", paramLabel = "RULE.OPTION=VALUE",
      description = "A rule option, e.g. --set n-plus-one.minRepeats=3 (repeatable; see docs/rules.md).")
  Map<String, String> ruleOptions = new LinkedHashMap<>();

  @Option(names = "--idle-gap-ms", defaultValue = "1000", paramLabel = "MS",
      description = "Without transaction boundaries, a connection idle this long ends a unit of work (default: ${DEFAULT-VALUE}).")
  long idleGapMs;

  @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
      description = "Colors in the text report: auto, always or never (default: ${DEFAULT-VALUE}; NO_COLOR disables auto).")
  String color;

  @Mixin
  ExplainOptions explain;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Policy policy = policy();
    ReaderOptions readerOptions = readerOptions();
    AnalysisOptions options = AnalysisOptions.defaults(Version.get())
        .withRules(policy.rules(selectedRules()))
        .withRuleOptions(policy.ruleOptions())
        .withIdleGapMicros(idleGapMs * 1000);
    if (!explain.enabled()) {
      return conclude(policy, analyze(options, readerOptions));
    }
    IndexAdvisor advisor;
    try {
      advisor = explain.open();
    } catch (AdvisorException e) {
      // The report is still worth having; the exit code tells CI that the advice is missing.
      spec.commandLine().getErr().println("dbprof: " + e.getMessage() + " The report has no index advice.");
      conclude(policy, analyze(options, readerOptions));
      return ExitCodes.USAGE;
    }
    try (advisor) {
      return conclude(policy, analyze(options.withAdvisor(advisor, explain.max), readerOptions));
    }
  }

  /** The policy file (if any) with the command line's overrides on top. */
  private Policy policy() {
    Policy policy = Policy.discover(config, Path.of(""))
        .withRuleOptions(ruleOptions)
        .withMaxStatements(maxStatements, maxStatementsTotal);
    for (Map.Entry<String, String> severity : severities.entrySet()) {
      policy = policy.withSeverity(severity.getKey(), severity.getValue());
    }
    if (failOn != null) {
      policy = policy.withFailOn(FailOn.parse(failOn, "--fail-on"));
    }
    return policy;
  }

  private Report analyze(AnalysisOptions options, ReaderOptions readerOptions) {
    Analyzer analyzer = new Analyzer(options);
    List<InputSummary> inputs = new ArrayList<>();
    for (String file : inTimeOrder(files, readerOptions)) {
      int index = analyzer.addInput();
      InputSummary summary = Readers.read(file, readerOptions, event -> analyzer.accept(index, event),
          format -> analyzer.inputFormat(index, format));
      inputs.add(summary);
      if (summary.skippedLines() > 0) {
        spec.commandLine().getErr().printf("dbprof: %s: skipped %,d unreadable lines (first: %s)%n", summary.path(),
            summary.skippedLines(), summary.problems().isEmpty() ? "?" : summary.problems().get(0));
      }
    }
    return analyzer.finish(inputs);
  }

  /** Applies the policy and the baseline, writes every report, and decides the exit code. */
  private int conclude(Policy policy, Report analyzed) throws IOException {
    Report report = policy.apply(analyzed);
    if (baseline != null) {
      report = Baseline.read(baseline).compare(report, baseline.toString());
    }
    write(report);
    if (writeBaseline != null) {
      Baseline.of(report).write(writeBaseline);
      spec.commandLine().getErr().printf("dbprof: wrote %d findings to the baseline %s%n", report.findings().size(),
          writeBaseline);
      return ExitCodes.OK;
    }
    if (report.effectiveReview().threshold() != null || !report.findings().isEmpty()) {
      spec.commandLine().getErr().println(Verdict.describe(report));
    }
    return Verdict.exitCode(report);
  }

  /**
   * Several files are read in the order of their first timestamp, so rotated logs given in any
   * order (postgresql.log.1 postgresql.log) are read as the server wrote them. Files without time,
   * and standard input, keep their place relative to each other.
   */
  private static List<String> inTimeOrder(List<String> files, ReaderOptions options) {
    if (files.size() < 2 || files.contains("-")) {
      return files;
    }
    Map<String, Long> first = new LinkedHashMap<>();
    for (String file : files) {
      first.put(file, Readers.firstTimestamp(file, options));
    }
    if (first.values().stream().anyMatch(t -> t < 0)) {
      return files;
    }
    List<String> sorted = new ArrayList<>(files);
    sorted.sort(java.util.Comparator.comparingLong(first::get));
    return sorted;
  }

  private void write(Report report) throws IOException {
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      format.renderer(Colors.enabled(color)).render(report, out);
      out.flush();
    } else {
      writeFile(format, output, report);
    }
    for (Map.Entry<OutputFormat, Path> extra : extraReports.entrySet()) {
      writeFile(extra.getKey(), extra.getValue(), report);
    }
  }

  private static void writeFile(OutputFormat format, Path file, Report report) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      format.renderer(false).render(report, out);
    } catch (IOException e) {
      throw new UserException("Cannot write the report to " + file + ": " + e.getMessage() + ".");
    }
  }

  private ReaderOptions readerOptions() {
    ReaderOptions options = ReaderOptions.defaults();
    if (inputFormat != null) {
      options = options.withFormat(InputFormat.byId(inputFormat).orElseThrow(() -> new UserException(
          "Unknown --input-format '" + inputFormat + "'; known formats: " + knownFormats() + ".")));
    }
    if (p6spyFormat != null) {
      options = options.withP6spyCustomFormat(p6spyFormat);
    }
    if (pgPrefix != null) {
      options = options.withPgLogLinePrefix(pgPrefix);
    }
    return options;
  }

  private List<Rule> selectedRules() {
    List<Rule> rules = new ArrayList<>();
    if (onlyRules != null) {
      for (String id : onlyRules) {
        rules.add(rule(id));
      }
    } else {
      rules.addAll(BuiltinRules.all());
    }
    for (String id : disabledRules) {
      Rule disabled = rule(id);
      rules.removeIf(r -> r.id().equals(disabled.id()));
    }
    for (String key : ruleOptions.keySet()) {
      int dot = key.indexOf('.');
      if (dot <= 0) {
        throw new UserException("--set " + key + ": expected RULE.OPTION=VALUE, e.g. n-plus-one.minRepeats=3.");
      }
      rule(key.substring(0, dot));
    }
    return rules;
  }

  private static Rule rule(String id) {
    return BuiltinRules.byId(id).orElseThrow(() -> new UserException(
        "Unknown rule '" + id + "'; 'dbprof rules' lists them."));
  }

  private static String knownFormats() {
    return String.join(", ", java.util.Arrays.stream(InputFormat.values()).map(InputFormat::id).toList());
  }
}
