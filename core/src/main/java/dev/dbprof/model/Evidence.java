package dev.dbprof.model;

import java.util.Locale;

/**
 * How sure a finding is that its statements belong to one piece of application work, strongest
 * first. Only {@link #PROVEN} and {@link #LIKELY} findings keep their rule's severity.
 */
public enum Evidence {
  /** The application said where the work begins and ends (a unit marker, a trace id), or one call site issued every run with differing values. */
  PROVEN,
  /** Cut by the issuing thread or by tag comments, or a session's loop with a source query in a tight rhythm. */
  LIKELY,
  /** A server session with no boundary signal and nothing else tying the runs together: could be several requests merged. */
  SUSPECT;

  /** The report's value: {@code proven}, {@code likely}, {@code suspect}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stronger of two grades (a finding merged over many units keeps the best it was seen with). */
  public Evidence strongest(Evidence other) {
    return other == null || compareTo(other) <= 0 ? this : other;
  }

  /** The severity a finding of this grade gets: a suspect one is lowered one step. */
  public Severity adjust(Severity ruleSeverity) {
    if (this != SUSPECT) {
      return ruleSeverity;
    }
    return switch (ruleSeverity) {
      case ERROR -> Severity.WARNING;
      case WARNING, INFO -> Severity.INFO;
    };
  }
}
