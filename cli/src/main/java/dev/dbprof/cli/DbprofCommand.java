package dev.dbprof.cli;

import dev.dbprof.Version;
import dev.dbprof.capture.Redactor;
import dev.dbprof.model.AdvisorException;
import dev.dbprof.internal.policy.PolicyException;
import dev.dbprof.model.InputException;
import dev.dbprof.report.ControlCharacters;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The root command. All CLI plumbing (streams, errors, exit codes) is set up here, once. */
@Command(
    name = "dbprof",
    mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
    description = "Finds the database mistakes that make applications slow and prints ranked fixes.",
    subcommands = {AnalyzeCommand.class, RulesCommand.class, WrapCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:nothing at or above --fail-on",
        "1:findings at or above --fail-on",
        "2:bad option, unreadable input, unreachable database or a failed write",
        "3:internal error"})
final class DbprofCommand implements Runnable {

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: analyze, rules, wrap or demo.");
  }

  /** The command line with output streams and error handling; tests call it with string writers. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new DbprofCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      boolean verbose = parseResult.hasMatchedOption("--verbose");
      String[] secrets = knownSecrets(parseResult.originalArgs().toArray(String[]::new));
      if (exception instanceof UserException || exception instanceof InputException
          || exception instanceof PolicyException || exception instanceof AdvisorException) {
        // messages name files and quote input: no control character and no credential may reach the terminal
        err.println(ControlCharacters.escape(Redactor.message("dbprof: " + exception.getMessage(), secrets)));
        if (verbose) {
          err.print(Redactor.message(stackTrace(exception), secrets));
        }
        return ExitCodes.USAGE;
      }
      if (Main.OutOfMemory.isCause(exception)) {
        err.println(Main.OutOfMemory.sentence(Runtime.getRuntime().maxMemory()));
        if (verbose) {
          err.print(Redactor.message(stackTrace(exception), secrets));
        }
        return ExitCodes.INTERNAL;
      }
      err.println(ControlCharacters.escape(Redactor.message("dbprof: internal error: " + exception
          + (verbose ? "" : " (run with --verbose for the stack trace)"), secrets)));
      if (verbose) {
        err.print(Redactor.message(stackTrace(exception), secrets));
      }
      return ExitCodes.INTERNAL;
    });
    commandLine.setParameterExceptionHandler((exception, args) -> {
      String message = exception.getMessage();
      if (exception.getCause() instanceof CliNumbers.Refused refused
          && exception.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
        message = option.longestName() + " " + refused.getMessage() + "."; // one sentence, the option its subject
      }
      // picocli quotes the offending argument, which may be a URL with its password
      err.println(ControlCharacters.escape(Redactor.message("dbprof: " + message, knownSecrets(args))));
      err.println("Try 'dbprof " + (exception.getCommandLine().getCommandName().equals("dbprof") ? ""
          : exception.getCommandLine().getCommandName() + " ") + "--help' for the options.");
      return ExitCodes.USAGE;
    });
    return commandLine;
  }

  /**
   * What an error message on stderr must not show: the JDBC URLs on the command line (the
   * redactor takes their credentials apart) and the advisor's password from the environment.
   */
  static String[] knownSecrets(String[] args) {
    java.util.List<String> secrets = new java.util.ArrayList<>();
    for (String arg : args) {
      int jdbc = arg.indexOf("jdbc:");
      if (jdbc >= 0) {
        secrets.add(arg.substring(jdbc));
      }
    }
    secrets.add(System.getenv("DBPROF_EXPLAIN_PASSWORD"));
    return secrets.toArray(String[]::new);
  }

  private static String stackTrace(Throwable exception) {
    java.io.StringWriter trace = new java.io.StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dbprof " + Version.get()};
    }
  }
}
