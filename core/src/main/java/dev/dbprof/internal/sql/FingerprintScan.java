package dev.dbprof.internal.sql;

import dev.dbprof.model.StatementKind;
import java.util.Arrays;

/**
 * One pass over one statement: reads tokens left to right and writes the fingerprint as it
 * goes. Rewrites that need to look back (IN lists, VALUES rows, LIMIT offsets) write first and
 * cut the output back afterwards, so there is never a second pass over the input. One instance
 * per statement; not thread-safe.
 *
 * <p>Each rule says which two statements it makes equal.
 */
final class FingerprintScan {

  private static final int START = 0;
  private static final int WORD = 1;
  private static final int QUOTED_NAME = 2;
  private static final int VALUE = 3;
  private static final int OPEN = 4;
  private static final int CLOSE = 5;
  private static final int OPEN_BRACKET = 6;
  private static final int CLOSE_BRACKET = 7;
  private static final int COMMA = 8;
  private static final int DOT = 9;
  private static final int OPERATOR = 10;
  private static final int CAST = 11;
  private static final int SEMICOLON = 12;

  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final String s;
  private final int n;
  /** MySQL reads {@code \'} inside '…' as an escaped quote; standard SQL does not. */
  private final boolean backslashEscapes;
  private final SqlDialect dialect;
  /** The fingerprint being written (a bare char array: appending is the hot path). */
  private char[] out;
  private int length;
  private int pos;

  // The token just written: its type, keyword id, and where it (and the space before it) start.
  private int prevType = START;
  private int prevKeyword;
  private int tokenMark;
  private int tokenStart;
  private int depth;

  private StatementKind kind;
  private boolean inWith;
  private int kindDepth;
  private boolean afterLeadingSet;

  private long literalsHash = FNV_OFFSET;
  private int literals;
  private int longestInList;
  private int valuesRows;
  private boolean sawBackslashEscape;
  private boolean sawUnion;
  private boolean unterminatedAfterBackslash;

  // Where each literal lies in the text, for a Template; false where a look ahead may cross one.
  private int[] literalSpans = new int[16];
  private boolean templatable;

  // IN (…) / ARRAY[…] list being written, collapsed to (?+) when it held values only.
  private boolean list;
  private boolean listArray;
  private int listOpenAt;
  private int listDepth;
  private int listItems;
  private boolean listHasValue;

  // VALUES (…), (…): 0 none, 1 after VALUES, 2 after the first row.
  private int valuesState;
  private int valuesDepth;
  private boolean rowOpen;
  private int rows;
  private int firstRowEnd;

  // INSERT INTO t (a, b): 1 after INTO, 2 after the table's name, 3 after a dot in it; then the
  // column list, where only names can stand.
  private int intoState;
  private boolean insertColumns;
  private int insertColumnsDepth;

  // LIMIT ?, ? and LIMIT ? OFFSET ?: 1 after LIMIT, 2 after its value, 3 after the separator.
  private int limitState;
  private int limitEnd;

  FingerprintScan(String sql, boolean backslashEscapes) {
    this(sql, backslashEscapes, SqlDialect.UNKNOWN);
  }

  FingerprintScan(String sql, boolean backslashEscapes, SqlDialect dialect) {
    this.s = sql;
    this.n = sql.length();
    this.backslashEscapes = backslashEscapes;
    this.dialect = dialect;
    this.templatable = n <= Template.MAX_LENGTH;
    this.out = new char[Math.max(64, Math.min(n + 8, 1024))];
  }

  String fingerprint() {
    return new String(out, 0, length);
  }

  /** The fingerprint's characters: {@code output()[0, length())}, valid until the scan is reused. */
  char[] output() {
    return out;
  }

  int length() {
    return length;
  }

  StatementKind kind() {
    return kind == null ? StatementKind.OTHER : kind;
  }

  long literalsHash() {
    return literals == 0 ? 0 : literalsHash;
  }

  int literals() {
    return literals;
  }

  int longestInList() {
    return longestInList;
  }

  int valuesRows() {
    return valuesRows;
  }

  boolean sawUnion() {
    return sawUnion;
  }

  /** The literals' [start, end) pairs in the text, in order: {@code literalSpans()[0, literals() * 2)}. */
  int[] literalSpans() {
    return literalSpans;
  }

