package dev.dbprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShopMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ShopMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void runsTheShopAgainstAGivenDatabase() {
    String url = SharedPostgres.newDatabase("main");

    int exit = run("--variant", "jdbc", "--mode", "fixed", "--user", DemoDatabase.USER, url);

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("imported order:    " + Workload.IMPORT_LINES + " items")
        .contains("status search:     PENDING ");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("creating and seeding").contains("fixed mode");
  }

  @Test
  void rejectsUnknownOptionsWithUsageAndExitCode2() {
    assertThat(run("--variant", "cobol", "jdbc:postgresql://localhost/x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown variant: cobol").contains("usage:");
  }

  @Test
  void reportsAnUnreachableDatabaseInOneLineWithExitCode1() {
    assertThat(run("--user", "nobody", "jdbc:postgresql://localhost:1/none")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("creating").contains("error: ");
  }

  @Test
  void derivesThePlainUrlForSchemaSetupFromACaptureUrl() {
    assertThat(ShopMain.plainUrl("jdbc:dbprof:postgresql://h:5432/shop")).isEqualTo("jdbc:postgresql://h:5432/shop");
    assertThat(ShopMain.plainUrl("jdbc:postgresql://h/shop")).isEqualTo("jdbc:postgresql://h/shop");
  }
}
