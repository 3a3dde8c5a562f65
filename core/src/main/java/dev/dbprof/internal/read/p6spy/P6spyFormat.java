package dev.dbprof.internal.read.p6spy;

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
  private final RecordMatcher record;
  private final RecordMatcher head;
  private final boolean multiLine;
  private final Field[] groups;
  private final String pairSeparator;
  private final boolean pairPreparedFirst;
  /** Connection ids seen, by number: one String per connection rather than one per line. */
  private final String[] connectionIds = new String[CACHED_CONNECTION_IDS];

  private static final int CACHED_CONNECTION_IDS = 4096;

  private P6spyFormat(String source, RecordMatcher record, RecordMatcher head, boolean multiLine,
      List<Field> groups, String pairSeparator, boolean pairPreparedFirst) {
    this.source = source;
    this.record = record;
    this.head = head;
    this.multiLine = multiLine;
    this.groups = groups.toArray(new Field[0]);
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

  RecordMatcher recordMatcher() {
    return record;
  }

  /** Null when every line may start a record. */
  RecordMatcher headMatcher() {
    return head;
  }

  /** Whether {@code line} is the first line of a record. */
  public boolean startsRecord(String line) {
    return head == null || head.match(line, null);
  }

  /** Parses one whole record, or returns null when it does not have this format. */
  P6spyRecord parse(String text) {
    int[] spans = new int[2 * groups.length];
    if (!record.match(text, spans)) {
      return null;
    }
    long time = P6spyTime.UNKNOWN;
    String category = null;
    String connection = null;
    String prepared = null;
    String values = null;
    long elapsed = -1;
    List<String> literals = null;
    for (int g = 0; g < groups.length; g++) {
      int start = spans[2 * g];
      int end = spans[2 * g + 1];
      switch (groups[g]) {
        case TIME -> time = P6spyTime.millis(text, start, end);
        case ELAPSED -> elapsed = parseLong(text, start, end);
        case CATEGORY -> category = category(text, start, end);
        case CONNECTION -> connection = connectionId(text, start, end);
        case PREPARED -> prepared = text.substring(start, end);
        case VALUES -> values = text.substring(start, end);
        case PAIR -> {
          PreparedValues.Split split =
              PreparedValues.split(text, start, end, pairSeparator, pairPreparedFirst);
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

  /** {@code -?\d+} as a number; -1 when it does not fit a long. */
  private static long parseLong(String text, int start, int end) {
    try {
      return Long.parseLong(text, start, end, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code [A-Za-z]*} in lower case; p6spy's own categories without a new String. */
  private static String category(String text, int start, int end) {
    int length = end - start;
    for (String known : CATEGORIES) {
      if (known.length() == length && (text.startsWith(known, start)
          || text.regionMatches(true, start, known, 0, length))) {
        return known;
      }
    }
    return text.substring(start, end).toLowerCase(Locale.ROOT);
  }

  private static final String[] CATEGORIES = {"statement", "commit", "rollback", "batch", "result",
      "resultset"};

  /** {@code -?\d+}: small ids (written without leading zeros) share one String each. */
  private String connectionId(String text, int start, int end) {
    int length = end - start;
    if (length > 4 || length > 1 && text.charAt(start) == '0' || text.charAt(start) == '-') {
      return text.substring(start, end);
    }
    int id = 0;
    for (int i = start; i < end; i++) {
      id = id * 10 + text.charAt(i) - '0';
    }
    if (id >= CACHED_CONNECTION_IDS) {
      return text.substring(start, end);
    }
    String cached = connectionIds[id];
    if (cached == null) {
      cached = text.substring(start, end);
      connectionIds[id] = cached; // a benign race: Strings are immutable and equal
    }
    return cached;
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
    // The format starts with literal text (maybe empty): a logging framework's prefix may come first.
    Character prefixStop = prefixStop(merged);
    RecordMatcher.Builder recordMatcher = new RecordMatcher.Builder(true);
    for (int i = 0; i < merged.size(); i++) {
      append(recordMatcher, merged.get(i), groups, i + 1 < merged.size() ? merged.get(i + 1) : null);
    }
    RecordMatcher.Builder headMatcher = new RecordMatcher.Builder(false);
    boolean headHasField = false;
    boolean wholeLine = false;
    for (int i = 0; i < merged.size(); i++) {
      Object token = merged.get(i);
      if (token instanceof Pair || token instanceof Placeholder p && p.field.isSql()) {
        break;
      }
      if (token instanceof String literal && literal.indexOf('\n') >= 0) {
        headMatcher.literal(literal.substring(0, literal.indexOf('\n')));
        wholeLine = true;
        break;
      }
      append(headMatcher, token, new ArrayList<>(), i + 1 < merged.size() ? merged.get(i + 1) : null);
      headHasField |= token instanceof Placeholder;
    }
    RecordMatcher head = headHasField ? headMatcher.build(prefixStop, wholeLine) : null;
    return new P6spyFormat(format, recordMatcher.build(prefixStop, true), head, multiLine,
        List.copyOf(groups), separator, preparedFirst);
  }

  private static void append(RecordMatcher.Builder matcher, Object token, List<Field> groups,
      Object next) {
    if (token instanceof String literal) {
      matcher.literal(literal);
      return;
    }
    Field field = token instanceof Pair ? Field.PAIR : ((Placeholder) token).field.field;
    groups.add(field);
    switch (field) {
      case ELAPSED, CONNECTION -> matcher.field(RecordMatcher.NUMBER, '\0');
      case CATEGORY -> matcher.field(RecordMatcher.LETTERS, '\0');
      case PREPARED, VALUES, PAIR -> matcher.field(RecordMatcher.REST, '\0');
      // never across a line end: keeps a failing match over a long multi-line record linear
      default -> {
        Character stop = separator(next);
        matcher.field(stop == null ? RecordMatcher.LAZY : RecordMatcher.UNTIL,
            stop == null ? '\0' : stop);
      }
    }
  }

  /**
   * What may come before a record (a logging framework's prefix): any text on the first line, or,
   * when the format starts with a field that ends at a separator, nothing or text up to such a
   * separator: a prefix of any length before a possessive field would try every start position of
   * the line (quadratic). Null means any text.
   */
  private static Character prefixStop(List<Object> merged) {
    if (merged.get(0) instanceof String first && first.isEmpty() && merged.size() > 2
        && merged.get(1) instanceof Placeholder && separator(merged.get(2)) != null) {
      return ((String) merged.get(2)).charAt(0);
    }
    return null;
  }

  /**
   * The separator that ends a short field (time, url, …), or null. When the literal after the field
   * starts with a separator character, the field cannot contain it and is matched possessively:
   * matched lazily, a long line full of separators ({@code ||} in SQL, a damaged log) tries every
   * combination of their positions (found by FuzzTest: one 58 KB line took minutes). Otherwise the
   * field is matched lazily, shortest first, never across a line end.
   */
  private static Character separator(Object next) {
    if (next instanceof String literal && !literal.isEmpty()) {
      char c = literal.charAt(0);
      if (c != ' ' && c != '\n' && !Character.isLetterOrDigit(c)) {
        return c;
      }
    }
    return null;
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
