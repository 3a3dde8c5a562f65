package dev.dbprof.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.RuleDescription;
import dev.dbprof.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one reporting descriptor per rule
 * with its help text, one result per finding at the call site's source line when known (else at
 * the log line), and partial fingerprints from the stable key so alerts survive moved lines.
 */
public final class SarifRenderer implements Renderer {

  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String RULES_DOC = "docs/rules.md#";

  private static final JsonFactory FACTORY = new JsonFactory();

  private final SourceLocator sources;

  public SarifRenderer(SourceLocator sources) {
    this.sources = sources;
  }

  @Override
  public void render(Report report, Appendable out) throws IOException {
    List<RuleDescription> rules = RuleCatalog.of(report);
    StringWriter buffer = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
      json.setPrettyPrinter(new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n")));
      json.writeStartObject();
      json.writeStringField("$schema", SCHEMA_URI);
      json.writeStringField("version", "2.1.0");
      json.writeArrayFieldStart("runs");
      json.writeStartObject();
      tool(json, report, rules);
      json.writeArrayFieldStart("results");
      for (Finding finding : report.findings()) {
        result(json, report, finding, rules);
      }
      json.writeEndArray();
      json.writeStringField("columnKind", "utf16CodeUnits");
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    }
    out.append(buffer.toString()).append('\n');
  }

  private static void tool(JsonGenerator json, Report report, List<RuleDescription> rules) throws IOException {
    json.writeObjectFieldStart("tool");
    json.writeObjectFieldStart("driver");
    json.writeStringField("name", "dbprof");
    json.writeStringField("version", report.version());
    json.writeStringField("semanticVersion", report.version());
    json.writeArrayFieldStart("rules");
    for (RuleDescription rule : rules) {
      json.writeStartObject();
      json.writeStringField("id", rule.id());
      json.writeStringField("name", camel(rule.id()));
      text(json, "shortDescription", rule.title());
      text(json, "fullDescription", rule.explanation());
      json.writeObjectFieldStart("help");
      json.writeStringField("text", rule.explanation() + "\n\nFix: " + rule.fix());
      json.writeStringField("markdown", "**" + rule.title() + "**\n\n" + rule.explanation() + "\n\n**Fix:** " + rule.fix());
      json.writeEndObject();
      json.writeObjectFieldStart("defaultConfiguration");
      json.writeStringField("level", level(rule.severity()));
      json.writeEndObject();
      json.writeObjectFieldStart("properties");
      json.writeArrayFieldStart("tags");
      json.writeString("performance");
      json.writeString("database");
      json.writeEndArray();
      json.writeStringField("precision", "high");
      json.writeStringField("problem.severity", rule.severity() == Severity.INFO ? "recommendation" : rule.severity().id());
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
  }

  private void result(JsonGenerator json, Report report, Finding f, List<RuleDescription> rules) throws IOException {
    json.writeStartObject();
    json.writeStringField("ruleId", f.rule());
    json.writeNumberField("ruleIndex", index(rules, f.rule()));
    json.writeStringField("level", level(f.severity()));
    Review.BaselineDiff baseline = report.effectiveReview().baseline();
    if (baseline != null) {
      json.writeStringField("baselineState", switch (baseline.status(f.key())) {
        case NEW -> "new";
        case WORSENED -> "updated";
        case KNOWN -> "unchanged";
      });
    }
    json.writeObjectFieldStart("message");
    json.writeStringField("text", message(f));
    json.writeEndObject();
    location(json, report, f);
    json.writeObjectFieldStart("partialFingerprints");
    json.writeStringField("dbprofKey/v1", f.key());
    json.writeStringField("primaryLocationLineHash", sha256(f.key()).substring(0, 32) + ":1");
    json.writeEndObject();
    json.writeObjectFieldStart("properties");
    json.writeStringField("key", f.key());
    if (f.queryId() != null) {
      json.writeStringField("queryId", f.queryId());
      json.writeStringField("fingerprint", f.fingerprint());
    }
    json.writeNumberField("occurrences", f.occurrences());
    json.writeNumberField("unitsOfWork", f.unitsOfWork());
    if (f.evidence() != null) {
      json.writeStringField("evidence", f.evidence().id());
    }
    json.writeNumberField("estimatedSavingsMs", BigDecimal.valueOf(f.estimatedSavingsMs()).setScale(3, RoundingMode.HALF_UP));
    if (f.index() != null) {
      json.writeStringField("indexDdl", f.index().ddl());
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private void location(JsonGenerator json, Report report, Finding f) throws IOException {
    String uri = null;
    long line = 0;
    String description = null;
    if (f.callSite() != null && sources.path(f.callSite()) != null) {
      uri = sources.path(f.callSite());
      line = f.callSite().line();
      description = f.callSite().className() + "." + f.callSite().method();
    } else if (f.location() != null) {
      uri = f.location().path();
      line = f.location().line();
      description = "first occurrence in the input";
    } else if (!report.summary().inputs().isEmpty()) {
      uri = report.summary().inputs().get(0).path();
      description = "the input that shows it";
    }
    if (uri == null) {
      return;
    }
    json.writeArrayFieldStart("locations");
    json.writeStartObject();
    json.writeObjectFieldStart("physicalLocation");
    json.writeObjectFieldStart("artifactLocation");
    json.writeStringField("uri", uri(uri));
    json.writeEndObject();
    if (line > 0) {
      json.writeObjectFieldStart("region");
      json.writeNumberField("startLine", line);
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeObjectFieldStart("message");
    json.writeStringField("text", description);
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndArray();
  }

  static String message(Finding f) {
    StringBuilder text = new StringBuilder(f.title()).append(": ").append(f.detail()).append('.');
    if (f.fingerprint() != null) {
      text.append(" Query ").append(f.queryId()).append(": ").append(f.fingerprint());
    }
    text.append(String.format(java.util.Locale.ROOT, " Saves about %.1f ms of database time.", f.estimatedSavingsMs()));
    text.append(" Fix: ").append(f.fix());
    return text.toString();
  }

  static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  private static int index(List<RuleDescription> rules, String id) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException("rule not in catalog: " + id);
  }

  private static void text(JsonGenerator json, String name, String text) throws IOException {
    json.writeObjectFieldStart(name);
    json.writeStringField("text", text);
    json.writeEndObject();
  }

  /** {@code n-plus-one} → {@code NPlusOne}: SARIF's rule name is an identifier. */
  private static String camel(String id) {
    StringBuilder name = new StringBuilder();
    for (String part : id.split("-")) {
      if (!part.isEmpty()) {
        name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return name.toString();
  }

  /** A relative path as a URI reference: forward slashes, unsafe characters percent-encoded. */
  static String uri(String path) {
    StringBuilder uri = new StringBuilder();
    for (byte b : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
        uri.append((char) c);
      } else {
        uri.append('%').append(String.format("%02X", c));
      }
    }
    return uri.toString();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
