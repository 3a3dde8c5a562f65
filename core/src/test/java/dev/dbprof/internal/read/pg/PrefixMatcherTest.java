package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.testing.Differential;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand-made prefix matcher against the regular expression it stands in for: on lines written
 * with the prefix, on the same lines damaged, and on lines written with other prefixes, both
 * must agree on whether the line matches and on where every part is.
 */
class PrefixMatcherTest {

  private static final List<String> TRICKY = List.of(
      "%t [%-6p] %q%u@%d %%x %v %x %i %b %Q %P %r ",
      "%m %t [%p-%p] ",
      "%n [%c] %e ",
      "%c %q%e %n ",
      "%5p %-10u %a: ",
      "%s %i|%b %h:%r ",
      "%q%u@%d ",
      "%m [%p] %q[%a] %x %v ",
      "<%m|%c|%l>",
      "%Q %e%e %l ",
      "%",
      "%-",
      "%y%z%m%k ",
      "");

  private static final String[] SEVERITIES = {"LOG", "ERROR", "FATAL", "DETAIL", "STATEMENT",
      "DEBUG1", "DEBUG", "DEBUG7", "HINT", "LOGX", "log"};
  private static final String[] ZONES = {" UTC", " CET", " +05", " -03:30", "", " America/Lima",
      " UTC UTC", "  UTC"};
  private static final String[] WORDS = {"app", "shop", "", "a@b", "x y", "[42]", "LOG:  x",
      "ERROR:", "1.2", "10.0.0.1(5000)", "c1e0.4d2", "57P01", "%", "\u00e9t\u00e9", "\uD83D\uDE00",
      "\t", "-12", "3/7", "[user=a,db=b,app=c] "};

  @Test
  void handMadeMatchesAgreeWithTheRegularExpression() {
    List<String> prefixes = new ArrayList<>(LogLinePrefix.COMMON);
    prefixes.addAll(TRICKY);
    Random random = new Random(20261124);
    List<Input> corpus = new ArrayList<>();
    for (String text : prefixes) {
      LogLinePrefix prefix = LogLinePrefix.compile(text);
      PrefixMatcher hand = prefix.newMatcher();
      for (int i = 0; i < 3_000; i++) {
        String source = i % 5 == 4 ? prefixes.get(random.nextInt(prefixes.size())) : text;
        String line = render(source, random);
        if (i % 3 == 2) {
          line = damage(line, random);
        }
        corpus.add(new Input(text, prefix, hand, line));
      }
    }
    int[] matched = new int[1];

    Differential.Tally tally = Differential.compare(corpus, input -> {
      boolean byHand = input.hand().matchesByHand(input.line());
      if (!byHand && input.hand().gaveUp()) {
        return Optional.empty();
      }
      return Optional.of(byHand ? positions(input.hand()) : NO_MATCH);
    }, input -> {
      Matcher m = input.prefix().matcher(input.line());
      if (!m.matches()) {
        return NO_MATCH;
      }
      matched[0]++;
      return positions(m, input.prefix());
    }, input -> input.text() + " on " + input.line());

    assertThat(matched[0]).as("lines that matched, of %d", tally.inputs())
        .isGreaterThan(tally.inputs() / 10);
  }

  @Test
  void linesTheHandMadeMatcherMissesStillGoToTheRegularExpression() {
    PrefixMatcher matcher = LogLinePrefix.compile("%m [%p] %q%u@%d ").newMatcher();
    assertThat(matcher.matches("2026-11-24 04:19:12.810 UTC [7] app@shop LOG:  statement: select 1")).isTrue();
    assertThat(matcher.fallbacks()).isZero();
    assertThat(matcher.matches("2026-11-24 04:19:12.810 UTC [7] no severity here")).isFalse();
    assertThat(matcher.fallbacks()).isEqualTo(1);
  }

  /** One line and the prefix it is matched against (one matcher per prefix, reused). */
  private record Input(String text, LogLinePrefix prefix, PrefixMatcher hand, String line) {
  }

  private static final List<Integer> NO_MATCH = List.of();

  private static List<Integer> positions(PrefixMatcher hand) {
    List<Integer> out = new ArrayList<>();
    for (int g = 0; g <= PrefixMatcher.SEV; g++) {
      out.add(hand.start(g));
      out.add(hand.end(g));
    }
    out.add(hand.messageStart());
    return out;
  }

  private static List<Integer> positions(Matcher m, LogLinePrefix prefix) {
    List<Integer> out = new ArrayList<>();
    String[] names = {"ts", "epoch", "pid", "session", "state", "sev"};
    boolean[] present = {prefix.hasTime(), prefix.hasEpoch(), prefix.hasPid(), prefix.hasSession(),
        prefix.hasState(), true};
    for (int g = 0; g < names.length; g++) {
      out.add(present[g] ? m.start(names[g]) : -1);
      out.add(present[g] ? m.end(names[g]) : -1);
    }
    out.add(m.start("msg"));
    return out;
  }

  /** A line as PostgreSQL would write it with {@code prefix}, values picked at random. */
  private static String render(String prefix, Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c != '%' || i + 1 >= prefix.length()) {
        out.append(c);
        continue;
      }
      i++;
      while (i < prefix.length() && (prefix.charAt(i) == '-' || Character.isDigit(prefix.charAt(i)))) {
        i++;
      }
      if (i >= prefix.length()) {
        break;
      }
      String value = switch (prefix.charAt(i)) {
        case 'm' -> "2026-11-24 04:19:12." + pad(random.nextInt(1000), 3) + pick(ZONES, random);
        case 't' -> "2026-11-2" + random.nextInt(10) + " 04:19:12" + pick(ZONES, random);
        case 'n' -> "1795498901." + random.nextInt(1000);
        case 'p', 'l', 'x', 'P' -> String.valueOf(random.nextInt(100_000));
        case 'c' -> Integer.toHexString(random.nextInt()) + "." + Integer.toHexString(random.nextInt(4096));
        case 'e' -> random.nextBoolean() ? "00000" : "57P01";
        case 'Q' -> String.valueOf(random.nextLong() % 1000);
        case 'v' -> random.nextInt(9) + "/" + random.nextInt(99);
        case 'q' -> random.nextInt(4) == 0 ? null : "";
        case '%' -> "%";
        default -> pick(WORDS, random);
      };
      if (value == null) {
        break; // a background process: %q leaves the rest of the prefix out
      }
      if (random.nextInt(6) == 0) {
        value = " " + value + "  ";
      }
      out.append(value);
    }
    return out.append(pick(SEVERITIES, random)).append(random.nextInt(8) == 0 ? ": " : ":  ")
        .append(random.nextBoolean() ? "duration: 0.184 ms  statement: select 1" : "LOG:  x").toString();
  }

  /** The line with a character removed, doubled or replaced, or cut short. */
  private static String damage(String line, Random random) {
    if (line.isEmpty()) {
      return line;
    }
    int at = random.nextInt(line.length());
    return switch (random.nextInt(4)) {
      case 0 -> line.substring(0, at) + line.substring(at + 1);
      case 1 -> line.substring(0, at) + line.charAt(at) + line.substring(at);
      case 2 -> line.substring(0, at) + " :[0a@".charAt(random.nextInt(6)) + line.substring(at + 1);
      default -> line.substring(0, at);
    };
  }

  private static String pick(String[] values, Random random) {
    return values[random.nextInt(values.length)];
  }

  private static String pad(int value, int width) {
    StringBuilder s = new StringBuilder(String.valueOf(value));
    while (s.length() < width) {
      s.insert(0, '0');
    }
    return s.toString();
  }
}