  /**
   * Whether every other statement with this text outside the literals scans alike (see
   * {@link Template}): not a second scan, nor one with an unterminated literal (which may ask
   * for a second scan), nor one where a bracket or a percent sign made the scan look ahead over
   * characters that a different literal could change.
   */
  boolean templatable() {
    return templatable && backslashEscapes;
  }

  /**
   * The statement ended inside a '…' that had a backslash: it was probably standard SQL. Never on
   * MySQL, where the backslash escapes: a second reading there would put a string's inside, cut
   * off in the log, outside of any literal.
   */
  boolean needsRescanWithoutBackslashEscapes() {
    return backslashEscapes && unterminatedAfterBackslash && dialect != SqlDialect.MYSQL;
  }

  void run() {
    while (pos < n) {
      char c = s.charAt(pos);
      if (c <= ' ' || c == 0x7f) {
        pos++; // whitespace collapses: "select  a" and "select\n a" are one fingerprint
        continue;
      }
      switch (c) {
        case '\'' -> quotedString(pos, pos + 1, backslashEscapes);
        case '"' -> doubleQuoted();
        case '`' -> quotedName('`');
        case '[' -> bracket();
        case ']' -> close(CLOSE_BRACKET, ']');
        case '(' -> open(OPEN, '(');
        case ')' -> close(CLOSE, ')');
        case ',' -> comma();
        case ';' -> semicolon();
        case '.' -> dot();
        case '?' -> questionMark();
        case '$' -> dollar();
        case ':' -> colon();
        case '-' -> minusOrPlus(true);
        case '+' -> minusOrPlus(false);
        case '/' -> slash();
        case '#' -> hash();
        case '%' -> percent();
        case '@' -> at();
        default -> other(c);
      }
    }
    finishStatement();
  }

  // ---- dispatch by first character ----

  private void other(char c) {
    if (c >= '0' && c <= '9') {
      number(pos, false);
    } else if (isNameStart(c)) {
      if ((c == 'u' || c == 'U') && pos + 2 < n && s.charAt(pos + 1) == '&' && s.charAt(pos + 2) == '\'') {
        quotedString(pos, pos + 3, false); // PostgreSQL U&'d\0061t' is one string, its backslashes Unicode escapes
      } else if (pos + 1 < n && s.charAt(pos + 1) == '\'' && isStringPrefix(c)) {
        // E'..' uses backslash escapes; X'..' and B'..' hold no quotes; N'..' is a plain string.
        boolean escapes = c == 'e' || c == 'E' || ((c == 'n' || c == 'N') && backslashEscapes);
        quotedString(pos, pos + 2, escapes);
      } else {
        word(pos);
      }
    } else if (c >= 128 && (Character.isSpaceChar(c) || c == '\uFEFF')) {
      pos++; // non-breaking spaces and byte order marks are whitespace too
    } else if (isOperatorChar(c)) {
      operator();
    } else {
      emitPunctuation(OPERATOR, c); // stray characters ({, }, \, control garbage) stay as they are
      pos++;
    }
  }

  private void minusOrPlus(boolean minus) {
    if (minus && pos + 1 < n && s.charAt(pos + 1) == '-') {
      lineComment(); // "select a -- why\n from t" equals "select a from t"
      return;
    }
    if (operandExpected() && unsignedNumberAt(s, pos + 1, n)) {
      number(pos, true); // "a = -1" equals "a = 1": the sign belongs to the literal
      return;
    }
    operator();
  }

  private void slash() {
    if (pos + 1 < n && s.charAt(pos + 1) == '*') {
      // "/* load Order */ select …" equals "select …": comments and hints carry no shape
      if (dialect != SqlDialect.MYSQL) { // where unknown too: nesting can only hide more
        pos = nestedCommentEnd(pos + 2);
        return;
      }
      int end = s.indexOf("*/", pos + 2);
      pos = end < 0 ? n : end + 2;
      return;
    }
    operator();
  }

