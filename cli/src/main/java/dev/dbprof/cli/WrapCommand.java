package dev.dbprof.cli;

import dev.dbprof.Version;
import dev.dbprof.capture.DbprofDriver;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbprof wrap URL}: the wrapped JDBC URL, the driver-class line and the one dependency to add. */
@Command(name = "wrap", mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
    description = "Print the capture JDBC URL for a JDBC URL, and the dependency to add.")
final class WrapCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JDBC_URL", description = "The application's JDBC URL, e.g. jdbc:postgresql://localhost/shop")
  String url;

  private static final String DRIVER_CLASS = DbprofDriver.class.getName();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (!url.startsWith("jdbc:")) {
      throw new UserException("'" + url + "' is not a JDBC URL: it must start with jdbc:.");
    }
    String wrapped = url.startsWith("jdbc:dbprof:") ? url
        : url.startsWith("jdbc:p6spy:") ? "jdbc:dbprof:" + url.substring("jdbc:p6spy:".length())
        : "jdbc:dbprof:" + url.substring("jdbc:".length());
    PrintWriter out = spec.commandLine().getOut();
    out.println(wrapped);
    out.println();
    // A pool that is told the original driver class refuses the wrapped URL ("claims to not accept
    // jdbcUrl"), and Spring Boot cannot guess a driver for jdbc:dbprof: — so both lines, always.
    out.println("Spring Boot (application.properties), both lines:");
    out.println("  spring.datasource.url=" + wrapped);
    out.println("  spring.datasource.driver-class-name=" + DRIVER_CLASS);
    out.println("Anywhere else a driver class is named (HikariCP driverClassName, Hibernate"
        + " jakarta.persistence.jdbc.driver), name " + DRIVER_CLASS + " instead of the database's own.");
    out.println();
    out.println("Add the capture to the application's runtime classpath:");
    out.println("  Maven:  <dependency><groupId>dev.dbprof</groupId><artifactId>dbprof-capture</artifactId>"
        + "<version>" + Version.get() + "</version></dependency>");
    out.println("  Gradle: runtimeOnly(\"dev.dbprof:dbprof-capture:" + Version.get() + "\")");
    out.println("Run the application, then: dbprof analyze dbprof-capture.jsonl");
    out.println("(Settings: -Ddbprof.out=FILE, -Ddbprof.params=raw|hash|none, -Ddbprof.appPackages=com.acme)");
    return ExitCodes.OK;
  }
}
