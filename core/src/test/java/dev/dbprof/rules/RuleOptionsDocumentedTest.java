package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/rules.md lists the rule options from the declarations: the table between its markers is regenerated here and compared. */
class RuleOptionsDocumentedTest {

  private static final Path RULES_MD = Path.of("..", "docs", "rules.md");
  private static final String BEGIN = "<!-- rule-options:begin";
  private static final String END = "<!-- rule-options:end -->";

  /** The table as the declarations say it should read. */
  static String table() {
    StringBuilder table = new StringBuilder("| rule | option | type | default | allowed | meaning |\n"
        + "|---|---|---|---|---|---|\n");
    for (Rule rule : BuiltinRules.all()) {
      for (RuleOption<?> option : rule.options()) {
        table.append("| `").append(rule.id()).append("` | `").append(option.name()).append("` | ")
            .append(option.type().words()).append(" | ").append(option.format(option.defaultValue())).append(" | ")
            .append(option.range()).append(" | ").append(option.meaning()).append(" |\n");
      }
    }
    return table.toString();
  }

  @Test
  void theOptionsTableInDocsRulesMdMatchesTheDeclarations() throws IOException {
    List<String> lines = Files.readAllLines(RULES_MD, StandardCharsets.UTF_8);
    int begin = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(BEGIN)) {
        begin = i;
      } else if (lines.get(i).equals(END)) {
        end = i;
      }
    }
    assertThat(begin).as("docs/rules.md has the line " + BEGIN + " … -->").isNotNegative();
    assertThat(end).as("docs/rules.md has the line " + END + " after it").isGreaterThan(begin);
    String documented = String.join("\n", lines.subList(begin + 1, end)) + "\n";
    assertThat(documented).as("docs/rules.md: replace the table between the rule-options markers with%n%s", table())
        .isEqualTo(table());
  }
}
