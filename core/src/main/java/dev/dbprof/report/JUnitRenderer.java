package dev.dbprof.report;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.RuleDescription;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML that CI systems (GitLab, Jenkins, GitHub test reporters) show as tests: one test
 * suite per rule; a rule with nothing failing is one passing test case, and each finding is a
 * test case of its own (classname {@code dbprof.<rule>}, name its stable key) that fails when it
 * is at or above {@code --fail-on} (and, with a baseline, new or worse), is skipped when the
 * baseline already knows it, and passes otherwise.
 */
public final class JUnitRenderer implements Renderer {

  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  @Override
  public void render(Report report, Appendable out) throws IOException {
    Review review = report.effectiveReview();
    StringWriter buffer = new StringWriter();
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(buffer);
      xml.writeStartDocument("UTF-8", "1.0");
      newline(xml, 0);
      List<RuleDescription> rules = RuleCatalog.of(report);
      int tests = 0;
      int failures = 0;
      int skipped = 0;
      for (RuleDescription rule : rules) {
        List<Finding> findings = findings(report, rule.id());
        tests += Math.max(1, findings.size());
        for (Finding f : findings) {
          failures += review.fails(f) ? 1 : 0;
          skipped += known(review, f) ? 1 : 0;
        }
      }
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "dbprof");
      xml.writeAttribute("tests", Integer.toString(tests));
      xml.writeAttribute("failures", Integer.toString(failures));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", Integer.toString(skipped));
      xml.writeAttribute("time", "0");
      for (RuleDescription rule : rules) {
        suite(xml, report, review, rule);
      }
      newline(xml, 0);
      xml.writeEndElement();
      newline(xml, 0);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
    out.append(buffer.toString());
  }

  private static void suite(XMLStreamWriter xml, Report report, Review review, RuleDescription rule)
      throws XMLStreamException {
    List<Finding> findings = findings(report, rule.id());
    long failures = findings.stream().filter(review::fails).count();
    long skipped = findings.stream().filter(f -> known(review, f)).count();
    String classname = "dbprof." + rule.id();
    newline(xml, 1);
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", classname);
    xml.writeAttribute("tests", Integer.toString(Math.max(1, findings.size())));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", Long.toString(skipped));
    xml.writeAttribute("time", "0");
    if (findings.isEmpty()) {
      newline(xml, 2);
      xml.writeEmptyElement("testcase");
      xml.writeAttribute("classname", classname);
      xml.writeAttribute("name", rule.id() + ": no findings");
      xml.writeAttribute("time", "0");
    }
    for (Finding f : findings) {
      newline(xml, 2);
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", classname);
      xml.writeAttribute("name", clean(f.key()));
      xml.writeAttribute("time", "0");
      if (review.fails(f)) {
        newline(xml, 3);
        xml.writeStartElement("failure");
        xml.writeAttribute("type", f.severity().id());
        xml.writeAttribute("message", clean(f.title() + ": " + f.detail()));
        xml.writeCharacters(clean(body(report, f)));
        xml.writeEndElement();
      } else if (known(review, f)) {
        newline(xml, 3);
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", "known in baseline " + clean(review.baseline().path()));
      } else {
        newline(xml, 3);
        xml.writeStartElement("system-out");
        xml.writeCharacters(clean(String.format(Locale.ROOT, "%s (below --fail-on %s)%n%s", f.severity().id(),
            review.thresholdId(), body(report, f))));
        xml.writeEndElement();
      }
      newline(xml, 2);
      xml.writeEndElement();
    }
    newline(xml, 1);
    xml.writeEndElement();
  }

  private static String body(Report report, Finding f) {
    StringBuilder text = new StringBuilder();
    text.append(f.title()).append(" [").append(f.rule()).append(", ").append(f.severity().id()).append("]\n");
    text.append("Evidence: ").append(TextRenderer.evidence(f)).append('\n');
    if (f.callSite() != null) {
      text.append("Where:    ").append(f.callSite()).append('\n');
    } else if (f.location() != null) {
      text.append("Where:    ").append(f.location().path()).append(':').append(f.location().line()).append('\n');
    }
    if (f.fingerprint() != null) {
      text.append("Query:    ").append(f.queryId()).append("  ").append(f.fingerprint()).append('\n');
    }
    text.append(String.format(Locale.ROOT, "Saves:    ~%.1f ms over %d occurrences in %d %s%n",
        f.estimatedSavingsMs(), f.occurrences(), f.unitsOfWork(), f.unitsOfWork() == 1 ? "unit of work" : "units of work"));
    if (f.index() != null) {
      text.append("Index:    ").append(f.index().ddl()).append('\n');
    }
    text.append("Fix:      ").append(f.fix()).append('\n');
    Review.BaselineDiff baseline = report.effectiveReview().baseline();
    if (baseline != null) {
      text.append("Baseline: ").append(baseline.status(f.key()).id()).append('\n');
    }
    return text.toString();
  }

  private static boolean known(Review review, Finding f) {
    return review.baseline() != null && review.baseline().status(f.key()) == Review.Status.KNOWN
        && review.threshold() != null && f.severity().atLeast(review.threshold());
  }

  private static List<Finding> findings(Report report, String rule) {
    List<Finding> found = new ArrayList<>();
    for (Finding f : report.findings()) {
      if (f.rule().equals(rule)) {
        found.add(f);
      }
    }
    return found;
  }

  private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
    xml.writeCharacters("\n" + "  ".repeat(depth));
  }

  /** Drops characters XML 1.0 cannot carry (control characters other than tab and newline). */
  static String clean(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      boolean allowed = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF
          || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
      clean.appendCodePoint(allowed ? c : '\uFFFD');
    });
    return clean.toString();
  }
}
