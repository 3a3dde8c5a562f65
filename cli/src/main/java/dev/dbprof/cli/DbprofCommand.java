package dev.dbprof.cli;

import dev.dbprof.Version;
import dev.dbprof.explain.AdvisorException;
import dev.dbprof.policy.PolicyException;
import dev.dbprof.read.InputException;
import dev.dbprof.report.ControlCharacters;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command. All CLI plumbing (streams, errors, exit codes) is set up here, once. */
@Command(
    name = "dbprof",
    mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
    description = "Finds the database mistakes that make applications slow and prints ranked fixes.",
    subcommands = {AnalyzeCommand.class, RulesCommand.class, WrapCommand.class, DemoCommand.class},
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
      if (exception instanceof UserException || exception instanceof InputException
          || exception instanceof PolicyException || exception instanceof AdvisorException) {
        // messages name files and quote input: no control character may reach the terminal
        err.println("dbprof: " + ControlCharacters.escape(exception.getMessage()));
        if (verbose) {
          exception.printStackTrace(err);
        }
        return ExitCodes.USAGE;
      }
      if (Main.OutOfMemory.isCause(exception)) {
        err.println(Main.OutOfMemory.sentence(Runtime.getRuntime().maxMemory()));
        if (verbose) {
          exception.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
      }
      err.println("dbprof: internal error: " + ControlCharacters.escape(String.valueOf(exception))
          + (verbose ? "" : " (run with --verbose for the stack trace)"));
      if (verbose) {
        exception.printStackTrace(err);
      }
      return ExitCodes.INTERNAL;
    });
    commandLine.setParameterExceptionHandler((exception, args) -> {
      String message = exception.getMessage();
      if (exception.getCause() instanceof CliNumbers.Refused refused
          && exception.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
        message = option.longestName() + " " + refused.getMessage() + "."; // one sentence, the option its subject
      }
      err.println("dbprof: " + ControlCharacters.escape(message));
      err.println("Try 'dbprof " + (exception.getCommandLine().getCommandName().equals("dbprof") ? ""
          : exception.getCommandLine().getCommandName() + " ") + "--help' for the options.");
      return ExitCodes.USAGE;
    });
    return commandLine;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dbprof " + Version.get()};
    }
  }
}
