package dev.dbprof.rules;

import java.util.List;

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

  /** The options the rule declares (its {@link RuleOption} constants, beside its {@link RuleInfo}), in listing order. */
  default List<RuleOption<?>> options() {
    return List.of();
  }
}
