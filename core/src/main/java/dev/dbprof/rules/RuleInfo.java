package dev.dbprof.rules;

import dev.dbprof.model.Severity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A rule's identity and user-facing text, in one place; findings are stamped from it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {

  /** Stable kebab-case id that users script against. */
  String id();

  /** Former ids that keep working in options, suppressions and baselines. */
  String[] aliases() default {};

  Severity severity();

  /** One line: what the finding is. */
  String title();

  /** Two to four sentences: why it is slow. */
  String explanation();

  /** What to change, when the rule cannot say anything more specific. */
  String fix();
}
