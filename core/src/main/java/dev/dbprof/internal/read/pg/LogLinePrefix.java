package dev.dbprof.internal.read.pg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL {@code log_line_prefix}, compiled from PostgreSQL's own {@code %} notation into a
 * pattern for whole stderr lines: prefix, severity, two spaces, message.
 *
 * <p>Named groups: {@code ts} ({@code %m}/{@code %t}), {@code epoch} ({@code %n}), {@code pid},
 * {@code session} ({@code %c}), {@code state} ({@code %e}), {@code sev}, {@code msg}.
 */
final class LogLinePrefix {

  static final String SEVERITIES =
      "LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT";

  /**
   * Prefixes tried in order when none is given: distribution defaults, PostgreSQL's own default,
   * the ones pgBadger and managed services document.
   */
  static final List<String> COMMON = List.of(
      "%m [%p] %q%u@%d ",
      "%m [%p] ",
      "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
      "%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
      "%t [%p]: [%l-1] user=%u,db=%d ",
      "%t [%p]: [%l-1] ",
      "%t [%p]: ",
      "%t:%r:%u@%d:[%p]:",
      "%m:%r:%u@%d:[%p]:",
      "%t [%p-%l] %q%u@%d ",
      "%m [%p-%l] %q%u@%d ",
      "%m [%p] %q[user=%u,db=%d,app=%a] ",
      "%t [%p] %q%u@%d ",
      "%t [%p] ",
      "%m %u %d [%p] ",
      "[%p] ");

  private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
  private static final String ZONE = "(?: [A-Za-z0-9+\\-:]+)?";

  private final String text;
  private final Pattern pattern;
  private final boolean hasSession;
  private final boolean hasPid;
  private final boolean hasState;
  private final boolean hasTime;
  private final boolean hasEpoch;

  /** The same prefix as steps for {@link PrefixMatcher}, which mirrors {@link #pattern}. */
  private final List<PrefixMatcher.Step> steps;

  private LogLinePrefix(String text, Pattern pattern, Set<String> groups, List<PrefixMatcher.Step> steps) {
    this.text = text;
    this.pattern = pattern;
    this.steps = steps;
    this.hasSession = groups.contains("session");
    this.hasPid = groups.contains("pid");
    this.hasState = groups.contains("state");
    this.hasTime = groups.contains("ts");
    this.hasEpoch = groups.contains("epoch");
  }

  /** Compiles {@code prefix}; unknown escapes match nothing, as PostgreSQL prints nothing. */
  public static LogLinePrefix compile(String prefix) {
    StringBuilder re = new StringBuilder("^");
    Set<String> groups = new HashSet<>();
    List<PrefixMatcher.Step> steps = new ArrayList<>();
    boolean optionalRest = false;
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c != '%' || i + 1 >= prefix.length()) {
        re.append(Pattern.quote(String.valueOf(c)));
        steps.add(PrefixMatcher.Step.literal(c));
        continue;
      }
      i++;
      // padding such as %-10u or %5p: the value is padded with spaces
      boolean padded = false;
      if (prefix.charAt(i) == '-') {
        padded = true;
        i++;
      }
      while (i < prefix.length() && Character.isDigit(prefix.charAt(i))) {
        padded = true;
        i++;
      }
      if (i >= prefix.length()) {
        break;
      }
      char escape = prefix.charAt(i);
      int groupsBefore = groups.size();
      String part = switch (escape) {
        // names rarely hold spaces; application names, backend types and command tags do
        case 'u', 'd', 'h', 'r' -> "\\S*?";
        case 'a', 'b', 'i', 's' -> ".*?";
        case 'p' -> group(groups, "pid", "\\d+");
        case 'P' -> "\\d*";
        case 'm' -> group(groups, "ts", TIME + "\\.\\d{3}" + ZONE);
        case 't' -> group(groups, "ts", TIME + ZONE);
        case 'n' -> group(groups, "epoch", "\\d+\\.\\d+");
        case 'c' -> group(groups, "session", "[0-9a-f]+\\.[0-9a-f]+");
        case 'l', 'x' -> "\\d+";
        case 'v' -> "[0-9/]*";
        case 'e' -> group(groups, "state", "[0-9A-Z]{5}");
        case 'Q' -> "-?\\d+";
        case '%' -> "%";
        case 'q' -> {
          optionalRest = true;
          yield "(?:";
        }
        default -> "";
      };
      PrefixMatcher.Step step = PrefixMatcher.Step.of(escape, groups.size() > groupsBefore);
      if (padded && escape != 'q' && !part.isEmpty()) {
        part = " *" + part + " *";
        steps.add(PrefixMatcher.Step.SPACES);
        steps.add(step);
        steps.add(PrefixMatcher.Step.SPACES);
      } else if (step != null) {
        steps.add(step);
      }
      re.append(part);
    }
    if (optionalRest) {
      re.append(")?");
    }
    re.append("(?<sev>").append(SEVERITIES).append("):  (?<msg>.*)$");
    Pattern pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
    return new LogLinePrefix(prefix, pattern, groups, PrefixMatcher.Step.merge(steps));
  }

  private static String group(Set<String> groups, String name, String regex) {
    if (groups.add(name)) {
      return "(?<" + name + ">" + regex + ")";
    }
    return "(?:" + regex + ")";
  }

  /**
   * The common prefix that reads the most of {@code lines}, or null when none reads any; a tie
   * goes to the earlier, more specific one.
   */
  static LogLinePrefix detect(List<String> lines) {
    LogLinePrefix best = null;
    int bestMatches = 0;
    for (String candidate : COMMON) {
      LogLinePrefix prefix = compile(candidate);
      int matches = 0;
      for (String line : lines) {
        if (!line.startsWith("\t") && prefix.pattern.matcher(line).matches()) {
          matches++;
        }
      }
      if (matches > bestMatches) {
        best = prefix;
        bestMatches = matches;
      }
    }
    return best;
  }

  public String text() {
    return text;
  }

  Matcher matcher(String line) {
    return pattern.matcher(line);
  }

  /** A matcher for one reading thread: by hand, with the regular expression as a fallback. */
  PrefixMatcher newMatcher() {
    return new PrefixMatcher(steps, pattern);
  }

  boolean hasSession() {
    return hasSession;
  }

  boolean hasPid() {
    return hasPid;
  }

  boolean hasState() {
    return hasState;
  }

  boolean hasTime() {
    return hasTime;
  }

  boolean hasEpoch() {
    return hasEpoch;
  }

  @Override
  public String toString() {
    return text;
  }
}
