package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The analyzer jar as built (after the package phase): the analyzer only. The demo, its ORM, its
 * embedded PostgreSQL and the benchmark harness JSqlParser declares live elsewhere or nowhere.
 */
class AnalyzerJarIT {

  /** Hibernate, its byte-code generator, embedded PostgreSQL, JMH, the shop and the demo. */
  private static final List<String> DEMO_PACKAGES = List.of("org/hibernate/", "net/bytebuddy/", "io/zonky/",
      "org/openjdk/jmh/", "dev/dbprof/examples/", "dev/dbprof/demo/");

  private static final long MAX_BYTES = 20L * 1024 * 1024;

  /** Set by the pom to target/dbprof.jar; another path tests another jar. */
  private static final Path JAR = Path.of(System.getProperty("dbprof.analyzerJar", "target/dbprof.jar"));

  @Test
  void carriesNoDemoNoEmbeddedDatabaseAndNoBenchmarkHarness() throws IOException {
    Map<String, Long> entriesPerDemoPart;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entriesPerDemoPart = jar.stream().map(ZipEntry::getName).map(AnalyzerJarIT::demoPart).flatMap(Optional::stream)
          .collect(Collectors.groupingBy(part -> part, TreeMap::new, Collectors.counting()));
    }
    assertThat(entriesPerDemoPart).as("entries of %s that only the demo or a benchmark needs", JAR).isEmpty();
  }

  @Test
  void isAtMostTwentyMegabytes() throws IOException {
    assertThat(Files.size(JAR)).as("size of %s in bytes", JAR).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void stillCarriesTheAnalyzer() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
      assertThat(jar.getEntry("dev/dbprof/cli/AnalyzeCommand.class")).isNotNull();
      assertThat(jar.getEntry("net/sf/jsqlparser/parser/CCJSqlParser.class")).isNotNull();
      assertThat(jar.getEntry("org/postgresql/Driver.class")).isNotNull();
    }
  }

  /** The part of the demo (or of a benchmark) an entry belongs to, if any. */
  private static Optional<String> demoPart(String entry) {
    if (entry.matches("postgres-.*\\.txz")) {
      return Optional.of("postgres-*.txz");
    }
    return DEMO_PACKAGES.stream().filter(entry::startsWith).findFirst();
  }
}
