package dev.dbprof.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps aliases to table names from a statement's FROM / JOIN / UPDATE clauses. MySQL and MariaDB
 * plans name a table by its alias, and an index must be created on the real table.
 */
final class TableAliases {

  private static final Set<String> NOT_ALIASES = Set.of("where", "join", "inner", "left", "right",
      "full", "cross", "natural", "on", "using", "group", "order", "limit", "having", "set", "union",
      "straight_join", "for", "window", "offset", "fetch", "lock", "partition", "force", "ignore",
      "use", "tablesample", "as", "outer", "lateral", "returning", "values", "select");

  private TableAliases() {}

  /** alias (lower case) → table name as written (without quotes, possibly schema-qualified). */
  static Map<String, String> of(String sql) {
    List<String> words = words(sql);
    Map<String, String> aliases = new TreeMap<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).toLowerCase(Locale.ROOT);
      if (w.equals("from") || w.equals("join") || w.equals("update") || w.equals("into")) {
        int j = i + 1;
        while (j < words.size()) {
          String table = words.get(j);
          if (!isName(table)) {
            break;
          }
          String alias = null;
          int k = j + 1;
          if (k < words.size() && words.get(k).equalsIgnoreCase("as")) {
            k++;
          }
          if (k < words.size() && isName(words.get(k))) {
            alias = words.get(k);
            k++;
          }
          aliases.put(lastPart(table).toLowerCase(Locale.ROOT), table);
          if (alias != null) {
            aliases.put(alias.toLowerCase(Locale.ROOT), table);
          }
          if (k < words.size() && words.get(k).equals(",") && !w.equals("join")) {
            j = k + 1;
            continue;
          }
          break;
        }
      }
    }
    return aliases;
  }

  static String lastPart(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  private static boolean isName(String word) {
    return !word.isEmpty() && (Character.isLetter(word.charAt(0)) || word.charAt(0) == '_')
        && !NOT_ALIASES.contains(word.toLowerCase(Locale.ROOT));
  }

  /** Identifiers (quotes removed, dots kept), commas and parentheses; literals and comments dropped. */
  private static List<String> words(String sql) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    StringBuilder current = new StringBuilder();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        flush(current, out);
        i = SqlText.skipQuoted(sql, i, '\'', false);
      } else if (c == '"' || c == '`') {
        int end = SqlText.skipQuoted(sql, i, c, false);
        current.append(sql, i + 1, Math.max(i + 1, end - 1));
        i = end;
      } else if (sql.startsWith("--", i)) {
        flush(current, out);
        i = SqlText.skipLine(sql, i);
      } else if (sql.startsWith("/*", i)) {
        flush(current, out);
        i = SqlText.skipBlockComment(sql, i);
      } else if (SqlText.identifierPart(c) || c == '.') {
        current.append(c);
        i++;
      } else {
        flush(current, out);
        if (c == ',' || c == '(' || c == ')') {
          out.add(String.valueOf(c));
        } else if (!Character.isWhitespace(c)) {
          out.add("\u0000"); // an operator: never a name
        }
        i++;
      }
    }
    flush(current, out);
    return out;
  }

  private static void flush(StringBuilder current, List<String> out) {
    if (current.length() > 0) {
      out.add(current.toString());
      current.setLength(0);
    }
  }
}
