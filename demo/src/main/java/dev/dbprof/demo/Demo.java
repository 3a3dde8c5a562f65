package dev.dbprof.demo;

import dev.dbprof.Analysis;
import dev.dbprof.IndexAdvisors;
import dev.dbprof.Version;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.capture.Capture;
import dev.dbprof.examples.DemoDatabase;
import dev.dbprof.examples.Mode;
import dev.dbprof.examples.Shop;
import dev.dbprof.examples.ShopSchema;
import dev.dbprof.examples.Variant;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.PlanAdvisor;
import dev.dbprof.model.Report;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole pipeline on the example shop: embedded PostgreSQL, the shop run naive and fixed through
 * the {@code jdbc:dbprof:} capture, then the analysis of each mode's capture files with the index
 * advisor on the shop's database.
 */
final class Demo {

  /** The two reports, and where the capture files were written. */
  record Result(Report naive, Report fixed, List<Path> captures) {}

  private final List<Variant> variants;
  private final Path directory;
  private final PrintStream progress;

  Demo(List<Variant> variants, Path directory, PrintStream progress) {
    this.variants = List.copyOf(variants);
    this.directory = directory;
    this.progress = progress;
  }

  /** Starts embedded PostgreSQL, runs the demo on it, stops it. */
  Result run() {
    try (DemoDatabase database = DemoDatabase.start(progress)) {
      return run(database);
    }
  }

  /** Runs the demo on a server that is already up (its own databases are created on it). */
  Result run(DemoDatabase database) {
    List<Path> captures = new ArrayList<>();
    Report naive = runMode(database, Mode.NAIVE, captures);
    Report fixed = runMode(database, Mode.FIXED, captures);
    return new Result(naive, fixed, List.copyOf(captures));
  }

  private Report runMode(DemoDatabase database, Mode mode, List<Path> captures) {
    String name = mode.name().toLowerCase(Locale.ROOT);
    progress.printf("seeding the %s shop (%,d orders)…%n", name, ShopSchema.ORDERS);
    String shopUrl = ShopSchema.createDemoDatabase(database, mode);
    List<Path> modeCaptures = new ArrayList<>();
    for (Variant variant : variants) {
      String copy = copyDatabase(database, shopUrl, "shop_" + name + "_" + variant.name().toLowerCase(Locale.ROOT));
      Path capture = directory.resolve(name + "-" + variant.name().toLowerCase(Locale.ROOT) + ".jsonl");
      progress.printf("running the %s shop, %s variant, through jdbc:dbprof: → %s%n", name,
          variant.name().toLowerCase(Locale.ROOT), capture);
      // The capture reads its settings when a connection opens, so each run gets its own file.
      System.setProperty("dbprof.out", capture.toString());
      System.setProperty("dbprof.appPackages", "dev.dbprof.examples");
      Shop.run(variant, mode, "jdbc:dbprof:" + copy.substring("jdbc:".length()), database.user(), database.password());
      Capture.flush();
      modeCaptures.add(capture);
    }
    captures.addAll(modeCaptures);
    progress.printf("analyzing the %s captures, explaining on the %s database…%n", name, name);
    // The demo's database is disposable, so the advisor may prove its suggestions by building the
    // index in a transaction it rolls back; its only account is the embedded server's superuser.
    try (PlanAdvisor advisor = IndexAdvisors.open(shopUrl, database.user(), database.password(),
        AdvisorOptions.defaults().withTrial(true).withAllowSuperuser(true))) {
      return analyze(modeCaptures, AnalysisOptions.defaults(Version.get())
          .withAdvisor(advisor, AnalysisOptions.DEFAULT_EXPLAIN_TOP));
    }
  }

  /** The report of capture files, as {@code dbprof analyze} makes it. */
  static Report analyze(List<Path> captures, AnalysisOptions options) {
    Analysis analysis = Analysis.of(options);
    for (Path capture : captures) {
      analysis.read(capture.toString());
    }
    return analysis.report();
  }

  /** A copy of the seeded shop for one variant, so each run starts from the same data. */
  private static String copyDatabase(DemoDatabase database, String templateUrl, String name) {
    String template = templateUrl.substring(templateUrl.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + name);
      s.execute("create database " + name + " template " + template);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not copy the demo database: " + e.getMessage(), e);
    }
    return database.jdbcUrl(name);
  }
}
