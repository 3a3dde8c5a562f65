package dev.dbprof.internal.sql;

/**
 * Rewrites the placeholders JSqlParser does not read into {@code ?}: Python's {@code %s} and
 * {@code %(name)s}, and a fingerprint's {@code (?+)}. Text inside quotes and comments is left
 * alone. ({@code ?}, {@code ?1}, {@code $1} and {@code :name} are read as they are.)
 */
final class ParserInput {

  private ParserInput() {}

  static String prepare(String sql) {
    if (sql.indexOf('%') < 0 && sql.indexOf("?+") < 0) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < n && sql.charAt(end) != c) {
          end += sql.charAt(end) == '\\' && c == '\'' ? 2 : 1;
        }
        end = Math.min(end + 1, n);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '%' && i + 1 < n && sql.charAt(i + 1) == 's') {
        out.append('?');
        i += 2;
      } else if (c == '%' && i + 1 < n && sql.charAt(i + 1) == '(') {
        int close = sql.indexOf(")s", i);
        if (close > 0 && close - i < 130) {
          out.append('?');
          i = close + 2;
        } else {
          out.append(c);
          i++;
        }
      } else if (c == '?' && i + 1 < n && sql.charAt(i + 1) == '+') {
        out.append('?');
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
