package dev.dbprof.cli;

import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import dev.dbprof.rules.RuleInfo;
import dev.dbprof.rules.RuleOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbprof rules}: every rule with its id, severity, explanation, fix and options. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    versionProvider = DbprofCommand.VersionProvider.class,
    description = "List every rule with its id, severity, explanation, fix and options.")
final class RulesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Rule rule : BuiltinRules.all()) {
      RuleInfo info = rule.info();
      out.printf("%s  (%s)%n", info.id(), info.severity().id());
      out.printf("  %s%n", info.title());
      out.printf("  Why: %s%n", info.explanation());
      out.printf("  Fix: %s%n", info.fix());
      if (info.aliases().length > 0) {
        out.printf("  Also known as: %s%n", String.join(", ", info.aliases()));
      }
      if (!rule.options().isEmpty()) {
        out.printf("  Options (--set %s.OPTION=VALUE, or in dbprof.yml):%n", info.id());
        for (RuleOption<?> option : rule.options()) {
          out.printf("    %s = %s (%s): %s%n", option.name(), option.format(option.defaultValue()), option.allowed(),
              option.meaning());
        }
      }
      out.println();
    }
    return ExitCodes.OK;
  }
}
