package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-fingerprints}: validated, and what it folds is said in the report. */
class MaxFingerprintsTest {

  @TempDir Path dir;

  private Path tenShapes() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      log.append("2026-11-24 01:00:0").append(i).append(".000 UTC [42] LOG:  duration: ").append(i + 1)
          .append(".000 ms  statement: select c").append(i).append(" from t\n");
    }
    Path file = dir.resolve("postgresql.log");
    Files.writeString(file, log);
    return file;
  }

  @Test
  void theTextReportSaysHowManyShapesStatementsAndMillisecondsWereFolded() throws IOException {
    Cli cli = Cli.run("analyze", "--max-fingerprints", "4", "--fail-on", "never", tenShapes().toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    // at the 5th shape the 2 cheapest of 4 fold, at the 7th and 9th two more: 6 folded, 4 kept
    assertThat(cli.out()).contains("10 statements, 4 query shapes")
        .contains("  6 least-used query shapes (6 statements, 21.0 ms) folded into \"other\": "
            + "more than --max-fingerprints 4 shapes");
  }

  @Test
  void belowTwoIsAUsageError() throws IOException {
    Cli cli = Cli.run("analyze", "--max-fingerprints", "1", tenShapes().toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    // the sentence, then picocli's pointer to --help
    assertThat(cli.err().lines().findFirst()).hasValue("dbprof: --max-fingerprints must be a whole number of shapes, at least 2, not 1.");
  }
}
