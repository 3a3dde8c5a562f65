package dev.dbprof.examples;

import dev.dbprof.Analysis;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.examples.RequestRecordings.Recording;
import dev.dbprof.examples.RequestRecordings.Source;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** dbprof's report of one file of a recorded run, and the questions the scenario tests ask of it. */
record RequestReports(Recording recording, Source source, Report report) {

  /** The rules whose findings on a clean scenario are false alarms. */
  static final List<String> LOOP_RULES = List.of("n-plus-one", "duplicate-query", "unbatched-writes");

  static RequestReports of(Recording recording, Source source) {
    Report report = Analysis.of(AnalysisOptions.defaults("test"))
        .read(recording.files().get(source).toString()).report();
    return new RequestReports(recording, source, report);
  }

  List<Finding> findings(String rule) {
    return report.findings().stream().filter(f -> f.rule().equals(rule)).toList();
  }

  /** Findings of {@code rule} on a statement matching {@code fingerprint} (a regex on dbprof's fingerprint). */
  List<Finding> findings(String rule, Pattern fingerprint) {
    return findings(rule).stream().filter(f -> f.fingerprint() != null && fingerprint.matcher(f.fingerprint()).find())
        .toList();
  }

  /** What the report says, one line per finding, for assertion messages. */
  String describe() {
    return recording + ", " + source + " (" + report.summary().unitsOfWork() + " units of work, "
        + report.summary().statements() + " statements):\n" + report.findings().stream()
        .map(f -> String.format(Locale.ROOT, "  %s %s x%d in %d unit(s): %s | %s", f.rule(), f.severity(),
            f.occurrences(), f.unitsOfWork(), f.fingerprint(), f.title()))
        .collect(Collectors.joining("\n"));
  }
}
