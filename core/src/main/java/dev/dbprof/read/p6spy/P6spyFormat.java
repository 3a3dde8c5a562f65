package dev.dbprof.read.p6spy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A p6spy log message format compiled into a parser: {@code SingleLineFormat}, {@code
 * MultiLineFormat}, or a {@code CustomLineFormat} given by its {@code customLogMessageFormat}
 * string with {@code %(name)} placeholders.
 *
 * <p>The two SQL texts (with {@code ?} and with values inlined) may contain the separator that
 * p6spy puts between them ({@code |} in SQL such as {@code a || b}); when they are adjacent they are
 * captured as one span and split where the {@code ?} text matches the values text (see {@link
 * PreparedValues}).
 */
public final class P6spyFormat {

  /** What {@code SingleLineFormat} writes, as a custom format. */
  public static final String SINGLE_LINE =
      "%(currentTime)|%(executionTime)|%(category)|connection %(connectionId)|url %(url)"
          + "|%(effectiveSqlSingleLine)|%(sqlSingleLine)";
  /** What {@code MultiLineFormat} writes, as a custom format. */
  public static final String MULTI_LINE =
      "#%(currentTime) | took %(executionTime)ms | %(category) | connection %(connectionId)"
          + "| url %(url)\n%(effectiveSql)\n%(sql);";
  /** p6spy's default {@code customLogMessageFormat}: no URL and only the values text. */
  public static final String P6SPY_DEFAULT_CUSTOM =
      "%(currentTime)|%(executionTime)|%(category)|connection%(connectionId)|%(sqlSingleLine)";

  private static final Pattern PLACEHOLDER = Pattern.compile("%\\(([A-Za-z]+)(:[^)]*)?\\)");

  enum Field { TIME, ELAPSED, CATEGORY, CONNECTION, URL, PREPARED, VALUES, PAIR, OTHER }

  private final String source;
  private final Pattern record;
  private final Pattern head;
  private final boolean headIsWholeLine;
  private final boolean multiLine;
  private final List<Field> groups;
  private final String pairSeparator;
  private final boolean pairPreparedFirst;

  private P6spyFormat(String source, Pattern record, Pattern head, boolean headIsWholeLine,
      boolean multiLine, List<Field> groups, String pairSeparator, boolean pairPreparedFirst) {
    this.source = source;
    this.record = record;
    this.head = head;
    this.headIsWholeLine = headIsWholeLine;
    this.multiLine = multiLine;
    this.groups = groups;
    this.pairSeparator = pairSeparator;
    this.pairPreparedFirst = pairPreparedFirst;
  }

  public String source() {
    return source;
  }

  /** Whether a record can span lines (multi-line SQL placeholders or line breaks in the format). */
  public boolean multiLine() {
    return multiLine;
  }

  /** Whether {@code line} is the first line of a record. */
  public boolean startsRecord(String line) {
    if (head == null) {
      return true;
    }
    Matcher m = head.matcher(line);
    return headIsWholeLine ? m.matches() : m.lookingAt();
  }

  /** Parses one whole record, or returns null when it does not have this format. */
  P6spyRecord parse(String text) {
    Matcher m = record.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String time = null;
    String category = null;
    String connection = null;
    String prepared = null;
    String values = null;
    long elapsed = -1;
    List<String> literals = null;
    for (int g = 0; g < groups.size(); g++) {
      String value = m.group(g + 1);
      switch (groups.get(g)) {
        case TIME -> time = value;
        case ELAPSED -> elapsed = parseLong(value);
        case CATEGORY -> category = value.toLowerCase(Locale.ROOT);
        case CONNECTION -> connection = value;
        case PREPARED -> prepared = value;
        case VALUES -> values = value;
        case PAIR -> {
          PreparedValues.Split split = PreparedValues.split(value, pairSeparator, pairPreparedFirst);
          prepared = split.prepared();
          values = split.values();
          literals = split.literals();
        }
        default -> {
          // url and attributes carry nothing dbprof needs
        }
      }
    }
    boolean consistent = true;
    if (prepared != null && values != null && !prepared.isEmpty()) {
      List<String> matched = literals != null ? literals : PreparedValues.match(prepared, values);
      consistent = matched != null;
      literals = matched;
    }
    if (literals == null) {
      literals = PreparedValues.literals(prepared, values);
    }
    return new P6spyRecord(time, elapsed, category, connection, prepared, values, literals,
        consistent);
  }

  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Compiles a {@code customLogMessageFormat} string. */
  public static P6spyFormat compile(String format) {
    List<Object> tokens = tokenize(format);
    List<Object> merged = mergePairs(tokens);
    String separator = null;
    boolean preparedFirst = true;
    for (int i = 0; i < merged.size(); i++) {
      if (merged.get(i) instanceof Pair pair) {
        separator = pair.separator;
        preparedFirst = pair.preparedFirst;
      }
    }
    boolean multiLine = false;
    for (Object token : tokens) {
      if (token instanceof String literal && literal.indexOf('\n') >= 0
          || token instanceof Placeholder p && p.multiLineSql) {
        multiLine = true;
      }
    }
    List<Field> groups = new ArrayList<>();
    // A format that starts with literal text may be preceded by a logging framework's prefix.
    boolean startsWithLiteral = !merged.isEmpty() && merged.get(0) instanceof String;
    String prefix = startsWithLiteral ? prefixRegex(merged) : "";
    StringBuilder recordRegex = new StringBuilder(prefix);
    for (int i = 0; i < merged.size(); i++) {
      appendRegex(recordRegex, merged.get(i), groups, i + 1 < merged.size() ? merged.get(i + 1) : null);
    }
    StringBuilder headRegex = new StringBuilder(prefix);
    boolean headHasField = false;
    boolean wholeLine = false;
    for (int i = 0; i < merged.size(); i++) {
      Object token = merged.get(i);
      if (token instanceof Pair || token instanceof Placeholder p && p.field.isSql()) {
        break;
      }
      if (token instanceof String literal && literal.indexOf('\n') >= 0) {
        headRegex.append(Pattern.quote(literal.substring(0, literal.indexOf('\n'))));
        wholeLine = true;
        break;
      }
      appendRegex(headRegex, token, new ArrayList<>(), i + 1 < merged.size() ? merged.get(i + 1) : null);
      headHasField |= token instanceof Placeholder;
    }
    Pattern head = headHasField ? Pattern.compile(headRegex.toString()) : null;
    return new P6spyFormat(format, Pattern.compile(recordRegex.toString(), Pattern.DOTALL), head,
        wholeLine, multiLine, List.copyOf(groups), separator, preparedFirst);
  }

