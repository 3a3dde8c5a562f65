package dev.dbprof.cli;

import dev.dbprof.Analysis;
import dev.dbprof.Version;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.AdvisorException;
import dev.dbprof.internal.explain.IndexAdvisor;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Report;
import dev.dbprof.internal.policy.Baseline;
import dev.dbprof.internal.policy.FailOn;
import dev.dbprof.internal.policy.Policy;
import dev.dbprof.internal.policy.Verdict;
import dev.dbprof.internal.read.Inputs;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.Readers;
import dev.dbprof.report.ControlCharacters;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbprof analyze FILE…}: read captures and logs, run the rules, print the ranked fixes. */
@Command(name = "analyze", sortOptions = false, mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
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

  @Option(names = "--allow-empty",
      description = "Accept an input with no statement in it (exit 0); by default it exits 2, since it checked nothing.")
  boolean allowEmpty;

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

  @Option(names = "--max-statements", paramLabel = "N", converter = CliNumbers.Statements.class,
      description = "Statement budget per unit of work (rule statement-budget).")
  Integer maxStatements;

  @Option(names = "--max-statements-total", paramLabel = "N", converter = CliNumbers.Statements.class,
      description = "Statement budget for the whole input (rule statement-budget).")
  Integer maxStatementsTotal;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Fail only on findings that are new or worse than in this baseline; report fixed ones.")
  Path baseline;

  @Option(names = "--write-baseline", paramLabel = "FILE",
      description = "Record today's findings as the baseline (sorted, stable, reviewable); exits 0.")
  Path writeBaseline;

  @Option(names = "--input-format", paramLabel = "ID",
      description = "Read every input as this format instead of detecting it: dbprof, p6spy, p6spy-multiline,"
          + " p6spy-custom, pg-stderr, pg-csvlog, pg-jsonlog, mysql-general, mysql-slow.")
  String inputFormat;

  @Option(names = "--p6spy-format", paramLabel = "FORMAT",
      description = "p6spy's customLogMessageFormat, for logs written with CustomLineFormat, e.g."
          + " '%%(currentTime)|%%(executionTime)|%%(category)|%%(sqlSingleLine)'.")
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
      description = "A rule option, e.g. --set n-plus-one.minRepeats=3 (repeatable; 'dbprof rules' lists each rule's options).")
  Map<String, String> ruleOptions = new LinkedHashMap<>();

  @Option(names = "--idle-gap-ms", defaultValue = "1000", paramLabel = "MS", converter = CliNumbers.Milliseconds.class,
      description = "Without unit markers, a thread or connection idle this long always ends a unit of work; shorter gaps"
          + " end one when they are long for the session's rhythm (default: ${DEFAULT-VALUE}).")
  long idleGapMs;

  @Option(names = "--max-fingerprints", defaultValue = "" + AnalysisOptions.DEFAULT_MAX_FINGERPRINTS, paramLabel = "N",
      converter = CliNumbers.Shapes.class,
      description = "Distinct query shapes kept at most: past it the least-used half is folded into one \"other\" "
          + "bucket, counted in the summary (default: ${DEFAULT-VALUE}).")
  int maxFingerprints;

  @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
      description = "Colors in the text report: auto, always or never (default: ${DEFAULT-VALUE}; NO_COLOR disables auto).")
  String color;

  @Mixin
  ExplainOptions explain;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    refuseOutputsThatAreInputs();
    Policy policy = policy();
    ReaderOptions readerOptions = readerOptions();
    AnalysisOptions options = AnalysisOptions.defaults(Version.get())
        .withRules(policy.rules(selectedRules()))
        .withRuleOptions(policy.ruleOptions())
        .withIdleGapMicros(idleGapMs * 1000)
        .withMaxFingerprints(maxFingerprints);
    if (!explain.enabled()) {
      return conclude(policy, analyze(options, readerOptions));
    }
    IndexAdvisor advisor;
    try {
      advisor = explain.open();
    } catch (AdvisorException e) {
      // The report is still worth having; the exit code tells CI that the advice is missing.
      spec.commandLine().getErr().println("dbprof: " + ControlCharacters.escape(e.getMessage())
          + " The report has no index advice.");
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
    Analysis analysis = Analysis.of(options, readerOptions, this::reportSkippedLines);
    for (String file : inTimeOrder(files, readerOptions)) {
      analysis.read(file);
    }
    return analysis.report();
  }

  private void reportSkippedLines(InputSummary summary) {
    if (summary.skippedLines() > 0) {
      spec.commandLine().getErr().printf("dbprof: %s: skipped %,d unreadable %s (first: %s)%n",
          ControlCharacters.escape(summary.path()), summary.skippedLines(),
          summary.skippedLines() == 1 ? "line" : "lines",
          summary.problems().isEmpty() ? "?" : ControlCharacters.escape(summary.problems().get(0).toString()));
    }
  }

  /** Applies the policy and the baseline, writes every report, and decides the exit code. */
  private int conclude(Policy policy, Report analyzed) throws IOException {
    Report report = policy.apply(analyzed);
    if (baseline != null) {
      report = Baseline.read(baseline).compare(report, baseline.toString());
    }
    write(report);
    if (report.summary().statements() == 0 && !allowEmpty) {
      // a CI gate must not pass on a log it could not read (wrong --pg-prefix, an empty capture)
      long skipped = report.summary().inputs().stream().mapToLong(InputSummary::skippedLines).sum();
      throw new UserException("No statement was read" + (skipped == 0 ? "" : " (" + skipped + " line"
          + (skipped == 1 ? "" : "s") + " skipped)") + ", so nothing was checked: fix the input (its format,"
          + " --input-format, --pg-prefix) or pass --allow-empty.");
    }
    if (writeBaseline != null) {
      try {
        Baseline.of(report).write(writeBaseline);
      } catch (IOException e) {
        throw new UserException("Cannot write the baseline to " + writeBaseline + ": "
            + OutputFiles.reason(e, writeBaseline) + ".");
      }
      spec.commandLine().getErr().printf("dbprof: wrote %d findings to the baseline %s%n", report.findings().size(),
          ControlCharacters.escape(writeBaseline.toString()));
      return ExitCodes.OK;
    }
    if (report.effectiveReview().threshold() != null || !report.findings().isEmpty()) {
      spec.commandLine().getErr().println(Verdict.describe(report));
    }
    return Verdict.exitCode(report);
  }

  /**
   * Several files are read in the order of their first timestamp, so rotated logs given in any
   * order (postgresql.log.1 postgresql.log) are read as the server wrote them. Files without time
   * keep their place relative to each other. Standard input, a FIFO or a {@code <(…)} pipe can be
   * read only once, so with one of them every input keeps its place.
   */
  private static List<String> inTimeOrder(List<String> files, ReaderOptions options) {
    if (files.size() < 2 || files.stream().anyMatch(Inputs::isStream)) {
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
      String lost = CheckedStdout.failureOf(out);
      if (lost != null) {
        throw new UserException(lost);
      }
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
      throw new UserException("Cannot write the report to " + file + ": " + OutputFiles.reason(e, file) + ".");
    }
  }

  /** Every file this command writes, checked against every file it reads, before anything is read. */
  private void refuseOutputsThatAreInputs() {
    Map<Path, String> outputs = new LinkedHashMap<>();
    if (output != null) {
      outputs.put(output, "--output");
    }
    for (Map.Entry<OutputFormat, Path> extra : extraReports.entrySet()) {
      outputs.putIfAbsent(extra.getValue(), "--report " + extra.getKey().name().toLowerCase(java.util.Locale.ROOT));
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String file : files) {
      inputs.putIfAbsent(file, "input");
    }
    if (config != null) {
      inputs.putIfAbsent(config.toString(), "--config file");
    }
    if (baseline != null) {
      inputs.putIfAbsent(baseline.toString(), "--baseline file");
    }
    OutputFiles.refuseInputs(outputs, inputs);
    Map<Path, String> every = new LinkedHashMap<>(outputs);
    if (writeBaseline != null) {
      every.putIfAbsent(writeBaseline, "--write-baseline");
    }
    OutputFiles.refuseDuplicates(every);
    if (writeBaseline != null) {
      // Refreshing the --baseline in place is allowed: it is read whole before it is written.
      inputs.remove(baseline == null ? null : baseline.toString());
      OutputFiles.refuseInputs(Map.of(writeBaseline, "--write-baseline"), inputs);
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
        rules.add(rule(id, "--rules"));
      }
    } else {
      rules.addAll(BuiltinRules.all());
    }
    for (String id : disabledRules) {
      Rule disabled = rule(id, "--disable");
      rules.removeIf(r -> r.id().equals(disabled.id()));
    }
    return rules;
  }

  private static Rule rule(String id, String option) {
    return BuiltinRules.byId(id).orElseThrow(() -> new UserException(option + ": " + BuiltinRules.unknown(id) + "."));
  }

  private static String knownFormats() {
    return String.join(", ", java.util.Arrays.stream(InputFormat.values()).map(InputFormat::id).toList());
  }
}
