package dev.dbprof.internal.read.p6spy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.testing.Differential;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matcher against the regular expressions it replaced (built here as they were):
 * for many formats and damaged lines both must accept the same texts with the same captures.
 */
class RecordMatcherTest {

  private static final List<String> FORMATS = List.of(
      P6spyFormat.SINGLE_LINE,
      P6spyFormat.MULTI_LINE,
      P6spyFormat.P6SPY_DEFAULT_CUSTOM,
      "[%(category)] %(executionTime)ms conn %(connectionId) %(url) -- %(sqlSingleLine) -- %(effectiveSqlSingleLine)",
      "%(executionTime)%(connectionId)%(category)%(sqlSingleLine)",
      "%(currentTime)%(url)|%(effectiveSqlSingleLine)|%(sqlSingleLine)",
      "%(currentTime) %(category)\n%(effectiveSql)\n%(sql);",
      "#%(currentTime)|%(attributes:x)|%(category)|%(url)1%(sql)",
      "%(currentTime)\uD83D\uDE00%(category)\uD83D\uDE00%(effectiveSqlSingleLine)\uD83D\uDE00%(sqlSingleLine)",
      "%(currentTime)|%(executionTime)|%(category)|connection %(connectionId)|%(sqlSingleLine)|%(unknown)",
      "%(category)%(url)%(currentTime)|%(sql)",
      "%(currentTime)|%(executionTime)|%(sqlSingleLine)",
      "%(currentTime)|%(category)|%(url) %(sql)");

  private static final String[] PIECES = {"|", "||", "\n", "-", "1", "42", "0", "x", "Ab", " ", "#",
      ";", "ms", "\uD83D\uDE00", "\uD83D", "'", "statement", "connection ", "url ", "[", "] ", "--",
      " | took ", "| url ", "commit"};

  @Test
  void acceptsWhatTheRegexAcceptsWithTheSameCaptures() {
    Random random = new Random(20261124);
    List<Input> corpus = new ArrayList<>();
    for (String format : FORMATS) {
      Reference reference = Reference.compile(format);
      P6spyFormat compiled = P6spyFormat.compile(format);
      for (int n = 0; n < 4000; n++) {
        String text = n % 3 == 0 ? noise(random) : damage(sample(format, random), random);
        corpus.add(new Input(format, reference, compiled, text));
      }
    }
    int[] matched = new int[1];

    Differential.Tally tally = Differential.compare(corpus, input -> {
      RecordMatcher matcher = input.compiled().recordMatcher();
      int[] spans = new int[2 * matcher.groupCount()];
      List<String> groups = null;
      if (matcher.match(input.text(), spans)) {
        groups = new ArrayList<>();
        for (int g = 0; g < matcher.groupCount(); g++) {
          groups.add(input.text().substring(spans[2 * g], spans[2 * g + 1]));
        }
      }
      return Optional.of(new Outcome(groups, input.compiled().startsRecord(input.firstLine())));
    }, input -> {
      Reference reference = input.reference();
      Matcher m = reference.record.matcher(input.text());
      List<String> groups = null;
      if (m.matches()) {
        matched[0]++;
        groups = new ArrayList<>();
        for (int g = 0; g < m.groupCount(); g++) {
          groups.add(m.group(g + 1));
        }
      }
      String line = input.firstLine();
      boolean head = reference.head == null || (reference.wholeLine
          ? reference.head.matcher(line).matches() : reference.head.matcher(line).lookingAt());
      return new Outcome(groups, head);
    }, input -> input.format() + " on " + input.text());

    assertThat(tally.declined()).isZero();
    assertThat(matched[0]).as("the samples exercise matches, not only failures").isGreaterThan(5000);
  }

  /** A text and the format it is matched against, compiled both ways. */
  private record Input(String format, Reference reference, P6spyFormat compiled, String text) {
    String firstLine() {
      return text.lines().findFirst().orElse("");
    }
  }

  /** The captures of a whole record (null when it does not match), and whether its first line starts one. */
  private record Outcome(List<String> groups, boolean startsRecord) {
  }

  /** A text in {@code format} with random field values. */
  private static String sample(String format, Random random) {
    StringBuilder out = new StringBuilder();
    if (random.nextInt(4) == 0) {
      out.append(noise(random)).append(random.nextBoolean() ? " " : "|");
    }
    Matcher m = Pattern.compile("%\\(([A-Za-z]+)(:[^)]*)?\\)").matcher(format);
    int last = 0;
    while (m.find()) {
      out.append(format, last, m.start());
      out.append(switch (m.group(1)) {
        case "currentTime" -> random.nextBoolean() ? "1795496400002" : "2026-11-24 05:00:01.000";
        case "executionTime", "connectionId" -> Integer.toString(random.nextInt(3000) - 5);
        case "category" -> random.nextBoolean() ? "statement" : "Batch";
        case "url" -> "jdbc:h2:mem:a";
        default -> sql(random);
      });
      last = m.end();
    }
    out.append(format.substring(last));
    return out.toString();
  }

