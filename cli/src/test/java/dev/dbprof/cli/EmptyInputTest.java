package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An input with no statement in it checked nothing, so it must not pass a CI gate unless asked to. */
class EmptyInputTest {

  @TempDir
  Path dir;

  @Test
  void anEmptyInputExitsTwoWithOneSentenceAndTheReportStillComes() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.log"));
    Cli cli = Cli.run("analyze", "--fail-on", "never", empty.toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err().strip()).isEqualTo("dbprof: No statement was read, so nothing was checked: fix the"
        + " input (its format, --input-format, --pg-prefix) or pass --allow-empty.");
    assertThat(cli.out()).contains("No statements were read");
  }

  @Test
  void aLogWhoseEveryLineWasSkippedSaysHowManyAndExitsTwo() throws IOException {
    // a PostgreSQL log read with a prefix that matches none of its lines
    Path log = dir.resolve("postgresql.log");
    Files.writeString(log, """
        2024-11-24 10:00:00.001 UTC [101] LOG:  duration: 0.100 ms  statement: select 1
        2024-11-24 10:00:00.002 UTC [101] LOG:  duration: 0.100 ms  statement: select 2
        """, StandardCharsets.UTF_8);
    Cli cli = Cli.run("analyze", "--input-format", "pg-stderr", "--pg-prefix", "%t <%u> ", log.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("No statement was read (2 lines skipped)");
  }

  @Test
  void allowEmptyAcceptsIt() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));
    Cli cli = Cli.run("analyze", "--allow-empty", empty.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.OK);
  }
}
