package dev.dbprof.explain;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What of a database's error message may reach a report note. Servers quote the statement's
 * values in their messages ({@code invalid input syntax for type integer: "abc"}, {@code Duplicate
 * entry 'a@b.c' for key …}) and put more of them in later lines ({@code DETAIL: Key (email)=(…)});
 * code that raises its own error ({@code RAISE}, {@code SIGNAL}) chooses the whole text. So a note
 * keeps the first line's fixed words and the SQLState, never a quoted value, a later line, or the
 * text of an error that user code raised.
 */
final class DatabaseMessages {

  private static final int MAX_LENGTH = 200;
  private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"");
  private static final Pattern BACKTICK_QUOTED = Pattern.compile("`(?:[^`]|``)*`");
  private static final Pattern PARENTHESISED_VALUE = Pattern.compile("=\\([^)]*\\)");
  private static final Pattern UNTERMINATED = Pattern.compile("['\"`].*");
  /** MySQL/MariaDB error numbers SIGNAL uses unless told otherwise: warning, not found, exception. */
  private static final int SIGNAL_WARNING = 1642;
  private static final int SIGNAL_EXCEPTION = 1644;

  private DatabaseMessages() {
  }

  /** {@code e}'s message, scrubbed as the class says, with its SQLState. */
  static String scrubbed(Throwable e) {
    String state = e instanceof SQLException sql ? sql.getSQLState() : null;
    String suffix = state == null || state.isBlank() ? "" : " (SQLState " + state + ")";
    if (raisedByUserCode(e)) {
      return "an error raised by a function or procedure, its text not shown" + suffix;
    }
    return scrubbed(e.getMessage()) + suffix;
  }

  /** A message's first line without quoted values, ending without a full stop. */
  static String scrubbed(String message) {
    String line = IndexAdvisor.oneLine(message);
    line = SINGLE_QUOTED.matcher(line).replaceAll("'…'");
    line = DOUBLE_QUOTED.matcher(line).replaceAll("\"…\"");
    line = BACKTICK_QUOTED.matcher(line).replaceAll("`…`");
    line = PARENTHESISED_VALUE.matcher(line).replaceAll("=(…)");
    line = UNTERMINATED.matcher(line).replaceFirst("…"); // an opening quote without its end: the rest is a value
    if (line.length() > MAX_LENGTH) {
      line = line.substring(0, MAX_LENGTH) + "…";
    }
    return line;
  }

  private static boolean raisedByUserCode(Throwable e) {
    if (e instanceof PSQLException pg && pg.getServerErrorMessage() != null) {
      ServerErrorMessage server = pg.getServerErrorMessage();
      String routine = server.getRoutine();
      String where = server.getWhere();
      return (routine != null && routine.contains("raise"))
          || (where != null && (where.contains("PL/pgSQL") || where.contains("SQL function")));
    }
    if (e instanceof SQLException sql) {
      int code = sql.getErrorCode();
      String state = sql.getSQLState();
      return (code >= SIGNAL_WARNING && code <= SIGNAL_EXCEPTION) || "45000".equals(state) || "P0001".equals(state);
    }
    return false;
  }
}
