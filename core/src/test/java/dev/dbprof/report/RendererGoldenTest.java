package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every renderer against its golden file, for a full and an empty report. Run with
 * {@code -Ddbprof.updateGolden=true} to rewrite the files, then review the diff.
 */
class RendererGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/dev/dbprof/report/golden");

  static Stream<Arguments> outputs() {
    return Stream.of(
        Arguments.of("report.txt", new TextRenderer(false), SampleReports.full()),
        Arguments.of("empty.txt", new TextRenderer(false), SampleReports.empty()),
        Arguments.of("report.json", new JsonRenderer(), SampleReports.full()),
        Arguments.of("empty.json", new JsonRenderer(), SampleReports.empty()),
        Arguments.of("reviewed.json", new JsonRenderer(), SampleReports.reviewed()),
        Arguments.of("report.sarif.json", new SarifRenderer(SourceLocator.conventional()), SampleReports.full()),
        Arguments.of("empty.sarif.json", new SarifRenderer(SourceLocator.conventional()), SampleReports.empty()),
        Arguments.of("reviewed.sarif.json", new SarifRenderer(SourceLocator.conventional()), SampleReports.reviewed()),
        Arguments.of("report.junit.xml", new JUnitRenderer(), SampleReports.full()),
        Arguments.of("empty.junit.xml", new JUnitRenderer(), SampleReports.empty()),
        Arguments.of("reviewed.junit.xml", new JUnitRenderer(), SampleReports.reviewed()),
        Arguments.of("report.github.txt", new GitHubRenderer(SourceLocator.conventional()), SampleReports.full()),
        Arguments.of("empty.github.txt", new GitHubRenderer(SourceLocator.conventional()), SampleReports.empty()),
        Arguments.of("reviewed.github.txt", new GitHubRenderer(SourceLocator.conventional()), SampleReports.reviewed()),
        Arguments.of("report.md", new MarkdownRenderer(), SampleReports.full()),
        Arguments.of("empty.md", new MarkdownRenderer(), SampleReports.empty()),
        Arguments.of("reviewed.md", new MarkdownRenderer(), SampleReports.reviewed()),
        Arguments.of("report.html", new HtmlRenderer(), SampleReports.full()),
        Arguments.of("empty.html", new HtmlRenderer(), SampleReports.empty()),
        Arguments.of("reviewed.html", new HtmlRenderer(), SampleReports.reviewed()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outputs")
  void rendersExactlyTheGoldenFile(String file, Renderer renderer, Report report) throws IOException {
    StringBuilder out = new StringBuilder();
    renderer.render(report, out);
    String actual = out.toString().replace(System.lineSeparator(), "\n");
    Path golden = GOLDEN.resolve(file);
    if (Boolean.getBoolean("dbprof.updateGolden")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
