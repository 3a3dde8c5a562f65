package dev.dbprof.rules;

import dev.dbprof.model.UnitOfWork;

/** A rule that looks at one unit of work at a time (N+1, unbatched writes, duplicates). */
public non-sealed interface UnitRule extends Rule {

  void check(UnitOfWork unit, RuleContext context, Matches matches);
}
