package dev.dbprof.cli;

/** The exit codes users script against (DESIGN.md). */
final class ExitCodes {

  /** Nothing at or above {@code --fail-on}. */
  static final int OK = 0;
  /** Findings at or above {@code --fail-on}. */
  static final int FINDINGS = 1;
  /** Bad option, unreadable file, unknown format, unreachable database, an output that is an input, a failed write. */
  static final int USAGE = 2;
  /** A bug in dbprof. */
  static final int INTERNAL = 3;

  private ExitCodes() {}
}
