package dev.dbprof.internal.explain;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a captured text may be handed to EXPLAIN at all. Exactly one statement of an
 * explainable kind passes; anything else is refused before it reaches the database.
 */
final class StatementGuard {

  /** A statement that may be explained; {@code write} statements are never run with ANALYZE. */
  record Checked(String sql, String leadingKeyword, boolean write) {}

  /** Thrown (and caught by the advisor) when a text is refused; the message says why. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static final Set<String> READS = Set.of("select", "with", "table");
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "replace", "merge");
  private static final Pattern WRITE_WORDS = Pattern.compile(
      "\\b(insert|update|delete|merge|replace|into|for\\s+update|for\\s+share|for\\s+no\\s+key"
          + "|for\\s+key|lock\\s+in\\s+share|outfile|dumpfile)\\b",
      Pattern.CASE_INSENSITIVE);

  private StatementGuard() {}

  static boolean isRead(String leadingKeyword) {
    return READS.contains(leadingKeyword);
  }

  /** Checks {@code text} as {@code dialect}'s server would read it. */
  static Checked check(String text, Dialect dialect) throws Refused {
    if (text == null || text.isBlank()) {
      throw new Refused("empty statement");
    }
    String sql = stripTrailingSemicolons(text);
    // MySQL executes the body of /*! … */ and /*M! … */ comments: a classic way to hide a second command.
    String lower = sql.toLowerCase(Locale.ROOT);
    if (lower.contains("/*!") || lower.contains("/*m!")) {
      throw new Refused("contains a MySQL executable comment (/*! … */); not explained");
    }
    // One statement only. A ';' inside a string literal is rare enough in captured SQL that refusing
    // it is cheaper than trusting a lexer to agree with every server's quoting rules.
    if (sql.indexOf(';') >= 0) {
      throw new Refused("contains more than one statement (';'); dbprof explains exactly one");
    }
    if (sql.indexOf('\0') >= 0) {
      throw new Refused("contains a NUL character; not explained");
    }
    String keyword = leadingKeyword(sql, dialect);
    if (READS.contains(keyword)) {
      // over the raw text on purpose: a write word anywhere, even in a comment or a literal, counts
      boolean write = WRITE_WORDS.matcher(sql).find();
      return new Checked(sql, keyword, write);
    }
    if (WRITES.contains(keyword)) {
      return new Checked(sql, keyword, true);
    }
    throw new Refused(keyword.isEmpty()
        ? "does not start with a statement keyword; not explained"
        : "is a " + keyword.toUpperCase(Locale.ROOT)
            + " statement; only SELECT, INSERT, UPDATE and DELETE are explained");
  }

  private static String stripTrailingSemicolons(String text) {
    int end = text.length();
    while (end > 0 && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == ';')) {
      end--;
    }
    return text.substring(0, end).strip();
  }

  /** The first word after leading comments and opening parentheses, lower case, as the server lexes it. */
  static String leadingKeyword(String sql, Dialect dialect) {
    for (SqlText.Token token : SqlText.tokens(sql, dialect)) {
      if (!token.is("(")) {
        return token.kind() == SqlText.TokenKind.WORD && Character.isLetter(token.text().charAt(0))
            ? token.text() : "";
      }
    }
    return "";
  }
}