  /** PostgreSQL comments nest: after an inner comment's end, the outer one goes on. */
  private int nestedCommentEnd(int from) {
    int open = 1;
    int p = from;
    while (p + 1 < n) {
      char c = s.charAt(p);
      if (c == '/' && s.charAt(p + 1) == '*') {
        open++;
        p += 2;
      } else if (c == '*' && s.charAt(p + 1) == '/') {
        p += 2;
        if (--open == 0) {
          return p;
        }
      } else {
        p++;
      }
    }
    return n;
  }

  private void hash() {
    char next = pos + 1 < n ? s.charAt(pos + 1) : ' ';
    if (next == '>' || next == '-') {
      operator(); // PostgreSQL json operators #>, #>>, #-
    } else {
      lineComment(); // MySQL "# comment" lines
    }
  }

  private void lineComment() {
    int p = pos;
    while (p < n && s.charAt(p) != '\n' && s.charAt(p) != '\r') {
      p++;
    }
    pos = p;
  }

  private void percent() {
    templatable = false; // the look ahead for %(name)s is bounded: a longer literal could change it
    // Python DB-API: "where id = %s" and "where id = %(id)s" equal "where id = ?"
    if (pos + 1 < n && s.charAt(pos + 1) == 's' && (pos + 2 >= n || !isNamePart(s.charAt(pos + 2)))) {
      placeholder(pos + 2);
      return;
    }
    if (pos + 1 < n && s.charAt(pos + 1) == '(') {
      int p = pos + 2;
      while (p < n && p - pos < 128 && isNamePart(s.charAt(p))) {
        p++;
      }
      if (p > pos + 2 && p + 1 < n && s.charAt(p) == ')' && s.charAt(p + 1) == 's') {
        placeholder(p + 2);
        return;
      }
    }
    operator();
  }

  private void at() {
    int p = pos;
    while (p < n && s.charAt(p) == '@') {
      p++;
    }
    if (p < n && isNameStart(s.charAt(p))) {
      // MySQL variables @x and @@session.x are names
      beginToken(WORD);
      while (p < n && isNamePart(s.charAt(p))) {
        p++;
      }
      appendLowerCase(pos, p);
      pos = p;
      finishToken(WORD, 0);
      return;
    }
    operator();
  }

  // ---- literals and placeholders ----

  private void number(int start, boolean signed) {
    int p = numberEnd(s, signed ? start + 1 : start, n);
    if (!signed && nameGoesOn(s, p, n)) {
      word(start); // MySQL names may start with digits: "1st_table" is a name, not "?st_table"
      return;
    }
    literal(start, p);
  }

  /** Whether an unsigned number starts at {@code p}: a digit, or a dot and a digit. */
  static boolean unsignedNumberAt(String s, int p, int n) {
    return p < n && (isDigit(s.charAt(p)) || (s.charAt(p) == '.' && p + 1 < n && isDigit(s.charAt(p + 1))));
  }

  /** Whether the unsigned number that ends at {@code end} is the start of a name instead. */
  static boolean nameGoesOn(String s, int end, int n) {
    return end < n && isNamePart(s.charAt(end)) && s.charAt(end - 1) != '.';
  }

  /** Where the unsigned number at {@code p} ends: "5", "5.", ".5", "5.5e-3", "0x1F", "0b101" are one kind of literal. */
  static int numberEnd(String s, int p, int n) {
    if (p + 2 < n && s.charAt(p) == '0' && (s.charAt(p + 1) | 0x20) == 'x' && isHex(s.charAt(p + 2))) {
      p += 2; // "0x1F" equals "15": hex numbers are literals too
      while (p < n && isHex(s.charAt(p))) {
        p++;
      }
      return p;
    }
    if (p + 2 < n && s.charAt(p) == '0' && (s.charAt(p + 1) | 0x20) == 'b'
        && (s.charAt(p + 2) == '0' || s.charAt(p + 2) == '1')) {
      p += 2;
      while (p < n && (s.charAt(p) == '0' || s.charAt(p) == '1')) {
        p++;
      }
      return p;
    }
    while (p < n && isDigit(s.charAt(p))) {
      p++;
    }
    if (p < n && s.charAt(p) == '.') {
      p++;
      while (p < n && isDigit(s.charAt(p))) {
        p++;
      }
    }
    if (p < n && (s.charAt(p) | 0x20) == 'e') {
      int q = p + 1;
      if (q < n && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
        q++;
      }
      if (q < n && isDigit(s.charAt(q))) {
        p = q;
        while (p < n && isDigit(s.charAt(p))) {
          p++;
        }
      }
    }
    return p;
  }

