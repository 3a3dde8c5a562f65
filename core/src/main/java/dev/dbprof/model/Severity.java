package dev.dbprof.model;

import java.util.Locale;

/** How bad a finding is; {@code --fail-on} compares against it. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this severity is at least as bad as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }
}
