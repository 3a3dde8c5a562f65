package dev.dbprof.internal.read.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches whole stderr lines against a {@link LogLinePrefix} by hand: the regular expression the
 * prefix compiles to cost more than everything else a line needs. It walks the same steps in the
 * same order of preference as {@code java.util.regex} (greedy runs longest first, lazy ones
 * shortest first, the optional {@code %q} part tried before it is skipped), so it finds the same
 * match. A line it does not match, or that would take it too many steps, goes to the regular
 * expression, which has the last word.
 *
 * <p>Not thread-safe: one per reading thread.
 */
final class PrefixMatcher {

  static final int TS = 0;
  static final int EPOCH = 1;
  static final int PID = 2;
  static final int SESSION = 3;
  static final int STATE = 4;
  static final int SEV = 5;
  private static final String[] GROUP_NAMES = {"ts", "epoch", "pid", "session", "state", "sev"};

  /** Steps one line may take before the regular expression decides instead. */
  private static final int BUDGET = 4_096;

  private static final String[] SEVERITY_WORDS = LogLinePrefix.SEVERITIES.replace("[1-5]?", "").split("\\|");

  private final Step[] steps;
  private final Pattern pattern;
  /** Start and end of every group, -1 when it took no part. */
  private final int[] groups = new int[2 * GROUP_NAMES.length];
  private int messageStart;
  private String line;
  private int budget;
  /** Lines the regular expression had to decide. */
  private long fallbacks;

  PrefixMatcher(List<Step> steps, Pattern pattern) {
    this.steps = steps.toArray(new Step[0]);
    this.pattern = pattern;
  }

  /** Whether {@code text} is a prefixed line; its parts are then at {@link #start}/{@link #end}. */
  boolean matches(String text) {
    if (matchesByHand(text)) {
      return true;
    }
    fallbacks++;
    Matcher m = pattern.matcher(text);
    if (!m.matches()) {
      return false;
    }
    for (int g = 0; g < GROUP_NAMES.length; g++) {
      boolean present = g == SEV || pattern.pattern().contains("(?<" + GROUP_NAMES[g] + ">");
      groups[2 * g] = present ? m.start(GROUP_NAMES[g]) : -1;
      groups[2 * g + 1] = present ? m.end(GROUP_NAMES[g]) : -1;
    }
    messageStart = m.start("msg");
    return true;
  }

  /** The hand-made match alone: false also when it gave up ({@link #gaveUp}). */
  boolean matchesByHand(String text) {
    line = text;
    budget = BUDGET;
    java.util.Arrays.fill(groups, -1);
    return step(0, 0);
  }

  boolean gaveUp() {
    return budget < 0;
  }

  int start(int group) {
    return groups[2 * group];
  }

  int end(int group) {
    return groups[2 * group + 1];
  }

  int messageStart() {
    return messageStart;
  }

  long fallbacks() {
    return fallbacks;
  }

