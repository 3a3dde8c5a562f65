package dev.dbprof.internal.sql;

import dev.dbprof.model.StatementKind;

/**
 * The few SQL words the tokenizer must recognise, looked up from the lower-cased characters it
 * has just written, without creating a String per word.
 */
final class Keywords {

  /** A {@code (} after the word is not a function call, so it gets a space: {@code in (?+)}. */
  static final int SPACE_BEFORE_PAREN = 1;
  /** An operand follows the word, so {@code -1} after it is a negative number, not a minus. */
  static final int OPERAND_FOLLOWS = 2;
  /** A {@code [x]} after the word is a SQL Server quoted identifier, not an array subscript. */
  static final int NAME_FOLLOWS = 4;
  /** Only a name can follow the word, never a string: {@code from "users"} names a table in any dialect. */
  static final int ONLY_NAME_FOLLOWS = 8;

  private static final String[] WORDS = {
    "select", "insert", "replace", "update", "delete", "merge", "with", "values", "value",
    "in", "null", "true", "false", "is", "not", "asc", "array", "limit", "offset", "like",
    "ilike", "set", "transaction", "table", "call", "exec", "create", "alter", "drop",
    "truncate", "comment", "rename", "grant", "revoke", "begin", "start", "commit", "rollback",
    "savepoint", "release", "end", "abort", "show", "use", "explain", "exists", "from", "join",
    "on", "using", "where", "and", "or", "as", "when", "then", "else", "case", "all", "any",
    "some", "union", "intersect", "except", "by", "having", "over", "filter", "group",
    "between", "returning", "into", "distinct", "lateral", "return", "escape", "upsert"
  };

  private static final int[] FLAGS = new int[WORDS.length + 1];
  private static final StatementKind[] KINDS = new StatementKind[WORDS.length + 1];
  private static final int TABLE_SIZE = 1024;
  private static final int[] TABLE = new int[TABLE_SIZE];

  static final int SELECT = id("select");
  static final int INSERT = id("insert");
  static final int REPLACE = id("replace");
  static final int UPDATE = id("update");
  static final int DELETE = id("delete");
  static final int MERGE = id("merge");
  static final int WITH = id("with");
  static final int VALUES = id("values");
  static final int VALUE = id("value");
  static final int IN = id("in");
  static final int NULL = id("null");
  static final int TRUE = id("true");
  static final int FALSE = id("false");
  static final int IS = id("is");
  static final int NOT = id("not");
  static final int ASC = id("asc");
  static final int ARRAY = id("array");
  static final int LIMIT = id("limit");
  static final int OFFSET = id("offset");
  static final int LIKE = id("like");
  static final int ILIKE = id("ilike");
  static final int SET = id("set");
  static final int TRANSACTION = id("transaction");
  static final int SAVEPOINT = id("savepoint");
  static final int RELEASE = id("release");
  static final int UNION = id("union");
  static final int INTO = id("into");

  static {
    for (int i = 0; i < WORDS.length; i++) {
      int slot = slot(WORDS[i].hashCode());
      while (TABLE[slot] != 0) {
        slot = (slot + 1) & (TABLE_SIZE - 1);
      }
      TABLE[slot] = i + 1;
    }
    flag(SPACE_BEFORE_PAREN, "select", "values", "in", "exists", "from", "join", "on", "using",
        "where", "and", "or", "not", "as", "when", "then", "else", "all", "any", "some", "union",
        "intersect", "except", "set", "by", "having", "over", "filter", "group", "between",
        "like", "ilike", "limit", "offset", "returning", "distinct", "lateral", "is", "with");
    flag(OPERAND_FOLLOWS, "select", "where", "and", "or", "not", "when", "then", "else", "case",
        "between", "like", "ilike", "in", "by", "having", "limit", "offset", "on", "distinct",
        "return", "values", "all", "any", "some", "escape", "is", "set");
    flag(NAME_FOLLOWS, "select", "from", "join", "update", "into", "table", "on", "where", "and",
        "or", "by", "set", "as", "distinct", "delete", "insert", "exists", "using");
    flag(ONLY_NAME_FOLLOWS, "from", "join", "into", "update", "table");
    kind(StatementKind.SELECT, "select", "values", "table");
    kind(StatementKind.INSERT, "insert", "replace", "upsert");
    kind(StatementKind.UPDATE, "update");
    kind(StatementKind.DELETE, "delete");
    kind(StatementKind.MERGE, "merge");
    kind(StatementKind.CALL, "call", "exec");
    kind(StatementKind.DDL, "create", "alter", "drop", "truncate", "comment", "rename", "grant",
        "revoke");
    kind(StatementKind.TRANSACTION, "begin", "start", "commit", "rollback", "savepoint",
        "release", "end", "abort");
  }

  private Keywords() {}

  /** The id of the word in {@code text[start, start + length)} with String hash {@code hash}, or 0. */
  static int lookup(char[] text, int start, int length, int hash) {
    if (length < 2 || length > 11) {
      return 0;
    }
    int slot = slot(hash);
    while (true) {
      int id = TABLE[slot];
      if (id == 0) {
        return 0;
      }
      String word = WORDS[id - 1];
      if (word.length() == length && sameChars(word, text, start)) {
        return id;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
  }

  static boolean has(int id, int flag) {
    return (FLAGS[id] & flag) != 0;
  }

  /** The statement kind a leading word announces, or null. */
  static StatementKind kind(int id) {
    return KINDS[id];
  }

  private static boolean sameChars(String word, char[] text, int start) {
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) != text[start + i]) {
        return false;
      }
    }
    return true;
  }

  private static int slot(int hash) {
    return (hash * 0x9E3779B9) >>> 22; // Fibonacci hashing into 1024 slots
  }

  private static int id(String word) {
    for (int i = 0; i < WORDS.length; i++) {
      if (WORDS[i].equals(word)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(word);
  }

  private static void flag(int flag, String... words) {
    for (String word : words) {
      FLAGS[id(word)] |= flag;
    }
  }

  private static void kind(StatementKind kind, String... words) {
    for (String word : words) {
      KINDS[id(word)] = kind;
    }
  }
}
