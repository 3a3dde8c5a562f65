package dev.dbprof.internal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds repeated UNION branches in a finished fingerprint: "a union a union a union a" reads
 * "a union a", so a loop that glues one SELECT per item is one query shape whatever the count
 * (pt-query-digest writes one branch and a "repeat union" comment; two branches keep the
 * fingerprint valid SQL and stable when fingerprinted again). Runs only on fingerprints that
 * contain UNION.
 */
final class UnionFolding {

  /** Deeper groups are left as they are: no stack overflow on hostile nesting. */
  private static final int MAX_DEPTH = 64;

  private UnionFolding() {}

  static String fold(String fingerprint) {
    return level(fingerprint, 0, fingerprint.length(), 0);
  }

  /** Folds the text in [from, to) at its own paren depth, after folding every nested group. */
  private static String level(String s, int from, int to, int depth) {
    if (depth > MAX_DEPTH) {
      return s.substring(from, to);
    }
    StringBuilder text = new StringBuilder(to - from);
    List<Integer> branchEnds = new ArrayList<>();
    List<String> separators = new ArrayList<>();
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '(') {
        int close = matchingParen(s, i, to);
        text.append('(').append(level(s, i + 1, close, depth + 1));
        if (close < to) {
          text.append(')');
        }
        i = close + 1;
        continue;
      }
      String separator = separatorAt(s, i, to);
      if (separator != null) {
        branchEnds.add(text.length());
        separators.add(separator);
        text.append(separator);
        i += separator.length();
        continue;
      }
      text.append(c);
      i++;
    }
    if (separators.isEmpty()) {
      return text.toString();
    }
    List<String> branches = new ArrayList<>();
    int start = 0;
    for (int k = 0; k < branchEnds.size(); k++) {
      branches.add(text.substring(start, branchEnds.get(k)));
      start = branchEnds.get(k) + separators.get(k).length();
    }
    branches.add(text.substring(start));
    StringBuilder folded = new StringBuilder(branches.get(0));
    for (int k = 1; k < branches.size(); k++) {
      boolean thirdOfARun = k >= 2 && branches.get(k).equals(branches.get(k - 1))
          && branches.get(k - 1).equals(branches.get(k - 2))
          && separators.get(k - 1).equals(separators.get(k - 2));
      if (!thirdOfARun) {
        folded.append(separators.get(k - 1)).append(branches.get(k));
      }
    }
    return folded.toString();
  }

  private static int matchingParen(String s, int open, int to) {
    int depth = 0;
    for (int i = open; i < to; i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return to; // unbalanced: the group runs to the end
  }

  private static String separatorAt(String s, int i, int to) {
    if (!s.startsWith(" union ", i) || i + 7 > to) {
      return null;
    }
    if (s.startsWith(" union all ", i) && i + 11 <= to) {
      return " union all ";
    }
    if (s.startsWith(" union distinct ", i) && i + 16 <= to) {
      return " union distinct ";
    }
    return " union ";
  }
}