  private boolean step(int k, int pos) {
    if (--budget < 0) {
      return false;
    }
    String s = line;
    int n = s.length();
    Step st = steps[k];
    while (st.kind == Kind.LITERAL) {
      if (!s.startsWith(st.text, pos)) {
        return false;
      }
      pos += st.text.length();
      st = steps[++k];
    }
    switch (st.kind) {
      case LAZY_NON_SPACE, LAZY_ANY -> {
        int p = pos;
        while (true) {
          if (canFollow(st, p) && step(k + 1, p)) {
            return true;
          }
          if (p >= n || budget < 0) {
            return false;
          }
          char c = s.charAt(p);
          if (st.kind == Kind.LAZY_NON_SPACE && isRegexSpace(c)) {
            return false;
          }
          // both classes take a whole code point, never half a surrogate pair
          p += Character.isHighSurrogate(c) && p + 1 < n && Character.isLowSurrogate(s.charAt(p + 1)) ? 2 : 1;
        }
      }
      case SPACES -> {
        int end = pos;
        while (end < n && s.charAt(end) == ' ') {
          end++;
        }
        for (int p = end; p >= pos; p--) {
          if (canFollow(st, p) && step(k + 1, p)) {
            return true;
          }
        }
        return false;
      }
      case DIGITS, DIGITS_OPTIONAL, SIGNED_DIGITS, VXID -> {
        int from = pos;
        if (st.kind == Kind.SIGNED_DIGITS && from < n && s.charAt(from) == '-') {
          from++; // when the minus is there, leaving it out cannot match a digit
        }
        int end = from;
        while (end < n && (isDigit(s.charAt(end)) || st.kind == Kind.VXID && s.charAt(end) == '/')) {
          end++;
        }
        int min = st.kind == Kind.DIGITS_OPTIONAL || st.kind == Kind.VXID ? from : from + 1;
        for (int p = end; p >= min; p--) {
          if (capture(st, k, pos, p)) {
            return true;
          }
        }
        return false;
      }
      case TIME, TIME_MILLIS -> {
        int p = pos;
        if (!isTime(s, p)) {
          return false;
        }
        p += 19;
        if (st.kind == Kind.TIME_MILLIS) {
          if (p + 4 > n || s.charAt(p) != '.' || !isDigit(s.charAt(p + 1)) || !isDigit(s.charAt(p + 2))
              || !isDigit(s.charAt(p + 3))) {
            return false;
          }
          p += 4;
        }
        if (p < n && s.charAt(p) == ' ') {
          int end = p + 1;
          while (end < n && isZoneChar(s.charAt(end))) {
            end++;
          }
          for (int z = end; z > p + 1; z--) {
            if (capture(st, k, pos, z)) {
              return true;
            }
          }
        }
        return capture(st, k, pos, p);
      }
      case EPOCH, SESSION -> {
        // digits (hex digits) + '.' + digits: the first run cannot give anything back
        boolean hex = st.kind == Kind.SESSION;
        int dot = pos;
        while (dot < n && isRunChar(s.charAt(dot), hex)) {
          dot++;
        }
        if (dot == pos || dot >= n || s.charAt(dot) != '.') {
          return false;
        }
        int end = dot + 1;
        while (end < n && isRunChar(s.charAt(end), hex)) {
          end++;
        }
        for (int p = end; p > dot + 1; p--) {
          if (capture(st, k, pos, p)) {
            return true;
          }
        }
        return false;
      }
      case STATE -> {
        if (pos + 5 > n) {
          return false;
        }
        for (int i = pos; i < pos + 5; i++) {
          char c = s.charAt(i);
          if (!isDigit(c) && (c < 'A' || c > 'Z')) {
            return false;
          }
        }
        return capture(st, k, pos, pos + 5);
      }
      case OPTIONAL -> {
        // (?: the rest of the prefix )? : with it first, then without
        return step(k + 1, pos) || budget >= 0 && step(st.skipTo, pos);
      }
      case SEVERITY -> {
        return severity(pos);
      }
      default -> throw new IllegalStateException(st.kind.toString());
    }
  }

  /**
   * Whether the step after {@code st} may start at {@code pos}: a literal must start with its
   * first character. Saves the call for every end a run could have.
   */
  private boolean canFollow(Step st, int pos) {
    return st.nextChar < 0 || pos < line.length() && line.charAt(pos) == st.nextChar;
  }

  /** Sets the step's group (restoring it if what follows fails) and goes on. */
  private boolean capture(Step st, int k, int from, int to) {
    if (!canFollow(st, to)) {
      return false;
    }
    if (st.group < 0) {
      return step(k + 1, to);
    }
    int g = 2 * st.group;
    int oldStart = groups[g];
    int oldEnd = groups[g + 1];
    groups[g] = from;
    groups[g + 1] = to;
    if (step(k + 1, to)) {
      return true;
    }
    groups[g] = oldStart;
    groups[g + 1] = oldEnd;
    return false;
  }

  /** {@code (?<sev>LOG|…):  (?<msg>.*)$}: at most one severity word can be followed by the colon. */
  private boolean severity(int pos) {
    String s = line;
    int n = s.length();
    for (String word : SEVERITY_WORDS) {
      if (!s.startsWith(word, pos)) {
        continue;
      }
      int end = pos + word.length();
      if (word.equals("DEBUG") && end < n && s.charAt(end) >= '1' && s.charAt(end) <= '5'
          && s.startsWith(":  ", end + 1)) {
        end++;
      }
      if (s.startsWith(":  ", end)) {
        groups[2 * SEV] = pos;
        groups[2 * SEV + 1] = end;
        messageStart = end + 3;
        return true;
      }
    }
    return false;
  }

