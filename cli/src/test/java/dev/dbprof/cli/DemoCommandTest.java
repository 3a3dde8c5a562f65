package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code dbprof demo} in the analyzer alone: the demo jar is not on this module's class path. */
class DemoCommandTest {

  @Test
  void withoutTheDemoJarSaysWhereTheDemoIsInOneSentence() {
    Cli cli = Cli.run("demo");
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).isEqualTo("dbprof: The demo is not in the analyzer jar: run ./dbprof demo in a dbprof"
        + " checkout, which builds and runs demo/target/dbprof-demo.jar." + System.lineSeparator());
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aBadVariantIsRefusedBeforeTheDemoIsLookedFor() {
    Cli cli = Cli.run("demo", "--variant", "cobol");
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).isEqualTo("dbprof: --variant must be jdbc, jpa or both, not 'cobol'." + System.lineSeparator());
  }

  @Test
  void helpDescribesTheDemoAndWhereItLives() {
    Cli cli = Cli.run("demo", "--help");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("--variant=VARIANT").contains("./dbprof demo");
  }
}
