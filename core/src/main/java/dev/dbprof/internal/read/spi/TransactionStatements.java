package dev.dbprof.internal.read.spi;

import java.util.Locale;

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

  /** Every run of {@code \s} (ASCII whitespace) as one space, by hand: this runs per COMMIT. */
  private static String collapseWhitespace(String text) {
    StringBuilder out = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!isSpace(c) || c == ' ' && (i + 1 == n || !isSpace(text.charAt(i + 1)))) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n).append(text, 0, i);
      }
      out.append(' ');
      while (i + 1 < n && isSpace(text.charAt(i + 1))) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Longest statement text looked at: a control word, or one with a tag comment before or after it. */
  private static final int MAX_TEXT = 64;
  private static final int MAX_WITH_COMMENT = 4096;

  public static Control classify(String sql) {
    if (sql == null || sql.length() > MAX_WITH_COMMENT) {
      return Control.NONE;
    }
    String text = sql.strip();
    if (text.startsWith("/*")) { // a tag comment put first (TypeORM's comment option)
      int close = text.indexOf("*/");
      text = close < 0 ? "" : text.substring(close + 2).strip();
    }
    if (text.isEmpty() || "bcerasBCERAS".indexOf(text.charAt(0)) < 0 || !startsWithControlWord(text)) {
      return Control.NONE; // cheap exit: this runs once per statement
    }
    if (text.endsWith("*/")) { // a tag comment appended (sqlcommenter, Rails query-log tags, marginalia)
      int open = text.lastIndexOf("/*");
      text = open < 0 ? text : text.substring(0, open).strip();
    }
    if (text.length() > MAX_TEXT) {
      return Control.NONE;
    }
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    text = collapseWhitespace(text.toLowerCase(Locale.ROOT));
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