  private static String sql(Random random) {
    StringBuilder sql = new StringBuilder("select a");
    for (int i = random.nextInt(4); i > 0; i--) {
      sql.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sql.append(" from t").toString();
  }

  private static String damage(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    for (int i = random.nextInt(4); i > 0; i--) {
      int at = random.nextInt(out.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> out.insert(at, PIECES[random.nextInt(PIECES.length)]);
        case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(3)));
        default -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(12))));
      }
    }
    return out.toString();
  }

  private static String noise(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      out.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }

  /** The regular expressions P6spyFormat compiled a format to before the hand-written matcher. */
  private record Reference(Pattern record, Pattern head, boolean wholeLine) {

    private record Placeholder(String tag, boolean sql, boolean prepared) {
    }

    private record Pair(String separator) {
    }

    static Reference compile(String format) {
      List<Object> tokens = new ArrayList<>();
      Matcher m = Pattern.compile("%\\(([A-Za-z]+)(:[^)]*)?\\)").matcher(format);
      int last = 0;
      StringBuilder literal = new StringBuilder();
      List<String> known = List.of("connectionId", "currentTime", "executionTime", "category",
          "effectiveSql", "effectiveSqlSingleLine", "sql", "sqlSingleLine", "url");
      while (m.find()) {
        literal.append(format, last, m.start());
        String tag = m.group(1);
        boolean attributes = tag.equals("attributes") && m.group(2) != null;
        if (!attributes && (m.group(2) != null || !known.contains(tag))) {
          literal.append(m.group());
        } else {
          tokens.add(literal.toString());
          literal.setLength(0);
          boolean sql = tag.toLowerCase().contains("sql");
          tokens.add(new Placeholder(tag, sql, tag.startsWith("effective")));
        }
        last = m.end();
      }
      literal.append(format.substring(last));
      tokens.add(literal.toString());
      List<Object> merged = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        if (i + 2 < tokens.size() && tokens.get(i) instanceof Placeholder a && a.sql
            && tokens.get(i + 1) instanceof String sep && !sep.isEmpty()
            && tokens.get(i + 2) instanceof Placeholder b && b.sql && a.prepared != b.prepared) {
          merged.add(new Pair(sep));
          i += 2;
        } else {
          merged.add(tokens.get(i));
        }
      }
      String prefix = prefix(merged);
      StringBuilder record = new StringBuilder(prefix);
      for (int i = 0; i < merged.size(); i++) {
        append(record, merged.get(i), i + 1 < merged.size() ? merged.get(i + 1) : null);
      }
      StringBuilder head = new StringBuilder(prefix);
      boolean hasField = false;
      boolean wholeLine = false;
      for (int i = 0; i < merged.size(); i++) {
        Object token = merged.get(i);
        if (token instanceof Pair || token instanceof Placeholder p && p.sql) {
          break;
        }
        if (token instanceof String s && s.indexOf('\n') >= 0) {
          head.append(Pattern.quote(s.substring(0, s.indexOf('\n'))));
          wholeLine = true;
          break;
        }
        append(head, token, i + 1 < merged.size() ? merged.get(i + 1) : null);
        hasField |= token instanceof Placeholder;
      }
      return new Reference(Pattern.compile(record.toString(), Pattern.DOTALL),
          hasField ? Pattern.compile(head.toString()) : null, wholeLine);
    }

    private static void append(StringBuilder regex, Object token, Object next) {
      if (token instanceof String s) {
        if (!s.isEmpty()) {
          regex.append(Pattern.quote(s));
        }
        return;
      }
      if (token instanceof Pair || ((Placeholder) token).sql) {
        regex.append("(.*)");
        return;
      }
      regex.append(switch (((Placeholder) token).tag) {
        case "executionTime", "connectionId" -> "(-?\\d+)";
        case "category" -> "([A-Za-z]*)";
        default -> separated(next);
      });
    }

    private static String prefix(List<Object> merged) {
      if (merged.get(0) instanceof String first && first.isEmpty() && merged.size() > 2
          && merged.get(1) instanceof Placeholder && separated(merged.get(2)).endsWith("*+)")) {
        char c = ((String) merged.get(2)).charAt(0);
        return "(?:[^\\n]*?\\x{" + Integer.toHexString(c) + "})?";
      }
      return "[^\\n]*?";
    }

    private static String separated(Object next) {
      if (next instanceof String s && !s.isEmpty()) {
        char c = s.charAt(0);
        if (c != ' ' && c != '\n' && !Character.isLetterOrDigit(c)) {
          return "([^\\x{" + Integer.toHexString(c) + "}\\n]*+)";
        }
      }
      return "([^\\n]*?)";
    }
  }
}
