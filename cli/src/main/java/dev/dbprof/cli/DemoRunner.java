package dev.dbprof.cli;

import dev.dbprof.model.Report;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's workload, which lives in its own artifact ({@code demo/target/dbprof-demo.jar}) so that
 * the analyzer jar carries no example shop, no Hibernate and no embedded PostgreSQL. The demo jar
 * registers its implementation in {@code META-INF/services}; {@code dbprof demo} looks it up.
 */
public interface DemoRunner {

  /** The naive and the fixed shop's reports. */
  record Reports(Report naive, Report fixed) {}

  /**
   * Runs the shop naive and fixed on embedded PostgreSQL and analyzes each mode's captures.
   *
   * @param variants {@code "jdbc"}, {@code "jpa"} or both, in this order
   * @param directory where the capture files go
   * @param progress where the progress lines go
   */
  Reports run(List<String> variants, Path directory, PrintStream progress);
}
