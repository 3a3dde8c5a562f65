package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every subcommand answers --help, -h and `dbprof help NAME` with its usage, on stdout, exit 0. */
class HelpTest {

  @ParameterizedTest
  @CsvSource({
      "analyze, --idle-gap-ms", "rules, rules", "wrap, JDBC_URL", "demo, demo"})
  void everySubcommandAnswersHelpInEveryForm(String command, String mentioned) {
    for (String[] args : new String[][] {{command, "--help"}, {command, "-h"}, {"help", command}}) {
      Cli cli = Cli.run(args);
      assertThat(cli.exitCode()).as(String.join(" ", args) + ": " + cli.err()).isEqualTo(ExitCodes.OK);
      assertThat(cli.out()).as(String.join(" ", args)).contains("Usage: dbprof " + command).contains(mentioned);
      assertThat(cli.err()).as(String.join(" ", args)).isEmpty();
    }
  }
}
