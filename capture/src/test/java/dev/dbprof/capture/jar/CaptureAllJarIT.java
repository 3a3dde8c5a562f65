package dev.dbprof.capture.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dbprof-capture-all.jar} alone next to the application's driver on a plain class path: no
 * p6spy jar, both ways in (the {@code jdbc:dbprof:} driver and p6spy's {@code jdbc:p6spy:} with the
 * listener found through its service file). Runs after {@code package}, on the built jar.
 */
class CaptureAllJarIT {

  private static final Path JAR = Path.of(System.getProperty("dbprof.captureAllJar", "target/dbprof-capture-all.jar"));

  @TempDir
  Path dir;

  @Test
  void theJarHoldsTheCaptureAndP6spyAndNothingElse() throws IOException {
    List<String> others = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .filter(n -> !n.startsWith("dev/dbprof/capture/") && !n.startsWith("com/p6spy/"))
          .forEach(others::add);
      assertThat(jar.getEntry("com/p6spy/engine/common/ConnectionInformation.class")).isNotNull();
      String drivers = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(drivers).contains("dev.dbprof.capture.DbprofDriver").contains("com.p6spy.engine.spy.P6SpyDriver");
    }
    assertThat(others).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:dbprof:h2:mem:shop", "jdbc:p6spy:h2:mem:shop"})
  void aPlainClassPathOfThisJarAndTheDriverRecordsEveryStatement(String url) throws Exception {
    Path program = dir.resolve("App.java");
    Files.writeString(program, """
        import java.sql.*;
        public class App {
          public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
              s.execute("create table customers (id int primary key, name varchar(20))");
              for (int i = 0; i < 3; i++) {
                s.execute("insert into customers values (" + i + ", 'c')");
              }
              try (PreparedStatement ps = c.prepareStatement("select name from customers where id = ?")) {
                for (int i = 0; i < 3; i++) {
                  ps.setInt(1, i);
                  ps.executeQuery().close();
                }
              }
            }
          }
        }
        """);
    Path out = dir.resolve("capture.jsonl");
    Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Ddbprof.out=" + out, "-cp", JAR.toAbsolutePath() + java.io.File.pathSeparator + h2, program.toString(), url)
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).contains("\"type\":\"header\"");
    assertThat(lines).filteredOn(l -> l.contains("\"type\":\"stmt\"") && l.contains("select name from customers"))
        .as(String.join("\n", lines)).hasSize(3);
  }
}
