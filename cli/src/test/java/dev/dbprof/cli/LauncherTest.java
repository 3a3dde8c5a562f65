package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dbprof} launcher at the repository root, run on a copy of itself beside placeholder
 * jars, with a stand-in {@code java} that records its arguments (and a {@code mvn} that fails): which
 * jar each command runs, without building or starting anything.
 */
class LauncherTest {

  private static final Path LAUNCHER = Path.of("..", "dbprof");

  @TempDir
  Path checkout;

  private Path analyzerJar;
  private Path demoJar;

  @BeforeEach
  void copyTheLauncherBesidePlaceholderJars() throws IOException {
    Files.copy(LAUNCHER, checkout.resolve("dbprof"));
    analyzerJar = Files.createDirectories(checkout.resolve("cli/target")).resolve("dbprof.jar");
    demoJar = Files.createDirectories(checkout.resolve("demo/target")).resolve("dbprof-demo.jar");
    Files.writeString(analyzerJar, "placeholder");
    Files.writeString(demoJar, "placeholder");
    script(checkout.resolve("fake-java"), "printf '%s\\n' \"$@\" '--' >> \"$(dirname \"$0\")/java-calls.txt\"");
    script(Files.createDirectories(checkout.resolve("bin")).resolve("mvn"), "exit 1");
  }

  @Test
  void demoRunsTheDemoJarWithoutTheAnalyzersArchive() throws Exception {
    Run run = launch("demo", "--variant", "jpa");
    assertThat(run.exitCode()).isZero();
    assertThat(run.javaCalls()).hasSize(1);
    List<String> call = run.javaCalls().get(0);
    assertThat(call).containsSubsequence("-jar", demoJar.toString(), "demo", "--variant", "jpa")
        .noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void anOptionBeforeDemoStillRunsTheDemoJar() throws Exception {
    Run run = launch("--verbose", "demo");
    assertThat(run.javaCalls()).hasSize(1);
    assertThat(run.javaCalls().get(0)).containsSubsequence("-jar", demoJar.toString(), "--verbose", "demo");
  }

  @Test
  void analyzeRunsTheAnalyzerJarAfterTrainingItsArchive() throws Exception {
    Run run = launch("analyze", "app.log");
    assertThat(run.exitCode()).isZero();
    assertThat(run.javaCalls()).hasSize(2);
    assertThat(run.javaCalls().get(0)).anyMatch(arg -> arg.startsWith("-XX:ArchiveClassesAtExit="))
        .containsSubsequence("-jar", analyzerJar.toString(), "analyze");
    assertThat(run.javaCalls().get(1)).containsSubsequence("-jar", analyzerJar.toString(), "analyze", "app.log");
  }

  @Test
  void aDemoJarThatCannotBeBuiltIsOneSentenceAndExitCodeTwo() throws Exception {
    Files.delete(demoJar);
    Run run = launch("demo");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.javaCalls()).isEmpty();
    assertThat(run.stderrLines()).last().isEqualTo("dbprof: " + demoJar + " is missing and the build did not make"
        + " it: run 'mvn -DskipTests package' in " + checkout + " and read its errors.");
  }

  private Run launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", checkout.resolve("dbprof").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(checkout.resolve("stderr.txt").toFile());
    builder.environment().put("JAVA", checkout.resolve("fake-java").toString());
    builder.environment().put("PATH", checkout.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().remove("DBPROF_JAVA_OPTS");
    int exitCode = builder.start().waitFor();
    Path calls = checkout.resolve("java-calls.txt");
    List<List<String>> javaCalls = new ArrayList<>();
    if (Files.exists(calls)) {
      List<String> call = new ArrayList<>();
      for (String line : Files.readAllLines(calls, StandardCharsets.UTF_8)) {
        if (line.equals("--")) {
          javaCalls.add(call);
          call = new ArrayList<>();
        } else {
          call.add(line);
        }
      }
    }
    return new Run(exitCode, javaCalls, Files.readAllLines(checkout.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exitCode, List<List<String>> javaCalls, List<String> stderrLines) {}
}