  private void quotedString(int start, int bodyStart, boolean escapes) {
    int p = bodyStart;
    while (p < n) {
      char c = s.charAt(p);
      if (c == '\\' && escapes) {
        sawBackslashEscape = true;
        p += 2;
        continue;
      }
      if (c == '\'') {
        if (p + 1 < n && s.charAt(p + 1) == '\'') {
          p += 2; // 'it''s' is one string
          continue;
        }
        literal(start, p + 1); // "name = 'bob'" equals "name = 'alice'"
        return;
      }
      p++;
    }
    if (sawBackslashEscape) {
      unterminatedAfterBackslash = true;
    }
    templatable = false;
    literal(start, n); // unterminated: the rest is one literal, best effort
  }

  private void doubleQuoted() {
    boolean mayBeString = dialect != SqlDialect.POSTGRESQL;
    int end = closingQuote(pos + 1, '"', mayBeString && backslashEscapes);
    if (end < 0) {
      unterminatedAfterBackslash = sawBackslashEscape;
      templatable = false;
      literal(pos, n);
      return;
    }
    // MySQL's "S3cret!" is a string; PostgreSQL's "Bob" is a name.
    if (mayBeString && !(dialect == SqlDialect.UNKNOWN && onlyANameFits(end))) {
      literal(pos, end);
      return;
    }
    quotedNameToken(end);
  }

  /**
   * Whether a string cannot stand here in any dialect: {@code "users"."id"}, {@code "f"(…)},
   * {@code from "t"}, {@code insert into t ("a", "b")}.
   */
  private boolean onlyANameFits(int end) {
    if (end < n && (s.charAt(end) == '.' || s.charAt(end) == '(')) {
      return true;
    }
    return prevType == DOT || (prevType == WORD && Keywords.has(prevKeyword, Keywords.ONLY_NAME_FOLLOWS))
        || (insertColumns && depth == insertColumnsDepth);
  }

  private void quotedName(char quote) {
    int end = closingQuote(pos + 1, quote, false);
    if (end < 0) {
      unterminatedAfterBackslash = sawBackslashEscape;
      templatable = false;
      literal(pos, n);
      return;
    }
    quotedNameToken(end);
  }

  /** Quoted names keep their case: PostgreSQL's "Foo" and "foo" are different tables. */
  private void quotedNameToken(int end) {
    if (followsSavepoint()) {
      placeholder(end);
      return;
    }
    beginToken(QUOTED_NAME);
    append(pos, end);
    pos = end;
    finishToken(QUOTED_NAME, 0);
  }

  /** Savepoint names are generated per transaction: "savepoint s1_x1" equals "savepoint s7_x2". */
  private boolean followsSavepoint() {
    return prevType == WORD && (prevKeyword == Keywords.SAVEPOINT || prevKeyword == Keywords.RELEASE);
  }

  /** Index after the closing quote (a doubled quote is part of the name; with {@code escapes}, so is \"), or -1. */
  private int closingQuote(int p, char quote, boolean escapes) {
    while (p < n) {
      char c = s.charAt(p);
      if (c == '\\' && escapes) {
        sawBackslashEscape = true;
        p += 2;
        continue;
      }
      if (c == quote) {
        if (p + 1 < n && s.charAt(p + 1) == quote) {
          p += 2;
          continue;
        }
        return p + 1;
      }
      p++;
    }
    return -1;
  }

  private void bracket() {
    templatable = false; // the look ahead for a closing ] is bounded: a longer literal could change it
    boolean nameContext = prevType == START || prevType == COMMA || prevType == DOT || prevType == OPEN
        || (prevType == WORD && Keywords.has(prevKeyword, Keywords.NAME_FOLLOWS));
    if (nameContext && pos + 1 < n && isNameStart(s.charAt(pos + 1))) {
      int p = pos + 1;
      while (p < n && p - pos < 130) {
        char c = s.charAt(p);
        if (c == ']') {
          quotedNameToken(p + 1); // SQL Server [Order Details]
          return;
        }
        if (c == '[' || c == '\'' || c == ',' || c == '\n' || c == '(') {
          break;
        }
        p++;
      }
    }
    open(OPEN_BRACKET, '[');
  }

