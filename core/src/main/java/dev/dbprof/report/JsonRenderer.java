package dev.dbprof.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Finding;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Summary;
import dev.dbprof.model.UnitSample;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The JSON report ({@value Report#SCHEMA}), fields in the documented order. */
public final class JsonRenderer implements Renderer {

  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public void render(Report report, Appendable out) throws IOException {
    StringWriter buffer = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"));
      json.setPrettyPrinter(printer);
      json.writeStartObject();
      json.writeStringField("schema", Report.SCHEMA);
      json.writeObjectFieldStart("tool");
      json.writeStringField("name", "dbprof");
      json.writeStringField("version", report.version());
      json.writeEndObject();
      summary(json, report.summary());
      json.writeArrayFieldStart("findings");
      for (Finding finding : report.findings()) {
        finding(json, finding);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("queries");
      for (QueryRow row : report.queries()) {
        query(json, row);
      }
      json.writeEndArray();
      units(json, report.units());
      strings(json, "notes", report.notes());
      if (report.review() != null) {
        review(json, report);
      }
      json.writeEndObject();
    }
    out.append(buffer.toString()).append('\n');
  }

  private static void summary(JsonGenerator json, Summary summary) throws IOException {
    json.writeObjectFieldStart("summary");
    json.writeNumberField("statements", summary.statements());
    json.writeNumberField("fingerprints", summary.fingerprints());
    json.writeNumberField("unitsOfWork", summary.unitsOfWork());
    millis(json, "totalTimeMs", summary.totalTimeMs());
    json.writeNumberField("droppedEvents", summary.droppedEvents());
    time(json, summary.time());
    if (summary.startup().any()) {
      json.writeObjectFieldStart("startup");
      json.writeNumberField("statements", summary.startup().statements());
      millis(json, "totalTimeMs", summary.startup().totalTimeMs());
      json.writeNumberField("units", summary.startup().units());
      json.writeEndObject();
    }
    if (summary.folded().any()) { // only then: reports without folding stay as they were
      json.writeObjectFieldStart("folded");
      json.writeNumberField("shapes", summary.folded().shapes());
      json.writeNumberField("statements", summary.folded().statements());
      millis(json, "totalTimeMs", summary.folded().totalTimeMs());
      json.writeNumberField("maxFingerprints", summary.folded().maxFingerprints());
      json.writeEndObject();
    }
    json.writeArrayFieldStart("inputs");
    for (InputSummary input : summary.inputs()) {
      json.writeStartObject();
      json.writeStringField("path", input.path());
      json.writeStringField("format", input.formatId());
      json.writeNumberField("events", input.events());
      json.writeNumberField("skippedLines", input.skippedLines());
      json.writeNumberField("droppedEvents", input.droppedEvents());
      json.writeArrayFieldStart("problems");
      for (Problem problem : input.problems()) {
        json.writeStartObject();
        json.writeNumberField("line", problem.line());
        json.writeStringField("reason", problem.reason());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void finding(JsonGenerator json, Finding f) throws IOException {
    json.writeStartObject();
    json.writeStringField("rule", f.rule());
    json.writeStringField("severity", f.severity().id());
    if (f.evidence() != null) {
      json.writeStringField("evidence", f.evidence().id());
    }
    json.writeStringField("key", f.key());
    json.writeStringField("title", f.title());
    json.writeStringField("detail", f.detail());
    if (f.fingerprint() != null) {
      json.writeStringField("fingerprint", f.fingerprint());
      json.writeStringField("queryId", f.queryId());
    }
    strings(json, "tables", f.tables());
    strings(json, "columns", f.columns());
    json.writeNumberField("occurrences", f.occurrences());
    json.writeNumberField("unitsOfWork", f.unitsOfWork());
    millis(json, "estimatedSavingsMs", f.estimatedSavingsMs());
    json.writeStringField("fix", f.fix());
    if (f.callSite() != null) {
      CallSite site = f.callSite();
      json.writeObjectFieldStart("callSite");
      json.writeStringField("class", site.className());
      json.writeStringField("method", site.method());
      json.writeStringField("file", site.file());
      json.writeNumberField("line", site.line());
      json.writeEndObject();
    }
    if (f.index() != null) {
      IndexAdvice index = f.index();
      json.writeObjectFieldStart("index");
      json.writeStringField("table", index.table());
      strings(json, "columns", index.columns());
      json.writeStringField("ddl", index.ddl());
      millis(json, "costBefore", index.costBefore());
      millis(json, "costAfter", index.costAfter());
      json.writeStringField("validated", index.validated().wire());
      json.writeStringField("planSource", index.planSource().wire());
      json.writeEndObject();
    }
    if (!f.related().isEmpty()) {
      strings(json, "related", f.related());
    }
    if (f.location() != null) {
      json.writeObjectFieldStart("location");
      json.writeStringField("path", f.location().path());
      json.writeNumberField("line", f.location().line());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** Present once a CI policy was applied: what fails the run, what was suppressed, the baseline comparison. */
  private static void review(JsonGenerator json, Report report) throws IOException {
    Review review = report.review();
    json.writeObjectFieldStart("review");
    json.writeStringField("failOn", review.thresholdId());
    json.writeStringField("policy", review.source());
    strings(json, "failing", report.failing().stream().map(Finding::key).toList());
    json.writeArrayFieldStart("suppressed");
    for (Review.Suppressed s : review.suppressed()) {
      json.writeStartObject();
      json.writeStringField("key", s.key());
      json.writeStringField("rule", s.rule());
      json.writeStringField("reason", s.reason());
      json.writeEndObject();
    }
    json.writeEndArray();
    if (review.baseline() != null) {
      Review.BaselineDiff diff = review.baseline();
      json.writeObjectFieldStart("baseline");
      json.writeStringField("path", diff.path());
      for (Review.Status status : Review.Status.values()) {
        strings(json, status.id(), diff.statuses().entrySet().stream()
            .filter(e -> e.getValue() == status).map(java.util.Map.Entry::getKey).toList());
      }
      json.writeArrayFieldStart("fixed");
      for (Review.Fixed fixed : diff.fixed()) {
        json.writeStartObject();
        json.writeStringField("key", fixed.key());
        json.writeStringField("rule", fixed.rule());
        json.writeNumberField("occurrences", fixed.occurrences());
        millis(json, "estimatedSavingsMs", fixed.estimatedSavingsMs());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void query(JsonGenerator json, QueryRow row) throws IOException {
    json.writeStartObject();
    json.writeStringField("queryId", row.queryId());
    json.writeStringField("fingerprint", row.fingerprint());
    json.writeStringField("kind", row.kind());
    json.writeNumberField("count", row.count());
    millis(json, "totalMs", row.totalMs());
    millis(json, "p50Ms", row.p50Ms());
    millis(json, "p95Ms", row.p95Ms());
    millis(json, "maxMs", row.maxMs());
    json.writeNumberField("errors", row.errors());
    json.writeEndObject();
  }

  private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** Milliseconds to three decimals (microseconds): stable text, no binary-fraction noise. */
  /** The busiest units of work (the HTML timeline's), without their steps. */
  private static void units(JsonGenerator json, List<UnitSample> units) throws IOException {
    if (units.isEmpty()) {
      return; // reports without units stay as they were
    }
    json.writeArrayFieldStart("units");
    for (UnitSample unit : units) {
      json.writeStartObject();
      json.writeStringField("input", unit.input());
      json.writeStringField("session", unit.session());
      if (unit.name() != null) {
        json.writeStringField("name", unit.name());
      }
      json.writeStringField("boundary", unit.boundary());
      json.writeNumberField("startMicros", unit.startMicros());
      json.writeNumberField("roundTrips", unit.roundTrips());
      millis(json, "totalTimeMs", unit.totalMs());
      json.writeStringField("end", unit.end());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** The parts of the database time; a part the input showed none of is absent, not zero. */
  private static void time(JsonGenerator json, Summary.Time time) throws IOException {
    json.writeObjectFieldStart("time");
    millis(json, "statementsMs", time.statementsMs());
    if (time.transactionEndsMs() != null) {
      millis(json, "transactionEndsMs", time.transactionEndsMs());
    }
    if (time.connectMs() != null) {
      millis(json, "connectMs", time.connectMs());
    }
    if (time.parseBindMs() != null) {
      millis(json, "parseBindMs", time.parseBindMs());
    }
    json.writeEndObject();
  }

  private static void millis(JsonGenerator json, String name, double value) throws IOException {
    if (!Double.isFinite(value)) { // costAfter of an index suggestion that could not be validated
      json.writeNullField(name);
      return;
    }
    json.writeNumberField(name, BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP));
  }
}
