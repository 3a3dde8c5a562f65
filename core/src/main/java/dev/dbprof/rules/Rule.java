package dev.dbprof.rules;

/** A detector. Implement {@link UnitRule} or {@link ProfileRule}; annotate with {@link RuleInfo}. */
public sealed interface Rule permits UnitRule, ProfileRule {

  default RuleInfo info() {
    RuleInfo info = getClass().getAnnotation(RuleInfo.class);
    if (info == null) {
      throw new IllegalStateException(getClass().getName() + " has no @RuleInfo");
    }
    return info;
  }

  default String id() {
    return info().id();
  }
}
