package dev.dbprof.internal.read.p6spy;

import java.util.ArrayList;
import java.util.List;

/** The string and number literals of an SQL text, in order (comments and quoted names skipped). */
final class SqlLiterals {

  private SqlLiterals() {
  }

  static List<String> of(String sql) {
    List<String> literals = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        int end = PreparedValues.quotedEnd(sql, i);
        if (end < 0) {
          break;
        }
        literals.add(sql.substring(i, end));
        i = end;
      } else if (c == '"' || c == '`') {
        int end = sql.indexOf(c, i + 1);
        i = end < 0 ? n : end + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isDigit(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        literals.add(sql.substring(start, i));
      } else if (isWordChar(c)) {
        while (i < n && isWordChar(sql.charAt(i))) {
          i++;
        }
      } else {
        i++;
      }
    }
    return literals;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
