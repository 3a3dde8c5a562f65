package dev.dbprof.internal.read.mysql;

/**
 * Splits a general-log entry line, {@code <time>\t<id> <Command>\t<argument>}, by hand: it runs on
 * every line, and a regular expression with named groups cost more than the rest of the reading.
 *
 * <p>Accepts exactly what this pattern (with {@code DOTALL}) matches in full:
 * <pre>{@code
 * (\d{6}\s+\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)?
 * \t+ *(\d+) ([A-Z][A-Za-z_]*(?: [A-Za-z_]+)?)(?:\t(.*))?
 * }</pre>
 * Every part is followed by a character the part cannot take, so the first way to match is the
 * only one and no backtracking is needed.
 */
final class GeneralLogEntry {

  /** End of the time column, 0 when the line has none. */
  int timeEnd;
  int idFrom;
  int idTo;
  int commandFrom;
  int commandTo;
  /** Start of the argument, -1 when the line ends after the command. */
  int argumentFrom;

  /** Whether {@code line} is an entry; the fields describe it only then. */
  boolean parse(String line) {
    int n = line.length();
    if (n == 0) {
      return false;
    }
    int p = line.charAt(0) == '\t' ? 0 : time(line, n);
    if (p < 0 || p >= n || line.charAt(p) != '\t') {
      return false;
    }
    timeEnd = p;
    while (p < n && line.charAt(p) == '\t') {
      p++;
    }
    while (p < n && line.charAt(p) == ' ') {
      p++;
    }
    idFrom = p;
    while (p < n && digit(line.charAt(p))) {
      p++;
    }
    if (p == idFrom || p >= n || line.charAt(p) != ' ') {
      return false;
    }
    idTo = p;
    p++;
    commandFrom = p;
    if (p >= n || line.charAt(p) < 'A' || line.charAt(p) > 'Z') {
      return false;
    }
    p = word(line, p + 1, n);
    if (p < n && line.charAt(p) == ' ') {
      int second = word(line, p + 1, n);
      if (second == p + 1) {
        return false;
      }
      p = second;
    }
    commandTo = p;
    if (p == n) {
      argumentFrom = -1;
      return true;
    }
    if (line.charAt(p) == '\t') {
      argumentFrom = p + 1;
      return true;
    }
    return false;
  }

  /** End of the time at the start of {@code line}, or -1 when it has none of the two forms. */
  private static int time(String line, int n) {
    if (n >= 19 && digits(line, 0, 4) && line.charAt(4) == '-') {
      return isoTime(line, n);
    }
    if (n < 6 || !digits(line, 0, 6)) {
      return -1;
    }
    // YYMMDD H:MM:SS, any white space between
    int p = 6;
    while (p < n && space(line.charAt(p))) {
      p++;
    }
    if (p == 6) {
      return -1;
    }
    int hour = p;
    while (p < n && p - hour < 2 && digit(line.charAt(p))) {
      p++;
    }
    if (p == hour || p + 6 > n || line.charAt(p) != ':' || !digits(line, p + 1, 2)
        || line.charAt(p + 3) != ':' || !digits(line, p + 4, 2)) {
      return -1;
    }
    return p + 6;
  }

  private static int isoTime(String line, int n) {
    if (!digits(line, 5, 2) || line.charAt(7) != '-' || !digits(line, 8, 2)
        || line.charAt(10) != 'T' || !digits(line, 11, 2) || line.charAt(13) != ':'
        || !digits(line, 14, 2) || line.charAt(16) != ':' || !digits(line, 17, 2)) {
      return -1;
    }
    int p = 19;
    if (p < n && line.charAt(p) == '.') {
      int fraction = ++p;
      while (p < n && digit(line.charAt(p))) {
        p++;
      }
      if (p == fraction) {
        return -1;
      }
    }
    if (p < n && line.charAt(p) == 'Z') {
      return p + 1;
    }
    if (p < n && (line.charAt(p) == '+' || line.charAt(p) == '-')) {
      if (p + 6 > n || !digits(line, p + 1, 2) || line.charAt(p + 3) != ':'
          || !digits(line, p + 4, 2)) {
        return -1;
      }
      return p + 6;
    }
    return p;
  }

  private static int word(String line, int p, int n) {
    while (p < n && wordChar(line.charAt(p))) {
      p++;
    }
    return p;
  }

  private static boolean digits(String line, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!digit(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean wordChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
  }

  /** {@code \s} of {@link java.util.regex.Pattern}. */
  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
