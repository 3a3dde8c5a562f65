package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Severity;
import dev.dbprof.model.UnitSample;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** What the golden files cannot show: escaping of hostile text, limits, and parseability. */
class CiRenderersTest {

  private static final String NASTY = "a <b> & \"c\" 'd' | `e` 50% done, x:y\r\nline2 \u0001 ]]> ::error::injected";

  static Finding finding(String rule, Severity severity, String key, double savings, CallSite site) {
    return new Finding(rule, severity, key, "Title " + NASTY, "detail " + NASTY, "select " + NASTY, "0x01",
        List.of(), List.of(), 3, 1, savings, "fix " + NASTY, site, null, List.of(), new Finding.Location("log, 1:x.log", 7));
  }

  static Report report(List<Finding> findings) {
    Report base = SampleReports.full();
    return new Report(base.version(), base.summary(), findings, base.queries(), List.of(NASTY))
        .withRules(base.rules());
  }

  @Test
  void junitXmlParsesAndKeepsHostileTextIntact() throws Exception {
    Report report = report(List.of(
        finding("n-plus-one", Severity.ERROR, "n-plus-one:0x01:a.B.c", 5, new CallSite("a.B", "c", "B.java", 3)),
        finding("duplicate-query", Severity.WARNING, "duplicate-query:0x01", 1, null)));
    StringBuilder xml = new StringBuilder();
    new JUnitRenderer().render(report, xml);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml.toString())));
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    NodeList failures = doc.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    Element failure = (Element) failures.item(0);
    assertThat(failure.getAttribute("message")).contains("a <b> & \"c\" 'd'", "]]>");
    assertThat(failure.getTextContent()).contains("a <b> & \"c\" 'd' | `e` 50% done", "\uFFFD");
    assertThat(((Element) failure.getParentNode()).getAttribute("classname")).isEqualTo("dbprof.n-plus-one");
    assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("n-plus-one:0x01:a.B.c");
    // every test case is unique by classname + name (GitLab keeps only the first of duplicates)
    NodeList cases = doc.getElementsByTagName("testcase");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      ids.add(c.getAttribute("classname") + "#" + c.getAttribute("name"));
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Integer.parseInt(root.getAttribute("tests"))).isEqualTo(cases.getLength());
  }

  @Test
  void githubCommandsEscapeDataAndPropertiesAndNeverBreakTheLine() throws IOException {
    Report report = report(List.of(finding("n-plus-one", Severity.ERROR, "k", 5, null)));
    StringBuilder out = new StringBuilder();
    new GitHubRenderer(SourceLocator.conventional()).render(report, out);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(1);
    String line = lines[0];
    assertThat(line).startsWith("::error file=log%2C 1%3Ax.log,line=7,title=dbprof n-plus-one%3A Title a <b> & \"c\" 'd' | `e` 50%25 done%2C x%3Ay%0D%0Aline2");
    int separator = line.indexOf("::", 2);
    String message = line.substring(separator + 2);
    assertThat(message).contains("50%25 done, x:y%0D%0Aline2").doesNotContain("\r").doesNotContain("\n");
    // the injected text stays inside the message
    assertThat(line.indexOf("::error::injected")).isGreaterThan(separator);
  }

  @Test
  void githubShowsAtMostTenPerLevelWorstFirst() throws IOException {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      findings.add(finding("duplicate-query", Severity.WARNING, "w" + i, 100 - i, null));
    }
    for (int i = 0; i < 11; i++) {
      findings.add(finding("n-plus-one", Severity.ERROR, "e" + i, 50 - i, null));
    }
    StringBuilder out = new StringBuilder();
    new GitHubRenderer(SourceLocator.conventional()).render(report(findings), out);
    List<String> lines = List.of(out.toString().split("\n"));
    assertThat(lines).filteredOn(l -> l.startsWith("::error ")).hasSize(10);
    assertThat(lines).filteredOn(l -> l.startsWith("::warning ")).hasSize(10);
    assertThat(lines.get(0)).startsWith("::error ");
    assertThat(lines.get(10)).startsWith("::warning ");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(
        "::notice title=dbprof::3 more findings not annotated (GitHub shows 10 per level); see the job summary or the SARIF report.");
  }

  @Test
  void markdownKeepsTableRowsOnOneLineAndEscapesMarkup() throws IOException {
    Report report = report(List.of(finding("n-plus-one", Severity.ERROR, "k|x", 5, null)));
    StringBuilder out = new StringBuilder();
    new MarkdownRenderer().render(report, out);
    String row = out.toString().lines().filter(l -> l.startsWith("| 1 |")).findFirst().orElseThrow();
    // seven columns: eight cell borders; every other pipe is escaped
    assertThat(java.util.regex.Pattern.compile("(?<!\\\\)\\|").matcher(row).results().count()).as(row).isEqualTo(8);
    assertThat(out.toString()).contains("a \\<b\\> & \"c\" 'd' \\| `e` 50% done");
  }

  @Test
  void htmlEscapesEverything() throws IOException {
    StringBuilder out = new StringBuilder();
    new HtmlRenderer().render(report(List.of(finding("n-plus-one", Severity.ERROR, "k", 5, null))), out);
    assertThat(out.toString()).doesNotContain("<b>").contains("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;");
  }

  @Test
  void sarifPointsAtTheSourceWhenKnownElseAtTheLog() throws IOException {
    Report report = report(List.of(
        finding("n-plus-one", Severity.ERROR, "n-plus-one:0x01:a.B.c", 5, new CallSite("a.B", "c", "B.java", 3)),
        finding("duplicate-query", Severity.WARNING, "duplicate-query:0x01", 1, null)));
    StringBuilder out = new StringBuilder();
    new SarifRenderer(site -> "app/src/main/java/a/" + site.file()).render(report, out);
    assertThat(out.toString()).contains("\"uri\": \"app/src/main/java/a/B.java\"", "\"startLine\": 3",
        "\"uri\": \"log%2C%201%3Ax.log\"", "\"startLine\": 7", "\"dbprofKey/v1\": \"n-plus-one:0x01:a.B.c\"");
  }

  private static java.util.List<UnitSample.Step> steps(String shapes) {
    java.util.List<UnitSample.Step> steps = new ArrayList<>();
    for (char c : shapes.toCharArray()) {
      steps.add(new UnitSample.Step(String.valueOf(c), -1, -1, 0));
    }
    return steps;
  }

  @Test
  void timelineFindsTheLongestLoopOfOneOrSeveralShapes() {
    assertThat(HtmlRenderer.longestLoop(steps("PAAAAAAQ"))).containsExactly(1, 1, 6);
    assertThat(HtmlRenderer.longestLoop(steps("PABCABCABCABCQ"))).containsExactly(1, 3, 4);
    assertThat(HtmlRenderer.longestLoop(steps("ABABAAAA"))).containsExactly(4, 1, 4);
    assertThat(HtmlRenderer.longestLoop(steps("ABCDE"))[2]).isLessThan(3);
    assertThat(HtmlRenderer.longestLoop(steps("AAB"))[2]).isLessThan(3);
    assertThat(HtmlRenderer.longestLoop(steps(""))[2]).isZero();
  }
}
