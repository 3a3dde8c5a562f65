package dev.dbprof.rules;

import dev.dbprof.model.Profile;

/** A rule that looks at the whole workload's profile once, after reading. */
public non-sealed interface ProfileRule extends Rule {

  void check(Profile profile, RuleContext context, Matches matches);
}