  private void questionMark() {
    int p = pos + 1;
    while (p < n && isDigit(s.charAt(p))) {
      p++; // JPA ?1 is a placeholder
    }
    if (p == pos + 1 && p + 1 < n && s.charAt(p) == '+' && (s.charAt(p + 1) == ')' || s.charAt(p + 1) == ']')) {
      p++; // "(?+)" from an earlier fingerprint reads back as one collapsed list
    }
    placeholder(p);
  }

  private void dollar() {
    int p = pos + 1;
    if (p < n && isDigit(s.charAt(p))) {
      while (p < n && isDigit(s.charAt(p))) {
        p++;
      }
      placeholder(p); // "id = $1" equals "id = ?"
      return;
    }
    while (p < n && (isAsciiLetterOrUnderscore(s.charAt(p)) || (p > pos + 1 && isDigit(s.charAt(p))))) {
      p++;
    }
    if (p < n && s.charAt(p) == '$') {
      // "$$a$$" and "$fn$b$fn$" are PostgreSQL strings, like 'a' and 'b'
      String tag = s.substring(pos, p + 1);
      int close = s.indexOf(tag, p + 1);
      templatable &= close >= 0;
      literal(pos, close < 0 ? n : close + tag.length());
      return;
    }
    operator();
  }

  private void colon() {
    char next = pos + 1 < n ? s.charAt(pos + 1) : ' ';
    if (next == ':') {
      emitPunctuation(CAST, "::"); // "a::int" casts stay as written
      pos += 2;
      return;
    }
    if (next == '=') {
      emitPunctuation(OPERATOR, ":="); // MySQL assignment
      pos += 2;
      return;
    }
    char before = pos > 0 ? s.charAt(pos - 1) : ' ';
    if ((isNameStart(next) || isDigit(next)) && !isNamePart(before) && before != ']' && before != ')') {
      int p = pos + 1;
      while (p < n && isNamePart(s.charAt(p))) {
        p++;
      }
      placeholder(p); // Hibernate/SQLAlchemy "id = :id" equals "id = ?"
      return;
    }
    operator();
  }

  private void placeholder(int end) {
    beginToken(VALUE);
    append('?');
    if (end - pos == 2 && s.charAt(pos) == '?' && s.charAt(pos + 1) == '+') {
      append('+');
    }
    pos = end;
    finishToken(VALUE, 0);
  }

  private void literal(int start, int end) {
    beginToken(VALUE);
    append('?');
    hashLiteral(start, end);
    pos = end;
    finishToken(VALUE, 0);
  }

  private void hashLiteral(int start, int end) {
    literalsHash = hashLiteral(literalsHash, s, start, end);
    if (templatable) {
      if (2 * literals + 2 > literalSpans.length) {
        literalSpans = Arrays.copyOf(literalSpans, literalSpans.length * 2);
      }
      literalSpans[2 * literals] = start;
      literalSpans[2 * literals + 1] = end;
    }
    literals++;
  }

