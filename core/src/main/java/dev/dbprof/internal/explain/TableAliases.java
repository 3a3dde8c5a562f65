package dev.dbprof.internal.explain;

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
  static Map<String, String> of(String sql, Dialect dialect) {
    List<String> words = words(sql, dialect);
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

  /**
   * Names (quotes removed, dotted parts joined), commas and parentheses, from the statement's
   * tokens as {@code dialect} lexes them; every other token becomes a marker that is never a name.
   */
  private static List<String> words(String sql, Dialect dialect) {
    List<SqlText.Token> tokens = SqlText.tokens(sql, dialect);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      SqlText.Token token = tokens.get(i);
      if (token.isName()) {
        StringBuilder name = new StringBuilder(token.written());
        i++;
        while (i + 1 < tokens.size() && tokens.get(i).is(".") && tokens.get(i + 1).isName()) {
          name.append('.').append(tokens.get(i + 1).written());
          i += 2;
        }
        out.add(name.toString());
      } else {
        out.add(token.is(",") || token.is("(") || token.is(")") ? token.text() : NEVER_A_NAME);
        i++;
      }
    }
    return out;
  }

  private static final String NEVER_A_NAME = "\u0000";
}
