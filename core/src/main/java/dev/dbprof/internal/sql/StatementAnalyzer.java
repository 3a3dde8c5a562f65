package dev.dbprof.internal.sql;

import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.StatementFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * Learns a statement shape's tables and columns with JSqlParser; call once per fingerprint.
 * Calls the parser directly on the calling thread ({@code CCJSqlParserUtil.parse(String)} starts
 * a thread per call for its time-out); one shared daemon thread only raises the parser's
 * {@code interrupted} flag when a parse runs too long. Thread-safe: no state between calls.
 */
public final class StatementAnalyzer {

  /** JSqlParser's cost grows steeply with length; longer samples are analyzed by fingerprint. */
  private static final int MAX_PARSE_CHARS = 20_000;
  /** JSqlParser's backtracking is exponential on some inputs ("select (((" takes minutes). */
  private static final long PARSE_TIMEOUT_MILLIS = 2_000;

  public StatementFacts analyze(String sampleSql, NormalizedSql normalized) {
    String sample = sampleSql == null ? "" : sampleSql;
    OrmStyle orm = OrmStyles.of(sample);
    try {
      Statement statement = parse(parserInput(sample, normalized));
      if (statement != null) {
        return new FactCollector().collect(statement, normalized.kind(), orm);
      }
    } catch (RuntimeException | StackOverflowError e) {
      // fall through to the token-based facts: a statement JSqlParser cannot read is still counted
    }
    return new StatementFacts(normalized.kind(), false, tablesFromTokens(normalized.fingerprint()),
        List.of(), List.of(), List.of(), List.of(), false, false, false, false, false, orm);
  }

  private static String parserInput(String sample, NormalizedSql normalized) {
    if (!balanced(normalized.fingerprint())) {
      return null; // unbalanced parentheses cannot parse, and send JSqlParser into backtracking
    }
    String text = sample.length() <= MAX_PARSE_CHARS ? sample : normalized.fingerprint();
    if (text.length() > MAX_PARSE_CHARS) {
      return null;
    }
    return ParserInput.prepare(text);
  }

  /** Simple parse first; complex parsing (and dialect switches) only when that fails. */
  private static Statement parse(String sql) {
    if (sql == null || sql.isBlank()) {
      return null;
    }
    Statement statement = tryParse(sql, false, false, false);
    if (statement == null) {
      boolean backslashes = sql.indexOf('\\') >= 0;
      boolean brackets = sql.indexOf('[') >= 0;
      statement = tryParse(sql, true, backslashes, brackets);
      if (statement == null && (backslashes || brackets)) {
        statement = tryParse(sql, true, false, false);
      }
    }
    return statement;
  }

  private static boolean balanced(String fingerprint) {
    int depth = 0;
    for (int i = 0; i < fingerprint.length(); i++) {
      char c = fingerprint.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static Statement tryParse(String sql, boolean complex, boolean backslashes, boolean brackets) {
    ScheduledFuture<?> alarm = null;
    try {
      CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
      if (backslashes) {
        parser = parser.withBackslashEscapeCharacter(true);
      }
      if (brackets) {
        parser = parser.withSquareBracketQuotation(true);
      }
      CCJSqlParser running = parser;
      alarm = Watchdog.THREAD.schedule(() -> {
        running.interrupted = true;
      }, PARSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return parser.Statement();
    } catch (Exception | StackOverflowError e) {
      return null;
    } catch (Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      return null; // JSqlParser's token manager reports bad characters as an Error
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
    }
  }

  /** Started on first use; a daemon, so it never keeps the JVM alive. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor THREAD = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "dbprof-parse-watchdog");
      thread.setDaemon(true);
      return thread;
    });

    static {
      THREAD.setRemoveOnCancelPolicy(true); // a finished parse leaves no alarm behind
    }
  }

  /** Best effort when the parse failed: the names after FROM, JOIN, INTO and UPDATE. */
  static List<String> tablesFromTokens(String fingerprint) {
    List<String> tables = new ArrayList<>();
    String[] tokens = fingerprint.split("[\\s(),;]+");
    for (int i = 0; i + 1 < tokens.length; i++) {
      switch (tokens[i]) {
        case "from", "join", "into", "update" -> {
          String name = tableToken(tokens[i + 1]);
          if (name != null && !tables.contains(name)) {
            tables.add(name);
          }
        }
        default -> { }
      }
    }
    return List.copyOf(tables);
  }

  private static String tableToken(String token) {
    String name = FactCollector.name(token);
    if (name.isEmpty() || name.equals("?") || name.equals("select") || name.equals("lateral")
        || name.equals("only") || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
      return null;
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
