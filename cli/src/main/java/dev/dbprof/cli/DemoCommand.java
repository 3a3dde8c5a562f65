package dev.dbprof.cli;

import dev.dbprof.model.Finding;
import dev.dbprof.report.TextRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbprof demo}: the whole idea on a real database, with nothing installed. The options are
 * read here; the workload comes from the demo jar ({@link DemoRunner}), which the analyzer jar lacks.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
    description = "Start embedded PostgreSQL, run the example shop naive and fixed through the capture, and print"
        + " what dbprof finds in each. The demo is its own jar, demo/target/dbprof-demo.jar, which ./dbprof demo"
        + " builds and runs.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--variant", defaultValue = "both", paramLabel = "VARIANT",
      description = "Which shop to run: jdbc, jpa or both (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the capture files (default: a new temporary directory).")
  Path directory;

  @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
      description = "Colors: auto, always or never (default: ${DEFAULT-VALUE}).")
  String color;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<String> variants = switch (variant.toLowerCase(Locale.ROOT)) {
      case "jdbc" -> List.of("jdbc");
      case "jpa" -> List.of("jpa");
      case "both" -> List.of("jdbc", "jpa");
      default -> throw new UserException("--variant must be jdbc, jpa or both, not '" + variant + "'.");
    };
    DemoRunner demo = ServiceLoader.load(DemoRunner.class).findFirst().orElseThrow(() -> new UserException(
        "The demo is not in the analyzer jar: run ./dbprof demo in a dbprof checkout, which builds and runs"
            + " demo/target/dbprof-demo.jar."));
    Path dir = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("dbprof-demo-");
    System.err.println("dbprof demo: the example shop on embedded PostgreSQL (no network, nothing installed)");
    DemoRunner.Reports result = demo.run(variants, dir, System.err);
    PrintWriter out = spec.commandLine().getOut();
    TextRenderer renderer = new TextRenderer(Colors.enabled(color));
    out.println("=".repeat(100));
    out.println("NAIVE MODE: the shop as ORMs make it easy to write");
    out.println("=".repeat(100));
    renderer.render(result.naive(), out);
    out.println("=".repeat(100));
    out.println("FIXED MODE: the same work, each mistake fixed");
    out.println("=".repeat(100));
    renderer.render(result.fixed(), out);
    out.printf("Naive mode: %s. Fixed mode: %s.%n", rules(result.naive().findings()), rules(result.fixed().findings()));
    out.printf("The capture files are in %s; analyze them again with: ./dbprof analyze %s/naive-*.jsonl%n", dir, dir);
    out.flush();
    return ExitCodes.OK;
  }

  private static String rules(List<Finding> findings) {
    TreeSet<String> ids = new TreeSet<>();
    findings.forEach(f -> ids.add(f.rule()));
    return ids.isEmpty() ? "no findings" : String.join(", ", ids);
  }
}
