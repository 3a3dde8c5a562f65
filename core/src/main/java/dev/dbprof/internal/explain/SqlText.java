package dev.dbprof.internal.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The advisor's one lexer. {@link #tokens} reads a statement (or a plan's condition) the way the
 * server does, and everything in this package that needs words, names or clauses reads those
 * tokens: the statement and planning guards, table aliases, plan conditions, sort keys, the
 * SELECT behind a write. Only {@link #placeholders} scans on its own, because it follows the JDBC
 * driver rather than the server: a {@code ?} is a placeholder even where the server would read it
 * as part of an operator ({@code a=?}), and the server never sees it.
 */
final class SqlText {

  /** One placeholder: where it is, and the column name it is compared with (lower case) or null. */
  record Placeholder(int start, int end, String column, String precedingKeyword) {}

  private SqlText() {}

  static List<Placeholder> placeholders(String sql, Dialect dialect) {
    List<Placeholder> found = new ArrayList<>();
    String lastIdentifier = null;
    String lastKeyword = null;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i = skipQuoted(sql, i, '\'', dialect != Dialect.POSTGRESQL);
        lastIdentifier = null;
      } else if (c == '"' || c == '`') {
        int end = skipQuoted(sql, i, c, false);
        lastIdentifier = sql.substring(i + 1, Math.max(i + 1, end - 1)).toLowerCase(Locale.ROOT);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = skipLine(sql, i);
      } else if (c == '#' && dialect != Dialect.POSTGRESQL) {
        i = skipLine(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else if (c == '$' && dialect == Dialect.POSTGRESQL) {
        int digits = i + 1;
        while (digits < n && Character.isDigit(sql.charAt(digits))) {
          digits++;
        }
        if (digits > i + 1 && !identifierPart(before(sql, i))) {
          found.add(new Placeholder(i, digits, lastIdentifier, lastKeyword));
          i = digits;
        } else {
          int end = skipDollarQuote(sql, i);
          i = end > i ? end : i + 1;
        }
      } else if (c == '?') {
        char next = i + 1 < n ? sql.charAt(i + 1) : ' ';
        if (next == '|' || next == '&' || next == '?') {
          i += 2; // jsonb operators and the escaped JDBC '??'
        } else {
          found.add(new Placeholder(i, i + 1, lastIdentifier, lastKeyword));
          i++;
        }
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n && (identifierPart(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
        if (KEYWORDS.contains(word)) {
          lastKeyword = word;
          if (!word.equals("and") && !word.equals("not") && !word.equals("in")
              && !word.equals("between") && !word.equals("like") && !word.equals("is")) {
            lastIdentifier = null;
          }
        } else {
          int dot = word.lastIndexOf('.');
          lastIdentifier = dot >= 0 ? word.substring(dot + 1) : word;
          lastKeyword = null;
        }
        i = end;
      } else {
        i++;
      }
    }
    return found;
  }

  static boolean hasPlaceholders(String sql, Dialect dialect) {
    return !placeholders(sql, dialect).isEmpty();
  }

  /** Rewrites JDBC {@code ?} placeholders as {@code $1, $2, …}; returns the text and the parameter count. */
  static DollarText toDollarParameters(String sql) {
    List<Placeholder> all = placeholders(sql, Dialect.POSTGRESQL);
    StringBuilder out = new StringBuilder(sql.length() + 8);
    int last = 0;
    int next = 0;
    int max = 0;
    for (Placeholder p : all) {
      if (sql.charAt(p.start()) == '$') {
        max = Math.max(max, Integer.parseInt(sql.substring(p.start() + 1, p.end())));
      }
    }
    next = max;
    for (Placeholder p : all) {
      if (sql.charAt(p.start()) == '?') {
        out.append(sql, last, p.start()).append('$').append(++next);
        last = p.end();
      }
    }
    out.append(sql, last, sql.length());
    return new DollarText(out.toString(), next);
  }

  record DollarText(String sql, int parameters) {}

  /** Replaces every placeholder with what {@code literal} returns for it (index from 0). */
  static String substitute(String sql, Dialect dialect, BiFunction<Integer, Placeholder, String> literal) {
    List<Placeholder> all = placeholders(sql, dialect);
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int last = 0;
    for (int k = 0; k < all.size(); k++) {
      Placeholder p = all.get(k);
      out.append(sql, last, p.start()).append(literal.apply(k, p));
      last = p.end();
    }
    out.append(sql, last, sql.length());
    return out.toString();
  }

  /**
   * The keys of the outermost ORDER BY, as written ({@code o.created_at DESC}); empty when there is
   * none. MySQL's plans do not name sort keys, so the advisor reads them from the statement.
   */
  static List<String> orderByKeys(String sql, Dialect dialect) {
    List<Token> tokens = tokens(sql, dialect);
    int keysFrom = -1;
    int depth = 0;
    for (int k = 0; k + 1 < tokens.size(); k++) {
      Token t = tokens.get(k);
      depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
      if (depth == 0 && t.is("order") && tokens.get(k + 1).is("by")) {
        keysFrom = k + 2;
      }
    }
    List<String> keys = new ArrayList<>();
    if (keysFrom < 0) {
      return keys;
    }
    // each key from its first token to its last: comments between keys are not part of them
    int keyStart = -1;
    int keyEnd = -1;
    depth = 0;
    for (int k = keysFrom; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.is(")") && depth == 0) {
        break;
      }
      if (depth == 0 && t.kind() == TokenKind.WORD && END_OF_ORDER_BY.contains(t.text())) {
        break;
      }
      if (depth == 0 && t.is(",")) {
        if (keyStart >= 0) {
          keys.add(sql.substring(keyStart, keyEnd));
        }
        keyStart = -1;
        continue;
      }
      depth += t.is("(") ? 1 : t.is(")") ? -1 : 0;
      if (keyStart < 0) {
        keyStart = t.start();
      }
      keyEnd = t.end();
    }
    if (keyStart >= 0) {
      keys.add(sql.substring(keyStart, keyEnd));
    }
    return keys;
  }

  private static final java.util.Set<String> END_OF_ORDER_BY =
      java.util.Set.of("limit", "offset", "fetch", "for", "lock", "union");

  /**
   * The SELECT that reads the rows an UPDATE or DELETE would change, for servers that refuse to
   * EXPLAIN a write inside a read-only transaction (MySQL, MariaDB); null when it cannot be formed.
   */
  static String readingSelect(String sql, Dialect dialect) {
    List<int[]> words = topLevelWords(sql, dialect);
    if (words.isEmpty()) {
      return null;
    }
    String first = word(sql, words.get(0));
    if (first.equals("delete")) {
      for (int[] w : words) {
        if (word(sql, w).equals("from")) {
          return "SELECT 1 " + sql.substring(w[0]);
        }
      }
      return null;
    }
    if (!first.equals("update")) {
      return null;
    }
    int set = -1;
    for (int k = 1; k < words.size(); k++) {
      if (word(sql, words.get(k)).equals("set")) {
        set = k;
        break;
      }
    }
    if (set < 0) {
      return null;
    }
    int tablesStart = words.get(1)[0];
    for (int k = 1; k < set; k++) {
      String w = word(sql, words.get(k));
      if (!w.equals("low_priority") && !w.equals("ignore")) {
        tablesStart = words.get(k)[0];
        break;
      }
    }
    String tables = sql.substring(tablesStart, words.get(set)[0]).strip();
    String tail = "";
    for (int k = set + 1; k < words.size(); k++) {
      String w = word(sql, words.get(k));
      if (w.equals("where") || w.equals("order") || w.equals("limit")) {
        tail = " " + sql.substring(words.get(k)[0]);
        break;
      }
    }
    return "SELECT 1 FROM " + tables + tail;
  }

  private static String word(String sql, int[] span) {
    return sql.substring(span[0], span[1]).toLowerCase(Locale.ROOT);
  }

  /** Spans of the words at parenthesis depth 0, as {@code dialect} lexes the statement. */
  private static List<int[]> topLevelWords(String sql, Dialect dialect) {
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    for (Token t : tokens(sql, dialect)) {
      if (t.is("(")) {
        depth++;
      } else if (t.is(")")) {
        depth--;
      } else if (depth == 0 && t.kind() == TokenKind.WORD) {
        out.add(new int[] {t.start(), t.end()});
      }
    }
    return out;
  }

  /** The kinds of {@link Token}: what the planning guard needs to tell apart. */
  enum TokenKind { WORD, QUOTED_NAME, LITERAL, OPERATOR, PUNCTUATION }

  /**
   * One token: a WORD is an unquoted name or keyword in lower case, a QUOTED_NAME the identifier
   * between its quotes, an OPERATOR a run of operator characters, PUNCTUATION one of
   * {@code ( ) [ ] , . ;} or {@code ::}. Literals (strings, numbers, placeholders) keep no text,
   * so nothing built from tokens can carry a value. {@code written} is a WORD as written (its case
   * kept, for names the advisor puts into DDL); for every other kind it equals {@code text}.
   */
  record Token(TokenKind kind, String text, String written, int start, int end) {

    Token(TokenKind kind, String text) {
      this(kind, text, text);
    }

    Token(TokenKind kind, String text, String written) {
      this(kind, text, written, -1, -1);
    }

    /** This token where it lies in the statement: {@code [start, end)}. */
    Token at(int from, int to) {
      return new Token(kind, text, written, from, to);
    }

    boolean is(String punctuationOrWord) {
      return (kind == TokenKind.PUNCTUATION || kind == TokenKind.WORD) && text.equals(punctuationOrWord);
    }

    boolean isName() {
      return kind == TokenKind.WORD || kind == TokenKind.QUOTED_NAME;
    }
  }

  private static final String PG_OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
  private static final String MYSQL_OPERATOR_CHARS = "+-*/<>=~!%^&|:@";

  /**
   * The statement as tokens, lexed the way the server lexes it: PostgreSQL (with
   * {@code standard_conforming_strings} on, which the session sets) nests block comments, reads
   * {@code E'…'} with backslash escapes and {@code $tag$…$tag$} as strings; MySQL/MariaDB (with
   * the session's sql_mode free of NO_BACKSLASH_ESCAPES and ANSI_QUOTES) reads backslash escapes
   * in both quotes, {@code #} comments, {@code --} as a comment only before a space, and ends a
   * block comment at its first {@code *}{@code /}.
   */
  static List<Token> tokens(String sql, Dialect dialect) {
    boolean pg = dialect == Dialect.POSTGRESQL;
    String operatorChars = pg ? PG_OPERATOR_CHARS : MYSQL_OPERATOR_CHARS;
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int start = i;
      Token token = null;
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next == '-' && (pg || i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2))
          || Character.isISOControl(sql.charAt(i + 2)))) {
        i = skipLine(sql, i);
      } else if (c == '#' && !pg) {
        i = skipLine(sql, i);
      } else if (c == '/' && next == '*') {
        if (pg) {
          i = skipBlockComment(sql, i);
        } else {
          int close = sql.indexOf("*/", i + 2);
          i = close < 0 ? n : close + 2;
        }
      } else if (c == '\'') {
        i = skipQuoted(sql, i, '\'', !pg);
        token = new Token(TokenKind.LITERAL, "");
      } else if (c == '"' && !pg) {
        i = skipQuoted(sql, i, '"', true);
        token = new Token(TokenKind.LITERAL, "");
      } else if (c == '"' || c == '`') {
        int end = skipQuoted(sql, i, c, false);
        String name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace(String.valueOf(c) + c, String.valueOf(c));
        token = new Token(TokenKind.QUOTED_NAME, name);
        i = end;
      } else if (pg && c == '$' && Character.isDigit(next)) {
        i++;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        token = new Token(TokenKind.LITERAL, "");
      } else if (pg && c == '$' && skipDollarQuote(sql, i) > i) {
        i = skipDollarQuote(sql, i);
        token = new Token(TokenKind.LITERAL, "");
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
        int i0 = i;
        i++;
        while (i < n && (identifierPart(sql.charAt(i)) || sql.charAt(i) == '.'
            || ((sql.charAt(i) == '+' || sql.charAt(i) == '-')
                && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
          i++;
        }
        // MySQL names may start with digits (a function 1f is called as 1f()): keep such a token as a word
        String number = sql.substring(i0, i);
        boolean name = !pg && number.chars().anyMatch(Character::isLetter);
        token = name ? new Token(TokenKind.WORD, number.toLowerCase(Locale.ROOT), number) : new Token(TokenKind.LITERAL, "");
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n && identifierPart(sql.charAt(end))) {
          end++;
        }
        String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
        if (pg && end < n && sql.charAt(end) == '\'' && word.equals("e")) {
          i = skipQuoted(sql, end, '\'', true); // E'…' takes backslash escapes
          token = new Token(TokenKind.LITERAL, "");
        } else if (pg && word.equals("u") && sql.startsWith("&'", end)) {
          i = skipQuoted(sql, end + 1, '\'', false);
          token = new Token(TokenKind.LITERAL, "");
        } else if (pg && word.equals("u") && sql.startsWith("&\"", end)) {
          int close = skipQuoted(sql, end + 1, '"', false);
          token = new Token(TokenKind.QUOTED_NAME, sql.substring(end + 2, Math.max(end + 2, close - 1)));
          i = close;
        } else {
          token = new Token(TokenKind.WORD, word, sql.substring(i, end));
          i = end;
        }
      } else if (c == ':' && next == ':') {
        token = new Token(TokenKind.PUNCTUATION, "::");
        i += 2;
      } else if ("()[],.;".indexOf(c) >= 0) {
        token = new Token(TokenKind.PUNCTUATION, String.valueOf(c));
        i++;
      } else if (operatorChars.indexOf(c) >= 0) {
        int end = i;
        while (end < n && operatorChars.indexOf(sql.charAt(end)) >= 0
            && !sql.startsWith("--", end) && !sql.startsWith("/*", end)) {
          end++;
        }
        String op = sql.substring(i, Math.max(end, i + 1));
        token = op.equals("?") ? new Token(TokenKind.LITERAL, "") : new Token(TokenKind.OPERATOR, op);
        i = Math.max(end, i + 1);
      } else {
        token = new Token(TokenKind.PUNCTUATION, String.valueOf(c));
        i++;
      }
      if (token != null) {
        out.add(token.at(start, i));
      }
    }
    return out;
  }

  private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  private static int skipLine(String sql, int start) {
    int nl = sql.indexOf('\n', start);
    return nl < 0 ? sql.length() : nl + 1;
  }

  private static int skipBlockComment(String sql, int start) {
    int depth = 0;
    int i = start;
    int n = sql.length();
    while (i < n) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /** PostgreSQL {@code $tag$ … $tag$}; returns {@code start} when this is no dollar quote. */
  private static int skipDollarQuote(String sql, int start) {
    int close = sql.indexOf('$', start + 1);
    if (close < 0) {
      return start;
    }
    String tag = sql.substring(start, close + 1);
    for (int k = 1; k < tag.length() - 1; k++) {
      if (!identifierPart(tag.charAt(k))) {
        return start;
      }
    }
    int end = sql.indexOf(tag, close + 1);
    return end < 0 ? sql.length() : end + tag.length();
  }

  private static char before(String sql, int i) {
    return i == 0 ? ' ' : sql.charAt(i - 1);
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static final java.util.Set<String> KEYWORDS = java.util.Set.of(
      "select", "from", "where", "and", "or", "not", "in", "between", "like", "ilike", "is", "null",
      "limit", "offset", "fetch", "first", "next", "rows", "row", "only", "order", "group", "by",
      "having", "values", "set", "update", "delete", "insert", "into", "join", "on", "as", "case",
      "when", "then", "else", "end", "any", "all", "some", "exists", "with", "union", "distinct",
      "asc", "desc", "inner", "left", "right", "outer", "cross", "true", "false", "interval",
      "escape", "returning", "using", "cast");
}
