package dev.dbprof.internal.policy;

import dev.dbprof.model.Severity;
import java.util.Locale;

/** {@code --fail-on}: the least severe finding that fails the run, or never. */
public enum FailOn {
  ERROR(Severity.ERROR),
  WARNING(Severity.WARNING),
  INFO(Severity.INFO),
  NEVER(null);

  private final Severity threshold;

  FailOn(Severity threshold) {
    this.threshold = threshold;
  }

  /** The severity threshold; null for {@link #NEVER}. */
  public Severity threshold() {
    return threshold;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code error|warning|info|never}; {@code where} names the option or file key in the error. */
  public static FailOn parse(String text, String where) {
    if (text != null) {
      for (FailOn value : values()) {
        if (value.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return value;
        }
      }
    }
    throw new PolicyException(where + " must be error, warning, info or never, not '" + text + "'.");
  }
}
