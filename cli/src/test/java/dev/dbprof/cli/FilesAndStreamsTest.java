package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files and streams: an output that is an input is refused before anything is written, a report
 * lost on standard output (full device, closed descriptor, closed pipe) exits 2 with the reason,
 * and pipes ({@code <(…)}) are read like stdin.
 */
class FilesAndStreamsTest {

  private static final Path SAMPLE = Path.of("../examples/samples/postgresql.log");

  @TempDir Path dir;

  private Path logCopy() throws IOException {
    return Files.copy(SAMPLE, dir.resolve("postgresql.log"));
  }

  // ---- outputs that are inputs ----

  @ParameterizedTest
  @ValueSource(strings = {"-o", "--output", "--report", "--write-baseline"})
  void anOutputNamingAnInputIsRefusedAndTheInputStaysAsItWas(String option) throws IOException {
    Path log = logCopy();
    byte[] before = Files.readAllBytes(log);
    Path link = Files.createSymbolicLink(dir.resolve("link.log"), log);
    Path dotted = Path.of(dir.toString(), ".", "postgresql.log");
    for (Path same : List.of(log, link, dotted)) {
      String value = option.equals("--report") ? "json=" + same : same.toString();

      Cli cli = Cli.run("analyze", option, value, log.toString());

      assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(cli.err().lines()).singleElement().asString()
          .startsWith("dbprof: ").contains(same.toString(), "is the input", "does not overwrite its inputs");
      assertThat(cli.out()).isEmpty();
      assertThat(Files.readAllBytes(log)).isEqualTo(before);
    }
  }

  @Test
  void anOutputNamingTheConfigOrBaselineIsRefusedButABaselineMayBeRefreshedInPlace() throws IOException {
    Path log = logCopy();
    Path baseline = dir.resolve("baseline.json");
    assertThat(Cli.run("analyze", "--write-baseline", baseline.toString(), log.toString()).exitCode()).isZero();
    byte[] before = Files.readAllBytes(baseline);

    Cli refused = Cli.run("analyze", "--baseline", baseline.toString(), "-o", baseline.toString(), log.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--output " + baseline + " is the --baseline file");
    assertThat(Files.readAllBytes(baseline)).isEqualTo(before);

    Cli refreshed = Cli.run("analyze", "--baseline", baseline.toString(), "--write-baseline", baseline.toString(),
        log.toString());
    assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
  }

  @Test
  void twoOutputsNamingOneFileAreRefused() throws IOException {
    Path log = logCopy();
    Path report = dir.resolve("report.txt");

    Cli cli = Cli.run("analyze", "-o", report.toString(), "--report", "sarif=" + dir.resolve(".").resolve("report.txt"),
        log.toString());

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).startsWith("dbprof: --output " + report + " and --report sarif ")
        .contains("are the same file");
    assertThat(report).doesNotExist();
  }