  private static void appendRegex(StringBuilder regex, Object token, List<Field> groups, Object next) {
    if (token instanceof String literal) {
      if (!literal.isEmpty()) {
        regex.append(Pattern.quote(literal));
      }
      return;
    }
    Field field = token instanceof Pair ? Field.PAIR : ((Placeholder) token).field.field;
    groups.add(field);
    regex.append(switch (field) {
      case ELAPSED, CONNECTION -> "(-?\\d+)";
      case CATEGORY -> "([A-Za-z]*)";
      case PREPARED, VALUES, PAIR -> "(.*)";
      // never across a line end: keeps a failing match over a long multi-line record linear
      default -> separatedField(next);
    });
  }

  /**
   * What may come before a record (a logging framework's prefix). When the format starts with a
   * field that ends at a separator, a prefix can only end with that separator too: a prefix of any
   * length before a possessive field would try every start position of the line (quadratic).
   */
  private static String prefixRegex(List<Object> merged) {
    if (merged.get(0) instanceof String first && first.isEmpty() && merged.size() > 2
        && merged.get(1) instanceof Placeholder && separatedField(merged.get(2)).endsWith("*+)")) {
      char c = ((String) merged.get(2)).charAt(0);
      return "(?:[^\\n]*?\\x{" + Integer.toHexString(c) + "})?";
    }
    return "[^\\n]*?";
  }

  /**
   * A short field (time, url, …) up to the literal that follows it. When that literal starts with
   * a separator character, the field cannot contain it and is matched possessively: with lazy
   * fields, a long line full of separators ({@code ||} in SQL, a damaged log) backtracks through
   * every combination of their positions (found by FuzzTest: one 58 KB line took minutes).
   */
  private static String separatedField(Object next) {
    if (next instanceof String literal && !literal.isEmpty()) {
      char c = literal.charAt(0);
      if (c != ' ' && c != '\n' && !Character.isLetterOrDigit(c)) {
        return "([^\\x{" + Integer.toHexString(c) + "}\\n]*+)";
      }
    }
    return "([^\\n]*?)";
  }

  private static List<Object> tokenize(String format) {
    List<Object> tokens = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(format);
    int last = 0;
    StringBuilder literal = new StringBuilder();
    while (m.find()) {
      literal.append(format, last, m.start());
      Known known = Known.byTag(m.group(1), m.group(2) != null);
      if (known == null) {
        // p6spy leaves unknown placeholders in the output as they are
        literal.append(m.group());
      } else {
        tokens.add(literal.toString());
        literal.setLength(0);
        tokens.add(new Placeholder(known, known.multiLine));
      }
      last = m.end();
    }
    literal.append(format.substring(last));
    tokens.add(literal.toString());
    return tokens;
  }

  /** Joins "prepared, literal, values" (either order) into one span to be split by matching. */
  private static List<Object> mergePairs(List<Object> tokens) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Object token = tokens.get(i);
      if (i + 2 < tokens.size()
          && token instanceof Placeholder a && a.field.isSql()
          && tokens.get(i + 1) instanceof String separator && !separator.isEmpty()
          && tokens.get(i + 2) instanceof Placeholder b && b.field.isSql()
          && a.field.field != b.field.field) {
        out.add(new Pair(separator, a.field.field == Field.PREPARED));
        i += 2;
      } else {
        out.add(token);
      }
    }
    return out;
  }

  private record Placeholder(Known field, boolean multiLineSql) {
  }

  private record Pair(String separator, boolean preparedFirst) {
  }

  private enum Known {
    CONNECTION_ID("connectionId", Field.CONNECTION, false),
    CURRENT_TIME("currentTime", Field.TIME, false),
    EXECUTION_TIME("executionTime", Field.ELAPSED, false),
    CATEGORY("category", Field.CATEGORY, false),
    EFFECTIVE_SQL("effectiveSql", Field.PREPARED, true),
    EFFECTIVE_SQL_SINGLE_LINE("effectiveSqlSingleLine", Field.PREPARED, false),
    SQL("sql", Field.VALUES, true),
    SQL_SINGLE_LINE("sqlSingleLine", Field.VALUES, false),
    URL("url", Field.URL, false),
    ATTRIBUTES("attributes", Field.OTHER, false);

    final String tag;
    final Field field;
    final boolean multiLine;

    Known(String tag, Field field, boolean multiLine) {
      this.tag = tag;
      this.field = field;
      this.multiLine = multiLine;
    }

    boolean isSql() {
      return field == Field.PREPARED || field == Field.VALUES;
    }

    static Known byTag(String tag, boolean hasArgument) {
      for (Known known : values()) {
        if (known.tag.equals(tag) && (hasArgument == (known == ATTRIBUTES))) {
          return known;
        }
      }
      return null;
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