  private static final String TIME_SHAPE = "0000-00-00 00:00:00";

  private static boolean isTime(String s, int p) {
    if (p + 19 > s.length()) {
      return false;
    }
    for (int i = 0; i < 19; i++) {
      char c = s.charAt(p + i);
      char shape = TIME_SHAPE.charAt(i);
      if (shape == '0' ? !isDigit(c) : c != shape) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isRunChar(char c, boolean hex) {
    return isDigit(c) || hex && c >= 'a' && c <= 'f';
  }

  private static boolean isZoneChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigit(c) || c == '+' || c == '-' || c == ':';
  }

  /** {@code \s} without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  enum Kind {
    LITERAL, LAZY_NON_SPACE, LAZY_ANY, SPACES, DIGITS, DIGITS_OPTIONAL, SIGNED_DIGITS, VXID,
    TIME, TIME_MILLIS, EPOCH, SESSION, STATE, OPTIONAL, SEVERITY
  }

  /** One piece of the prefix, as {@link LogLinePrefix#compile} writes it into the pattern. */
  static final class Step {
    static final Step SPACES = new Step(Kind.SPACES, null, -1);

    final Kind kind;
    final String text;
    final int group;
    /** For {@link Kind#OPTIONAL}: the step after the optional part (the severity). */
    int skipTo;
    /** The first character of the next step when that is a literal, else -1. */
    int nextChar = -1;

    private Step(Kind kind, String text, int group) {
      this.kind = kind;
      this.text = text;
      this.group = group;
    }

    static Step literal(char c) {
      return new Step(Kind.LITERAL, String.valueOf(c), -1);
    }

    /** The step for escape {@code e}, or null for one that prints nothing. */
    static Step of(char e, boolean captures) {
      return switch (e) {
        case 'u', 'd', 'h', 'r' -> new Step(Kind.LAZY_NON_SPACE, null, -1);
        case 'a', 'b', 'i', 's' -> new Step(Kind.LAZY_ANY, null, -1);
        case 'p' -> new Step(Kind.DIGITS, null, captures ? PID : -1);
        case 'P' -> new Step(Kind.DIGITS_OPTIONAL, null, -1);
        case 'm' -> new Step(Kind.TIME_MILLIS, null, captures ? TS : -1);
        case 't' -> new Step(Kind.TIME, null, captures ? TS : -1);
        case 'n' -> new Step(Kind.EPOCH, null, captures ? EPOCH : -1);
        case 'c' -> new Step(Kind.SESSION, null, captures ? SESSION : -1);
        case 'l', 'x' -> new Step(Kind.DIGITS, null, -1);
        case 'v' -> new Step(Kind.VXID, null, -1);
        case 'e' -> new Step(Kind.STATE, null, captures ? STATE : -1);
        case 'Q' -> new Step(Kind.SIGNED_DIGITS, null, -1);
        case '%' -> literal('%');
        case 'q' -> new Step(Kind.OPTIONAL, null, -1);
        default -> null;
      };
    }

    /** Joins neighbouring literals and appends the severity step. */
    static List<Step> merge(List<Step> steps) {
      List<Step> out = new ArrayList<>();
      for (Step st : steps) {
        Step last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (st.kind == Kind.LITERAL && last != null && last.kind == Kind.LITERAL) {
          out.set(out.size() - 1, new Step(Kind.LITERAL, last.text + st.text, -1));
        } else {
          out.add(new Step(st.kind, st.text, st.group));
        }
      }
      out.add(new Step(Kind.SEVERITY, null, -1));
      for (int i = 0; i < out.size(); i++) {
        Step st = out.get(i);
        st.skipTo = out.size() - 1; // only OPTIONAL uses it: its part runs to the end of the prefix
        if (i + 1 < out.size() && out.get(i + 1).kind == Kind.LITERAL) {
          st.nextChar = out.get(i + 1).text.charAt(0);
        }
      }
      return out;
    }
  }
}