  @Test
  void aFailedReportWriteSaysWhy() throws IOException {
    Path log = logCopy();
    Path missingDir = dir.resolve("no-such-dir").resolve("x.txt");

    Cli cli = Cli.run("analyze", "-o", missingDir.toString(), log.toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).isEqualTo("dbprof: Cannot write the report to " + missingDir + ": no such directory."
        + System.lineSeparator());

    Cli report = Cli.run("analyze", "--report", "sarif=" + dir, log.toString());
    assertThat(report.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(report.err()).contains("Cannot write the report to " + dir + ": is a directory.");

    Cli baseline = Cli.run("analyze", "--write-baseline", missingDir.toString(), log.toString());
    assertThat(baseline.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(baseline.err()).contains("Cannot write the baseline to " + missingDir + ": no such directory.");
  }

  // ---- standard output that cannot be written ----

  /** dbprof in a JVM of its own, the test's classpath, {@code Main}. */
  private static List<String> dbprof(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static String stderrOf(Process process) throws Exception {
    try (InputStream err = process.getErrorStream()) {
      String text = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("dbprof ended").isTrue();
      return text;
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFullDeviceOnStdoutExitsTwoSayingWhy() throws Exception {
    Process process = new ProcessBuilder(dbprof("analyze", SAMPLE.toString()))
        .redirectOutput(new File("/dev/full")).start();

    String err = stderrOf(process);

    assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.USAGE);
    assertThat(err).isEqualTo("dbprof: Cannot write to standard output: no space left on device.\n");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aClosedStdoutExitsTwo() throws Exception {
    // The shell closes descriptor 1 before Java starts: every write fails.
    List<String> command = dbprof("analyze", SAMPLE.toString());
    Process process = new ProcessBuilder(withBash(command)).start();

    String err = stderrOf(process);

    assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.USAGE);
    assertThat(err).startsWith("dbprof: Cannot write to standard output").endsWith(".\n");
    assertThat(err.lines()).hasSize(1);
  }

  private static List<String> withBash(List<String> command) {
    List<String> bash = new ArrayList<>(List.of("bash", "-c", "exec \"$@\" >&-", "bash"));
    bash.addAll(command);
    return bash;
  }

  /**
   * A pipe whose reader is gone ({@code dbprof … | head -0}): the reader is closed first, and only
   * then does dbprof get its input on stdin, so its writes meet a closed pipe every time.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void aPipeClosedByItsReaderExitsTwo() throws Exception {
    Process process = new ProcessBuilder(dbprof("analyze", "--fail-on", "never", "-")).start();
    process.getInputStream().close();
    try (OutputStream stdin = process.getOutputStream()) {
      Files.copy(SAMPLE, stdin);
    }

    String err = stderrOf(process);

    assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.USAGE);
    assertThat(err).isEqualTo("dbprof: Cannot write to standard output: broken pipe.\n");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void helpOnAFullDeviceExitsTwoToo() throws Exception {
    Process process = new ProcessBuilder(dbprof("rules")).redirectOutput(new File("/dev/full")).start();

    String err = stderrOf(process);

    assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.USAGE);
    assertThat(err).isEqualTo("dbprof: Cannot write to standard output: no space left on device.\n");
  }

  // ---- pipes as inputs ----

  /** {@code dbprof analyze <(cat log)}: bash names the pipe /dev/fd/63. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void processSubstitutionIsReadLikeStdin() throws Exception {
    Path log = logCopy();
    List<String> command = new ArrayList<>(List.of("bash", "-c", "exec \"$@\" <(cat \"$LOG\") \"$LOG\"", "bash"));
    command.addAll(dbprof("analyze", "--format", "json", "--fail-on", "never"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LOG", log.toString());
    Process process = builder.start();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String err = stderrOf(process);

    assertThat(process.exitValue()).as(err).isZero();
    com.fasterxml.jackson.databind.JsonNode inputs =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).at("/summary/inputs");
    assertThat(inputs).hasSize(2);
    assertThat(inputs.get(0).get("path").asText()).startsWith("/dev/fd/");
    // the pipe and the file hold the same log: the same events, none skipped
    assertThat(inputs.get(0).get("events").asLong()).isPositive()
        .isEqualTo(inputs.get(1).get("events").asLong());
    assertThat(inputs.get(0).get("skippedLines").asLong()).isZero();
  }

  // ---- control characters from the input ----

  /** The characters a terminal would act on: C0 but line feed, DEL, C1. */
  private static long controls(String text) {
    return text.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f).count();
  }

  /**
   * A p6spy log (file name included) whose quoted identifiers hold ESC and BEL, and an unreadable
   * line holding them: neither the text report nor stderr passes one control character on.
   */
  @Test
  void controlCharactersInALogNeverReachTheTerminal() throws IOException {
    String hostile = "\u001b]0;pwned\u0007\u001b[2J";
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      String sql = "select * from \"orders" + hostile + "\" where \"id" + hostile + "\" = " + i;
      log.append(1795493952841L + i).append("|3|statement|connection 1|url jdbc:x|")
          .append(sql.replace(" = " + i, " = ?")).append('|').append(sql).append('\n');
    }
    log.append("not a p6spy line ").append(hostile).append('\n');
    Path file = Files.writeString(dir.resolve("spy" + hostile + ".log"), log.toString(), StandardCharsets.UTF_8);

    Cli cli = Cli.run("analyze", "--color", "never", "--fail-on", "never", file.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("orders\\x1b]0;pwned\\x07\\x1b[2J", "spy\\x1b]0;pwned");
    assertThat(controls(cli.out())).isZero();
    assertThat(cli.err()).contains("spy\\x1b]0;pwned\\x07\\x1b[2J.log: skipped 1 unreadable line (first: ");
    assertThat(controls(cli.err())).isZero();

    Cli missing = Cli.run("analyze", dir.resolve("gone" + hostile + ".log").toString());
    assertThat(missing.err()).contains("gone\\x1b]0;pwned\\x07");
    assertThat(controls(missing.err())).isZero();
  }
}
