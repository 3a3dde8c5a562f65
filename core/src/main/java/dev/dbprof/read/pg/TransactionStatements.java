package dev.dbprof.read.pg;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognizes the statements that only open or end a transaction, so server-log readers can turn
 * them into markers: the unit of work of a server log is then the transaction, as it is for a
 * client-side capture (where {@code setAutoCommit(false)} and {@code commit()} are not statements).
 */
public final class TransactionStatements {

  /** What a statement does to the transaction. */
  public enum Control {
    /** Opens a transaction; readers drop it (a capture never sees it either). */
    BEGIN,
    COMMIT,
    ROLLBACK,
    /** Any other statement, including {@code ROLLBACK TO SAVEPOINT} and two-phase commands. */
    NONE
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private TransactionStatements() {}

  private static final String[] CONTROL_WORDS = {"begin", "commit", "end", "rollback", "abort", "start"};

  /** Every statement the switch below accepts starts with one of these words (in any case). */
  private static boolean startsWithControlWord(String text) {
    for (String word : CONTROL_WORDS) {
      if (text.regionMatches(true, 0, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  public static Control classify(String sql) {
    if (sql == null || sql.length() > 64) {
      return Control.NONE;
    }
    String text = sql.strip();
    if (text.isEmpty() || "bcerasBCERAS".indexOf(text.charAt(0)) < 0 || !startsWithControlWord(text)) {
      return Control.NONE; // cheap exit: this runs once per statement
    }
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    text = WHITESPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
    switch (text) {
      case "begin", "begin work", "begin transaction", "start transaction":
        return Control.BEGIN;
      case "commit", "commit work", "commit transaction", "end", "end work", "end transaction":
        return Control.COMMIT;
      case "rollback", "rollback work", "rollback transaction", "abort", "abort work",
          "abort transaction":
        return Control.ROLLBACK;
      default:
        // BEGIN with options (isolation level, read only) still only opens a transaction
        if (text.startsWith("begin ") && !text.startsWith("begin;")
            || text.startsWith("start transaction ")) {
          return text.contains(";") ? Control.NONE : Control.BEGIN;
        }
        return Control.NONE;
    }
  }
}
