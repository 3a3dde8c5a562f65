package dev.dbprof.internal.explain;

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

  /** WORD: a keyword or {@code function:name}; IDENT: a column; LITERAL: a value of any kind. */
  private enum Kind { WORD, IDENT, LITERAL, OP, LPAREN, RPAREN, COMMA }

  private record Token(Kind kind, String text, List<String> parts) {}

  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "in",
      "between", "like", "ilike", "any", "all", "some", "true", "false", "exists", "case", "when",
      "then", "else", "end", "array", "distinct", "from", "escape");
  private static final Set<String> CAST_TYPE_WORDS = Set.of("without", "with", "time", "zone",
      "varying", "precision");

  private Conditions() {}

  /** The predicates of a condition as {@code dialect}'s plans print it. */
  static List<Predicate> predicates(String condition, Dialect dialect) {
    List<Predicate> out = new ArrayList<>();
    if (condition == null || condition.isBlank()) {
      return out;
    }
    List<Token> tokens;
    try {
      tokens = tokenize(condition, dialect);
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
      return List.of(new Token(Kind.LITERAL, "", null)); // both bounds are values when the plan printed them
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

  private static List<Token> tokenize(String condition, Dialect dialect) {
    List<SqlText.Token> in = SqlText.tokens(condition, dialect);
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < in.size()) {
      SqlText.Token t = in.get(i);
      if (t.is("(")) {
        out.add(new Token(Kind.LPAREN, "(", null));
        i++;
      } else if (t.is(")")) {
        out.add(new Token(Kind.RPAREN, ")", null));
        i++;
      } else if (t.is(",")) {
        out.add(new Token(Kind.COMMA, ",", null));
        i++;
      } else if (t.is("::")) {
        i = skipCast(in, i + 1);
      } else if (t.kind() == SqlText.TokenKind.LITERAL || t.is("?")
          || (t.kind() == SqlText.TokenKind.WORD && Character.isDigit(t.text().charAt(0)))) {
        // strings, numbers (MySQL's 1e5 lexes as a word), parameters ($1; MySQL's ? is punctuation)
        out.add(new Token(Kind.LITERAL, "", null));
        i++;
      } else if (t.isName()) {
        i = identifier(in, i, out);
      } else {
        out.add(new Token(Kind.OP, t.text(), null));
        i++;
      }
    }
    return out;
  }

  /** Reads a possibly quoted, dotted identifier; a bare name followed by '(' is a function call. */
  private static int identifier(List<SqlText.Token> in, int start, List<Token> out) {
    List<String> parts = new ArrayList<>();
    boolean quotedAny = false;
    int i = start;
    while (true) {
      SqlText.Token t = in.get(i);
      parts.add(t.written());
      quotedAny |= t.kind() == SqlText.TokenKind.QUOTED_NAME;
      i++;
      if (i + 1 < in.size() && in.get(i).is(".") && in.get(i + 1).isName()) {
        i++;
        continue;
      }
      break;
    }
    String lower = parts.get(0).toLowerCase(Locale.ROOT);
    SqlText.Token next = i < in.size() ? in.get(i) : null;
    if (!quotedAny && parts.size() == 1 && KEYWORDS.contains(lower)) {
      out.add(new Token(Kind.WORD, lower, null));
    } else if (!quotedAny && next != null && next.is("(")) {
      out.add(new Token(Kind.WORD, "function:" + lower, null)); // a call hides the column from the index
    } else if (!quotedAny && next != null && next.kind() == SqlText.TokenKind.LITERAL) {
      out.add(new Token(Kind.LITERAL, "", null)); // a typed literal: DATE '2024-01-01', _utf8mb4'x'
      i++;
    } else {
      out.add(new Token(Kind.IDENT, String.join(".", parts), List.copyOf(parts)));
    }
    return i;
  }

  /**
   * Skips a PostgreSQL cast's type name ({@code text}, {@code pg_catalog.text}, {@code timestamp
   * without time zone}, {@code varchar(20)}, {@code integer[]}); returns the index after it.
   */
  private static int skipCast(List<SqlText.Token> in, int i) {
    boolean first = true;
    while (i < in.size()) {
      SqlText.Token t = in.get(i);
      if (!t.isName() || (!first && !(t.kind() == SqlText.TokenKind.WORD && CAST_TYPE_WORDS.contains(t.text())))) {
        break;
      }
      i++;
      while (first && i + 1 < in.size() && in.get(i).is(".") && in.get(i + 1).isName()) {
        i += 2;
      }
      first = false;
      if (i < in.size() && in.get(i).is("(")) { // varchar(20)
        while (i < in.size() && !in.get(i).is(")")) {
          i++;
        }
        i = Math.min(i + 1, in.size());
      }
      while (i + 1 < in.size() && in.get(i).is("[") && in.get(i + 1).is("]")) {
        i += 2;
      }
    }
    return i;
  }
}