  /** Adds one literal's characters to a running hash of the literals, which starts at {@link #FNV_OFFSET}. */
  static long hashLiteral(long hash, String text, int start, int end) {
    long h = hash;
    for (int i = start; i < end; i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return (h ^ 0x1f) * FNV_PRIME; // separator: ('ab','c') differs from ('a','bc')
  }

  // ---- words ----

  private void word(int start) {
    beginToken(WORD);
    int p = start;
    while (p < n && isNamePart(s.charAt(p))) {
      p++;
    }
    if (length + p - start > out.length) {
      grow(p - start);
    }
    int h = 0;
    int w = length;
    for (int i = start; i < p; i++) {
      char lower = lowerCase(s.charAt(i)); // "SELECT" equals "select"
      out[w++] = lower;
      h = 31 * h + lower;
    }
    length = w;
    pos = p;
    int keyword = Keywords.lookup(out, tokenStart, p - start, h);
    if (keyword == 0) {
      if (followsSavepoint()) {
        length = tokenStart;
        append('?');
        finishToken(VALUE, 0);
        return;
      }
      finishToken(WORD, 0);
      return;
    }
    if (keyword == Keywords.ASC) {
      length = tokenMark; // "order by a asc" equals "order by a"
      return;
    }
    if ((keyword == Keywords.NULL || keyword == Keywords.TRUE || keyword == Keywords.FALSE)
        && !(prevType == WORD && (prevKeyword == Keywords.IS || prevKeyword == Keywords.NOT))) {
      // "a = null" and "flag = true" are values like "a = 5"; "is not null" is a predicate
      length = tokenStart;
      append('?');
      hashLiteral(start, p);
      finishToken(VALUE, 0);
      return;
    }
    decideKind(keyword);
    sawUnion |= keyword == Keywords.UNION;
    boolean valuesRowList = (keyword == Keywords.VALUES
        || (keyword == Keywords.VALUE && kind == StatementKind.INSERT && nextCharIs('(')))
        && prevType != OPERATOR && prevType != COMMA; // "= values(a)" is MySQL's function
    finishToken(WORD, keyword);
    if (valuesRowList) {
      valuesState = 1;
      valuesDepth = depth;
      rows = 0;
      rowOpen = false;
    }
    if (keyword == Keywords.LIMIT) {
      limitState = 1;
    }
  }

  private void decideKind(int keyword) {
    if (kind != null && !inWith) {
      if (afterLeadingSet && keyword == Keywords.TRANSACTION) {
        kind = StatementKind.TRANSACTION;
      }
      afterLeadingSet = false;
      return;
    }
    if (kind == null) {
      kindDepth = depth;
      if (keyword == Keywords.WITH) {
        inWith = true; // "with x as (…) select" is a SELECT, "with … insert" an INSERT
        kind = StatementKind.SELECT;
        return;
      }
      StatementKind leading = Keywords.kind(keyword);
      kind = leading == null ? StatementKind.OTHER : leading;
      afterLeadingSet = keyword == Keywords.SET;
      return;
    }
    if (depth == kindDepth && (keyword == Keywords.SELECT || keyword == Keywords.INSERT
        || keyword == Keywords.UPDATE || keyword == Keywords.DELETE || keyword == Keywords.MERGE)) {
      kind = Keywords.kind(keyword);
      inWith = false;
    }
  }

  private boolean nextCharIs(char wanted) {
    int p = pos;
    while (p < n && s.charAt(p) <= ' ') {
      p++;
    }
    return p < n && s.charAt(p) == wanted;
  }

  // ---- punctuation and operators ----

  private void operator() {
    int p = pos;
    while (p < n && isOperatorChar(s.charAt(p))) {
      char c = s.charAt(p);
      char next = p + 1 < n ? s.charAt(p + 1) : ' ';
      if (p > pos && ((c == '-' && next == '-') || (c == '/' && next == '*'))) {
        break; // a comment starts inside the run
      }
      p++;
    }
    if (p == pos) {
      p = pos + 1;
    }
    // PostgreSQL's rule: "a=-1" is "=" then "-1", but "a @- b" keeps its operator.
    while (p - pos > 1 && (s.charAt(p - 1) == '-' || s.charAt(p - 1) == '+') && !hasSpecialOperatorChar(pos, p)) {
      p--;
    }
    beginToken(OPERATOR);
    append(pos, p);
    pos = p;
    finishToken(OPERATOR, 0);
  }

  private boolean hasSpecialOperatorChar(int from, int to) {
    for (int i = from; i < to; i++) {
      switch (s.charAt(i)) {
        case '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  private void dot() {
    if (pos + 1 < n && isDigit(s.charAt(pos + 1)) && prevType != WORD && prevType != QUOTED_NAME
        && prevType != CLOSE && prevType != CLOSE_BRACKET && prevType != DOT) {
      number(pos, false); // ".5" equals "0.5"
      return;
    }
    emitPunctuation(DOT, '.');
    pos++;
  }

  private void comma() {
    emitPunctuation(COMMA, ',');
    pos++;
  }

  private void semicolon() {
    pos++;
    if (prevType == SEMICOLON || prevType == START) {
      return; // ";;" is one separator
    }
    emitPunctuation(SEMICOLON, ';');
    depth = 0;
    insertColumns = false;
    list = false;
    valuesState = 0;
    limitState = 0;
  }

  private void open(int type, char c) {
    boolean startsList = !list && prevType == WORD
        && (type == OPEN ? prevKeyword == Keywords.IN : prevKeyword == Keywords.ARRAY);
    boolean startsRow = valuesState != 0 && type == OPEN && depth == valuesDepth
        && ((valuesState == 1 && prevType == WORD) || (valuesState == 2 && prevType == COMMA));
    emitPunctuation(type, c);
    pos++;
    depth++;
    if (startsList) {
      // "in (1, 2)" and "in (5)" both read "in (?+)": list length is not a different query
      list = true;
      listArray = type == OPEN_BRACKET;
      listOpenAt = tokenStart;
      listDepth = depth;
      listItems = 1;
      listHasValue = false;
    }
    if (startsRow) {
      rowOpen = true;
    }
  }

  private void close(int type, char c) {
    emitPunctuation(type, c);
    pos++;
    if (depth > 0) {
      depth--;
    }
    if (insertColumns && depth < insertColumnsDepth) {
      insertColumns = false;
    }
    if (list && depth < listDepth) {
      list = false;
      if (listHasValue) {
        length = listOpenAt;
        append(listArray ? "[?+]" : "(?+)");
        longestInList = Math.max(longestInList, listItems);
      }
    }
    if (rowOpen && depth == valuesDepth) {
      rowOpen = false;
      rows++;
      valuesRows = Math.max(valuesRows, rows);
      if (rows == 1) {
        firstRowEnd = length;
        valuesState = 2;
      } else {
        // "values (?, ?), (?, ?)" equals "values (?, ?)": row count is not a different query
        length = firstRowEnd;
      }
    }
  }

  private void emitPunctuation(int type, char c) {
    beginToken(type);
    append(c);
    finishToken(type, 0);
  }

  private void emitPunctuation(int type, String text) {
    beginToken(type);
    append(text);
    finishToken(type, 0);
  }

  // ---- token bookkeeping ----

  private void beginToken(int type) {
    tokenMark = length;
    if (tokenMark > 0 && spaceBetween(prevType, type)) {
      append(' '); // one canonical spacing: "a=?" equals "a = ?"
    }
    tokenStart = length;
  }

  private boolean spaceBetween(int before, int type) {
    switch (before) {
      case START, OPEN, OPEN_BRACKET, DOT, CAST -> {
        return false;
      }
      default -> { }
    }
    switch (type) {
      case COMMA, CLOSE, CLOSE_BRACKET, DOT, CAST, SEMICOLON -> {
        return false;
      }
      case OPEN -> {
        // "count(*)" and "foo(a, b)" hug their parenthesis; "in (", "values (" do not
        if (before == QUOTED_NAME) {
          return false;
        }
        return before != WORD || Keywords.has(prevKeyword, Keywords.SPACE_BEFORE_PAREN);
      }
      case OPEN_BRACKET -> {
        return before != WORD && before != QUOTED_NAME && before != CLOSE && before != CLOSE_BRACKET;
      }
      default -> {
        return true;
      }
    }
  }

  private void finishToken(int type, int keyword) {
    if (intoState != 0 || keyword == Keywords.INTO) {
      trackInsertColumns(type, keyword);
    }
    if (list) {
      trackList(type);
    }
    if (valuesState != 0 && depth == valuesDepth && type != COMMA && type != OPEN && type != CLOSE) {
      valuesState = 0;
      rowOpen = false;
    }
    if (limitState != 0 && trackLimit(type, keyword)) {
      return;
    }
    prevType = type;
    prevKeyword = keyword;
  }

  private void trackInsertColumns(int type, int keyword) {
    boolean name = type == QUOTED_NAME || (type == WORD && keyword == 0);
    if (keyword == Keywords.INTO) {
      intoState = 1;
    } else if ((intoState == 1 || intoState == 3) && name) {
      intoState = 2;
    } else if (intoState == 2 && type == DOT) {
      intoState = 3;
    } else if (intoState == 2 && type == OPEN) {
      intoState = 0;
      insertColumns = true;
      insertColumnsDepth = depth + 1; // the scan counts the parenthesis just after this
    } else {
      intoState = 0;
    }
  }

  private void trackList(int type) {
    switch (type) {
      case VALUE -> listHasValue = true;
      case COMMA -> {
        if (depth == listDepth) {
          listItems++;
        }
      }
      case OPEN, CLOSE, OPEN_BRACKET, CLOSE_BRACKET, CAST -> { }
      case WORD -> {
        if (prevType != CAST) {
          list = false; // "in (select …)" or "in (a, b)" is not a list of values
        }
      }
      default -> list = false;
    }
  }

  /** Returns true when the token was folded away. */
  private boolean trackLimit(int type, int keyword) {
    switch (limitState) {
      case 1 -> {
        if (type == VALUE) {
          limitState = 2;
          limitEnd = length;
        } else {
          limitState = 0;
        }
      }
      case 2 -> limitState = type == COMMA || keyword == Keywords.OFFSET ? 3 : 0;
      case 3 -> {
        limitState = 0;
        if (type == VALUE) {
          // "limit 10, 20" and "limit 10 offset 20" equal "limit 10", as in pt-query-digest
          length = limitEnd;
          prevType = VALUE;
          prevKeyword = 0;
          return true;
        }
      }
      default -> limitState = 0;
    }
    return false;
  }

  private boolean operandExpected() {
    return switch (prevType) {
      case START, OPEN, OPEN_BRACKET, COMMA, OPERATOR -> true;
      case WORD -> Keywords.has(prevKeyword, Keywords.OPERAND_FOLLOWS);
      default -> false;
    };
  }

  private void finishStatement() {
    if (prevType == SEMICOLON) {
      length = tokenMark; // "select 1;" equals "select 1"
    }
  }

  private void appendLowerCase(int from, int to) {
    for (int i = from; i < to; i++) {
      append(lowerCase(s.charAt(i)));
    }
  }

  private void append(char c) {
    if (length == out.length) {
      grow(1);
    }
    out[length++] = c;
  }

  private void append(String text) {
    if (length + text.length() > out.length) {
      grow(text.length());
    }
    text.getChars(0, text.length(), out, length);
    length += text.length();
  }

  private void append(int from, int to) {
    if (length + to - from > out.length) {
      grow(to - from);
    }
    s.getChars(from, to, out, length);
    length += to - from;
  }

  private void grow(int extra) {
    out = Arrays.copyOf(out, Math.max(out.length * 2, length + extra));
  }

  // ---- character classes ----

  private static char lowerCase(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + 32);
    }
    return c < 128 ? c : Character.toLowerCase(c);
  }

  private static final byte NAME_START = 1;
  private static final byte NAME_PART = 2;
  private static final byte DIGIT = 4;
  private static final byte HEX = 8;
  private static final byte OPERATOR_CHAR = 16;
  /** Character classes of ASCII, looked up instead of tested: this is the innermost loop. */
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      byte bits = 0;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        bits |= NAME_START | NAME_PART;
      }
      if (c >= '0' && c <= '9') {
        bits |= DIGIT | NAME_PART | HEX;
      }
      if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        bits |= HEX;
      }
      if (c == '$') {
        bits |= NAME_PART; // PostgreSQL and MySQL allow $ inside names
      }
      if ("+-*/<>=~!@#%^&|".indexOf(c) >= 0) {
        bits |= OPERATOR_CHAR;
      }
      ASCII[c] = bits;
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return c < 128 && (ASCII[c] & HEX) != 0;
  }

  private static boolean isAsciiLetterOrUnderscore(char c) {
    return c < 128 && (ASCII[c] & NAME_START) != 0;
  }

  private static boolean isNameStart(char c) {
    return c < 128 ? (ASCII[c] & NAME_START) != 0 : isWideNameChar(c);
  }

  static boolean isNamePart(char c) {
    return c < 128 ? (ASCII[c] & NAME_PART) != 0 : isWideNameChar(c);
  }

  /** Letters of any script are name characters; odd spaces and byte order marks are not. */
  private static boolean isWideNameChar(char c) {
    return !Character.isSpaceChar(c) && c != '\uFEFF';
  }

  private static boolean isStringPrefix(char c) {
    return switch (c) {
      case 'e', 'E', 'n', 'N', 'x', 'X', 'b', 'B' -> true;
      default -> false;
    };
  }

  private static boolean isOperatorChar(char c) {
    return c < 128 && (ASCII[c] & OPERATOR_CHAR) != 0;
  }
}
