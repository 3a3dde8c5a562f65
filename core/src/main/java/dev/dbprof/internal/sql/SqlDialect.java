package dev.dbprof.internal.sql;

import dev.dbprof.model.InputFormat;

/**
 * Which database's rules a statement text follows, as far as the fingerprint needs them: what a
 * double-quoted text is, and whether a backslash escapes inside {@code '…'}. Known from the input
 * format; where it is not known, the rules that let no string survive apply.
 */
public enum SqlDialect {
  /** PostgreSQL: {@code "…"} is always a name; {@code '…'} follows the server's default (standard strings). */
  POSTGRESQL,
  /** MySQL/MariaDB without {@code ANSI_QUOTES}: {@code "…"} is always a string; {@code \'} escapes a quote. */
  MYSQL,
  /**
   * Not known (p6spy logs, dbprof captures): {@code "…"} is a name only where a string cannot
   * stand — qualified ({@code "users"."id"}), before {@code (}, after {@code FROM}, {@code JOIN},
   * {@code INTO}, {@code UPDATE} or {@code TABLE}, or in an INSERT's column list; anywhere else it
   * is a string. Comments nest, as on PostgreSQL: that can only hide more.
   */
  UNKNOWN;

  /**
   * The quoting rules the statements of {@code format} follow: the server's own for server logs;
   * for captures and p6spy logs the rules that let no string survive, since one file may hold
   * statements for several databases (a capture's header names only the first connection's).
   * {@code UNKNOWN} for a null format (an empty input).
   */
  public static SqlDialect of(InputFormat format) {
    if (format == null) {
      return UNKNOWN;
    }
    return switch (format) {
      case PG_STDERR, PG_CSVLOG, PG_JSONLOG -> POSTGRESQL;
      case MYSQL_GENERAL, MYSQL_SLOW -> MYSQL;
      case DBPROF, P6SPY, P6SPY_MULTILINE, P6SPY_CUSTOM -> UNKNOWN;
    };
  }
}
