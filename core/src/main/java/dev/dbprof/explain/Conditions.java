package dev.dbprof.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pulls indexable column predicates out of the condition strings plans print: PostgreSQL's
 * {@code ((o.customer_id = $1) AND ((o.status)::text = 'NEW'::text))}, MySQL's
 * {@code (`db`.`o`.`customer_id` = 42)} and MariaDB's {@code o.customer_id = 42}. Only the top-level
 * AND-ed comparisons of a bare column with a value or another column count; anything under OR,
 * NOT or a function call is skipped, because a plain B-tree index on the column would not serve it.
 */
final class Conditions {

  enum Use { EQUALITY, RANGE, JOIN }

  /**
   * A column predicate. {@code column} holds the identifier parts as printed
   * ({@code [db, o, customer_id]}); {@code other} the other column of a join predicate.
   */
  record Predicate(List<String> column, Use use, List<String> other) {

    String columnName() {
      return column.get(column.size() - 1);
    }

    /** The table or alias qualifier, or null when the column is unqualified. */
    String qualifier() {
      return column.size() >= 2 ? column.get(column.size() - 2) : null;
    }
  }

  private enum Kind { WORD, IDENT, STRING, NUMBER, PARAM, OP, LPAREN, RPAREN, COMMA }

  private record Token(Kind kind, String text, List<String> parts) {}

  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "in",
      "between", "like", "ilike", "any", "all", "some", "true", "false", "exists", "case", "when",
      "then", "else", "end", "array", "distinct", "from", "escape");
  private static final Set<String> CAST_TYPE_WORDS = Set.of("without", "with", "time", "zone",
      "varying", "precision");

  private Conditions() {}

  static List<Predicate> predicates(String condition) {
    List<Predicate> out = new ArrayList<>();
    if (condition == null || condition.isBlank()) {
      return out;
    }
    List<Token> tokens;
    try {
      tokens = tokenize(condition);
    } catch (RuntimeException e) {
      return out; // an unreadable condition yields no columns, never an error
    }
    conjuncts(tokens, out);
    return out;
  }

  private static void conjuncts(List<Token> tokens, List<Predicate> out) {
    List<Token> trimmed = stripOuterParens(tokens);
    List<List<Token>> parts = splitTopLevel(trimmed, "and");
    if (parts.size() == 1) {
      if (!splitTopLevel(trimmed, "or").equals(List.of(trimmed))) {
        return; // a disjunction: one B-tree index does not serve it
      }
      comparison(trimmed, out);
      return;
    }
    for (List<Token> part : parts) {
      conjuncts(part, out);
    }
  }

  private static void comparison(List<Token> t, List<Predicate> out) {
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.kind() == Kind.LPAREN) {
        depth++;
      } else if (tok.kind() == Kind.RPAREN) {
        depth--;
      } else if (depth == 0) {
        Use use = operatorUse(t, i);
        if (use == null) {
          if (tok.kind() == Kind.OP || isWord(tok, "is", "in", "between", "like", "ilike", "not")) {
            return; // a top-level operator we do not index (<>, LIKE, NOT IN, arithmetic…)
          }
          continue;
        }
        List<String> left = bareColumn(t.subList(0, i));
        List<Token> rightTokens = rightOperand(t, i);
        List<String> right = bareColumn(rightTokens);
        boolean rightIsValue = right == null && isValue(rightTokens);
        boolean leftIsValue = left == null && isValue(t.subList(0, i));
        if (left != null && right != null) {
          if (!sameQualifier(left, right)) {
            out.add(new Predicate(left, Use.JOIN, right));
            out.add(new Predicate(right, Use.JOIN, left));
          }
        } else if (left != null && rightIsValue) {
          out.add(new Predicate(left, use, null));
        } else if (right != null && leftIsValue && use != Use.JOIN) {
          out.add(new Predicate(right, use, null));
        }
        return;
      }
    }
  }

  /** EQUALITY / RANGE for an operator at {@code i}, null when the token is not an indexable operator. */
  private static Use operatorUse(List<Token> t, int i) {
    Token tok = t.get(i);
    if (tok.kind() == Kind.OP) {
      return switch (tok.text()) {
        case "=", "<=>" -> Use.EQUALITY;
        case "<", "<=", ">", ">=" -> Use.RANGE;
        default -> null;
      };
    }
    if (isWord(tok, "in")) {
      return i > 0 && isWord(t.get(i - 1), "not") ? null : Use.EQUALITY;
    }
    if (isWord(tok, "between")) {
      return i > 0 && isWord(t.get(i - 1), "not") ? null : Use.RANGE;
    }
    if (isWord(tok, "is")) {
      return i + 2 < t.size() + 1 && i + 1 < t.size() && isWord(t.get(i + 1), "null") ? Use.EQUALITY : null;
    }
    return null;
  }

  private static List<Token> rightOperand(List<Token> t, int op) {
    Token tok = t.get(op);
    int from = op + 1;
    if (isWord(tok, "is")) {
      return List.of(new Token(Kind.WORD, "null", null));
    }
    if (from < t.size() && isWord(t.get(from), "any", "all", "some")) {
      from++;
    }
    int to = t.size();
    if (isWord(tok, "between")) {
      return List.of(new Token(Kind.NUMBER, "0", null)); // both bounds are values when the plan printed them
    }
    return t.subList(Math.min(from, to), to);
  }

  /** The identifier parts when the tokens are just one column, possibly in parentheses or cast. */
  private static List<String> bareColumn(List<Token> tokens) {
    List<Token> t = stripOuterParens(tokens);
    if (t.size() == 1 && t.get(0).kind() == Kind.IDENT) {
      return t.get(0).parts();
    }
    return null;
  }

  /** Literals, parameters, arrays of them and casts: anything without a column or a subquery. */
  private static boolean isValue(List<Token> tokens) {
    if (tokens.isEmpty()) {
      return false;
    }
    for (Token tok : tokens) {
      switch (tok.kind()) {
        case IDENT -> {
          return false;
        }
        case WORD -> {
          if (!isWord(tok, "null", "true", "false", "array")) {
            return false;
          }
        }
        default -> {
          // literal, parameter, operator, parentheses, comma: fine
        }
      }
    }
    return true;
  }

  private static boolean sameQualifier(List<String> a, List<String> b) {
    String qa = a.size() >= 2 ? a.get(a.size() - 2) : null;
    String qb = b.size() >= 2 ? b.get(b.size() - 2) : null;
    return qa == null || qb == null || qa.equalsIgnoreCase(qb);
  }

  private static List<List<Token>> splitTopLevel(List<Token> t, String word) {
    List<List<Token>> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean betweenPending = false;
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.kind() == Kind.LPAREN) {
        depth++;
      } else if (tok.kind() == Kind.RPAREN) {
        depth--;
      } else if (depth == 0 && isWord(tok, "between")) {
        betweenPending = true;
      } else if (depth == 0 && isWord(tok, word)) {
        if (word.equals("and") && betweenPending) {
          betweenPending = false;
          continue;
        }
        parts.add(t.subList(start, i));
        start = i + 1;
      }
    }
    parts.add(t.subList(start, t.size()));
    return parts;
  }

  private static List<Token> stripOuterParens(List<Token> t) {
    List<Token> cur = t;
    while (cur.size() >= 2 && cur.get(0).kind() == Kind.LPAREN
        && cur.get(cur.size() - 1).kind() == Kind.RPAREN && closesAtEnd(cur)) {
      cur = cur.subList(1, cur.size() - 1);
    }
    return cur;
  }

  private static boolean closesAtEnd(List<Token> t) {
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).kind() == Kind.LPAREN) {
        depth++;
      } else if (t.get(i).kind() == Kind.RPAREN) {
        depth--;
        if (depth == 0 && i < t.size() - 1) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isWord(Token tok, String... words) {
    if (tok.kind() != Kind.WORD) {
      return false;
    }
    for (String w : words) {
      if (tok.text().equals(w)) {
        return true;
      }
    }
    return false;
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", null));
        i++;
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", null));
        i++;
      } else if (c == ',') {
        out.add(new Token(Kind.COMMA, ",", null));
        i++;
      } else if (c == '\'') {
        int end = SqlText.skipQuoted(s, i, '\'', true);
        out.add(new Token(Kind.STRING, s.substring(i, end), null));
        i = end;
      } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
        i = skipCast(s, i + 2);
      } else if (c == '$' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && Character.isDigit(s.charAt(end))) {
          end++;
        }
        out.add(new Token(Kind.PARAM, s.substring(i, end), null));
        i = end;
      } else if (c == '?') {
        out.add(new Token(Kind.PARAM, "?", null));
        i++;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        int end = i;
        while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '.')) {
          end++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, end), null));
        i = end;
      } else if (c == '"' || c == '`' || Character.isLetter(c) || c == '_') {
        i = identifier(s, i, out);
      } else {
        int end = i;
        while (end < n && "=<>!~*+-/%|&^@#".indexOf(s.charAt(end)) >= 0) {
          end++;
        }
        if (end == i) {
          end = i + 1;
        }
        out.add(new Token(Kind.OP, s.substring(i, end), null));
        i = end;
      }
    }
    return out;
  }

  /** Reads a possibly quoted, dotted identifier; a bare name followed by '(' is a function call. */
  private static int identifier(String s, int start, List<Token> out) {
    List<String> parts = new ArrayList<>();
    boolean quotedAny = false;
    int i = start;
    int n = s.length();
    while (true) {
      char c = s.charAt(i);
      if (c == '"' || c == '`') {
        int end = SqlText.skipQuoted(s, i, c, false);
        parts.add(s.substring(i + 1, end - 1).replace(String.valueOf(c) + c, String.valueOf(c)));
        quotedAny = true;
        i = end;
      } else {
        int end = i;
        while (end < n && SqlText.identifierPart(s.charAt(end))) {
          end++;
        }
        parts.add(s.substring(i, end));
        i = end;
      }
      if (i + 1 < n && s.charAt(i) == '.' && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '`'
          || Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '_')) {
        i++;
        continue;
      }
      break;
    }
    String lower = parts.get(0).toLowerCase(Locale.ROOT);
    if (!quotedAny && parts.size() == 1 && KEYWORDS.contains(lower)) {
      out.add(new Token(Kind.WORD, lower, null));
    } else if (!quotedAny && i < n && s.charAt(i) == '(') {
      out.add(new Token(Kind.WORD, "function:" + lower, null)); // a call hides the column from the index
    } else if (!quotedAny && i < n && s.charAt(i) == '\'' ) {
      out.add(new Token(Kind.STRING, "typed literal", null)); // e.g. DATE '2024-01-01'
    } else {
      out.add(new Token(Kind.IDENT, String.join(".", parts), List.copyOf(parts)));
    }
    return i;
  }

  /** Skips a PostgreSQL cast's type name: {@code text}, {@code timestamp without time zone}, {@code integer[]}. */
  private static int skipCast(String s, int i) {
    int n = s.length();
    boolean first = true;
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      int end = i;
      if (end < n && s.charAt(end) == '"') {
        end = SqlText.skipQuoted(s, end, '"', false);
      } else {
        while (end < n && (SqlText.identifierPart(s.charAt(end)) || s.charAt(end) == '.')) {
          end++;
        }
      }
      String word = s.substring(i, end).toLowerCase(Locale.ROOT);
      if (end == i || (!first && !CAST_TYPE_WORDS.contains(word))) {
        break;
      }
      first = false;
      i = end;
      if (i < n && s.charAt(i) == '(') { // varchar(20)
        int close = s.indexOf(')', i);
        i = close < 0 ? n : close + 1;
      }
      while (i + 1 < n && s.charAt(i) == '[' && s.charAt(i + 1) == ']') {
        i += 2;
      }
    }
    // return to just after the last consumed word (trailing spaces are harmless)
    return i;
  }
}
