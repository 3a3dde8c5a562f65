package dev.dbprof.rules;

import dev.dbprof.model.RuleDescription;
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

  /** What a report says of this rule. */
  default RuleDescription description() {
    RuleInfo info = info();
    return new RuleDescription(info.id(), info.severity(), info.title(), info.explanation(), info.fix());
  }

  /** The options the rule declares (its {@link RuleOption} constants, beside its {@link RuleInfo}), in listing order. */
  default List<RuleOption<?>> options() {
    return List.of();
  }
}
