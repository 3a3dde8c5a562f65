package dev.dbprof.internal.explain;

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
  private static final Pattern PARENTHESISED_VALUE = Pattern.compile("=\\(.*\\)");
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
    String line = withoutQuotedValues(AdvisorTexts.oneLine(message));
    line = PARENTHESISED_VALUE.matcher(line).replaceAll("=(…)"); // MariaDB/PostgreSQL "Key (email)=(a@b.c)"
    if (line.length() > MAX_LENGTH) {
      line = line.substring(0, MAX_LENGTH) + "…";
    }
    return line;
  }

  /**
   * Each quoted part replaced, from its quote to the last quote of the same kind on the line:
   * servers quote a value without escaping the quotes inside it ({@code "a"b"}), so a pair of
   * quotes does not tell where a value ends. A quote without a second one hides the rest.
   */
  private static String withoutQuotedValues(String line) {
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c != '\'' && c != '"' && c != '`') {
        out.append(c);
        i++;
        continue;
      }
      int last = line.lastIndexOf(c);
      if (last == i) {
        out.append(c).append('…');
        break;
      }
      out.append(c).append('…').append(c);
      i = last + 1;
    }
    return out.toString();
  }

  private static boolean raisedByUserCode(Throwable e) {
    if (e instanceof PSQLException pg && pg.getServerErrorMessage() != null) {
      ServerErrorMessage server = pg.getServerErrorMessage();
      String routine = server.getRoutine(); // exec_stmt_raise: PL/pgSQL's RAISE, whatever ERRCODE it chose
      return (routine != null && routine.contains("raise")) || "P0001".equals(pg.getSQLState());
    }
    if (e instanceof SQLException sql) {
      int code = sql.getErrorCode();
      String state = sql.getSQLState();
      return (code >= SIGNAL_WARNING && code <= SIGNAL_EXCEPTION) || "45000".equals(state) || "P0001".equals(state);
    }
    return false;
  }
}
