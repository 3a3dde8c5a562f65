package dev.dbprof.internal.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's findings, by stable key, so that CI fails only on what is new or worse. The file is
 * pretty JSON with one finding per line, sorted by key and free of timestamps, so that it diffs
 * well in review:
 *
 * <pre>
 * {
 *   "schema": "dbprof-baseline/1",
 *   "findings": [
 *     {"key": "n-plus-one:0x1B2C…:shop.OrderRepository.byCustomer", "rule": "n-plus-one",
 *      "severity": "error", "occurrences": 60, "estimatedSavingsMs": 57.125},
 *     …
 *   ]
 * }
 * </pre>
 *
 * @param entries the findings, sorted by key
 */
public record Baseline(List<Entry> entries) {

  public static final String SCHEMA = "dbprof-baseline/1";

  /** More occurrences than the baseline's by more than this share is worse (counts are deterministic). */
  public static final double OCCURRENCE_TOLERANCE = 0.10;

  /** Savings that more than double, and by at least {@link #SAVINGS_SLACK_MS}, are worse (timings are noisy). */
  public static final double SAVINGS_FACTOR = 2.0;

  public static final double SAVINGS_SLACK_MS = 5.0;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One recorded finding: enough to tell it again (key) and to judge whether it got worse.
   *
   * @param key the finding's stable key (rule, query id, call site; never a log line)
   * @param rule its rule id
   * @param severity its severity then
   * @param occurrences its occurrences then
   * @param estimatedSavingsMs its estimated savings then
   */
  public record Entry(String key, String rule, Severity severity, long occurrences, double estimatedSavingsMs) {}

  public Baseline {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::key));
    entries = List.copyOf(sorted);
  }

  /** The report's findings (after the policy: suppressed findings are not recorded). */
  public static Baseline of(Report report) {
    Map<String, Entry> byKey = new LinkedHashMap<>();
    for (Finding f : report.findings()) {
      byKey.putIfAbsent(f.key(), new Entry(f.key(), f.rule(), f.severity(), f.occurrences(), round(f.estimatedSavingsMs())));
    }
    return new Baseline(List.copyOf(byKey.values()));
  }

  public void write(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out);
    }
  }

  public void write(Appendable out) throws IOException {
    out.append("{\n  \"schema\": \"").append(SCHEMA).append("\",\n  \"findings\": [");
    for (int i = 0; i < entries.size(); i++) {
      out.append(i == 0 ? "\n    " : ",\n    ").append(line(entries.get(i)));
    }
    out.append(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
  }

  private static String line(Entry entry) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("key", entry.key());
      json.writeStringField("rule", entry.rule());
      json.writeStringField("severity", entry.severity().id());
      json.writeNumberField("occurrences", entry.occurrences());
      json.writeNumberField("estimatedSavingsMs", BigDecimal.valueOf(entry.estimatedSavingsMs()).setScale(3, RoundingMode.HALF_UP));
      json.writeEndObject();
    }
    // one readable line: a space after each separator, as in the report
    return text.toString().replace("\",\"", "\", \"").replace("\":", "\": ").replace(",\"", ", \"");
  }

  /** Reads a baseline; a {@link PolicyException} names the file and what is wrong. */
  public static Baseline read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new PolicyException(file + ": not a dbprof baseline (invalid JSON at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ").", e);
    } catch (IOException e) {
      throw new PolicyException(file + ": the baseline cannot be read: " + e.getMessage() + ".", e);
    }
    if (root == null || !root.isObject() || !SCHEMA.equals(root.path("schema").asText())) {
      throw new PolicyException(file + ": schema is not \"" + SCHEMA + "\"; write the baseline again with --write-baseline.");
    }
    JsonNode findings = root.get("findings");
    if (findings == null || !findings.isArray()) {
      throw new PolicyException(file + ": findings must be a list.");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      JsonNode f = findings.get(i);
      String where = file + ": findings[" + i + "]";
      String key = f.path("key").asText("");
      if (key.isEmpty() || !f.path("occurrences").canConvertToLong()) {
        throw new PolicyException(where + " needs a key and occurrences.");
      }
      Severity severity = Policy.parseLevel(f.path("severity").asText("warning"), where + ".severity");
      String rule = f.path("rule").asText(key.substring(0, Math.max(0, key.indexOf(':'))));
      entries.add(new Entry(canonicalKey(key), canonicalRule(rule), severity == null ? Severity.WARNING : severity,
          f.path("occurrences").asLong(), f.path("estimatedSavingsMs").asDouble(0)));
    }
    return new Baseline(entries);
  }

  /**
   * Compares the report with this baseline: each finding is new, worse or known, and each baseline
   * entry that no longer occurs (and is not merely suppressed) is fixed.
   */
  public Report compare(Report report, String path) {
    Map<String, Entry> byKey = new LinkedHashMap<>();
    for (Entry e : entries) {
      byKey.put(e.key(), e);
    }
    Map<String, Review.Status> statuses = new LinkedHashMap<>();
    for (Finding f : report.findings()) {
      Entry before = byKey.get(f.key());
      statuses.put(f.key(), before == null ? Review.Status.NEW : worse(f, before) ? Review.Status.WORSENED : Review.Status.KNOWN);
    }
    Review review = report.effectiveReview();
    List<String> stillThere = new ArrayList<>(statuses.keySet());
    review.suppressed().forEach(s -> stillThere.add(s.key()));
    List<Review.Fixed> fixed = new ArrayList<>();
    for (Entry e : entries) {
      if (!stillThere.contains(e.key())) {
        fixed.add(new Review.Fixed(e.key(), e.rule(), e.occurrences(), e.estimatedSavingsMs()));
      }
    }
    return report.withReview(review.withBaseline(new Review.BaselineDiff(path, statuses, fixed)));
  }

  static boolean worse(Finding now, Entry before) {
    if (now.severity().compareTo(before.severity()) < 0) {
      return true;
    }
    if (now.occurrences() > before.occurrences() * (1 + OCCURRENCE_TOLERANCE)) {
      return true;
    }
    return now.estimatedSavingsMs() > before.estimatedSavingsMs() * SAVINGS_FACTOR
        && now.estimatedSavingsMs() - before.estimatedSavingsMs() >= SAVINGS_SLACK_MS;
  }

  private static String canonicalKey(String key) {
    int colon = key.indexOf(':');
    String rule = colon < 0 ? key : key.substring(0, colon);
    return canonicalRule(rule) + (colon < 0 ? "" : key.substring(colon));
  }

  /** A renamed rule's former id becomes its id, so old baselines keep matching; unknown ids stay as they are. */
  private static String canonicalRule(String rule) {
    return dev.dbprof.rules.BuiltinRules.byId(rule).map(r -> r.id()).orElse(rule);
  }

  private static double round(double ms) {
    return BigDecimal.valueOf(ms).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }
}
