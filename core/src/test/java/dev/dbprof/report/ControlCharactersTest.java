package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Finding;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Summary;
import dev.dbprof.rules.BuiltinRules;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Control characters from the input (a quoted identifier, a file name, a call site) never reach a
 * terminal or a CI log through the text, Markdown or GitHub output; dbprof's own colours still do.
 */
class ControlCharactersTest {

  /** Sets the terminal's title, clears the screen (ESC and C1 CSI), rings, deletes, returns. */
  private static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f\rX\tY";
  private static final String ESCAPED = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\rX\\tY";

  private static Report hostileReport() {
    String table = "\"orders" + HOSTILE + "\"";
    Finding finding = new Finding("n-plus-one", Severity.ERROR, "n-plus-one:0x1:k",
        "Query repeated once per row (N+1) on " + table, "20 × `select * from " + table + " where id = ?`",
        "select * from " + table + " where id = ?", "0x1B2C3D4E5F607182", List.of(table), List.of("id" + HOSTILE),
        20, 1, 5.0, "Fetch " + table + " in one query.",
        new CallSite("shop.Repo" + HOSTILE, "load" + HOSTILE, "Repo" + HOSTILE + ".java", 7),
        new IndexAdvice("0x1B2C3D4E5F607182", table, List.of("id"), "CREATE INDEX ON " + table + " (id)", 10, 1, ValidationMethod.NONE,
            PlanSource.SAMPLE_VALUES, 20, true, "the index serves the filter on id"),
        List.of(), new Finding.Location("capture" + HOSTILE + ".jsonl", 3));
    Summary summary = new Summary(20, 1, 1, 5.0, List.of(new InputSummary("capture" + HOSTILE + ".jsonl",
        InputFormat.DBPROF, 20, 1, 0, List.of(new Problem("capture" + HOSTILE + ".jsonl", 2,
            "unknown event type '" + HOSTILE + "'")))), 0);
    return new Report("0.1.0", summary, List.of(finding),
        List.of(new QueryRow("0x1B2C3D4E5F607182", "select * from " + table + " where id = ?", "select", 20, 5.0,
            0.2, 0.3, 0.4, 0)),
        List.of("EXPLAIN failed: relation " + table + " does not exist"))
        .withRules(BuiltinRules.catalog(List.of()));
  }

  private static String render(Renderer renderer) throws IOException {
    StringBuilder out = new StringBuilder();
    renderer.render(hostileReport(), out);
    return out.toString();
  }

  /** The characters a terminal would act on: C0 but line feed, DEL, C1. */
  private static List<Character> controls(String text) {
    return text.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f)
        .mapToObj(c -> (char) c).toList();
  }

  @Test
  void theTextReportEscapesEveryControlCharacterFromTheInput() throws IOException {
    String text = render(new TextRenderer(false));

    assertThat(controls(text)).isEmpty();
    assertThat(text).contains("\"orders" + ESCAPED + "\"", "shop.Repo" + ESCAPED, "capture" + ESCAPED + ".jsonl",
        "unknown event type '" + ESCAPED + "'", "relation \"orders" + ESCAPED + "\" does not exist");
  }

  @Test
  void coloursDbprofAddsStillReachTheTerminalAndNothingElseDoes() throws IOException {
    String text = render(new TextRenderer(true));

    assertThat(text).contains("\u001b[1mdbprof 0.1.0\u001b[0m", "\u001b[31merror\u001b[0m");
    String withoutOwnColours = text.replaceAll("\u001b\\[(1|0|31|33|36)m", "");
    assertThat(controls(withoutOwnColours)).isEmpty();
    assertThat(text).contains("\"orders" + ESCAPED + "\"");
  }

  @Test
  void markdownAndGitHubAnnotationsEscapeThemToo() throws IOException {
    String markdown = render(new MarkdownRenderer());
    String github = render(new GitHubRenderer(SourceLocator.conventional()));

    assertThat(controls(markdown)).isEmpty();
    assertThat(markdown).contains("orders" + ESCAPED);
    assertThat(controls(github)).isEmpty();
    assertThat(github).startsWith("::error ").contains("orders\\x1b]0;pwned\\x07");
  }

  @Test
  void escapeLeavesOrdinaryTextAloneAndKeepsLineBreaks() {
    String plain = "select * from \"Straße\" where id = ? — ok\r\n";
    assertThat(ControlCharacters.escape(plain)).isSameAs(plain);
    assertThat(ControlCharacters.escape("a\nb\u0000c\u0085")).isEqualTo("a\nb\\x00c\\x85");
  }
}
