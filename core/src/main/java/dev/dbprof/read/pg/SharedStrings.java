package dev.dbprof.read.pg;

/**
 * Values that repeat on every line (session ids, pids, SQLSTATEs) as shared strings: a log has
 * few distinct ones and many lines, and a string that is reused keeps its hash for the event
 * builder's session map. A small table that forgets on collision, so it stays bounded.
 */
final class SharedStrings {

  private static final String[] SEVERITY_WORDS = {"LOG", "ERROR", "FATAL", "PANIC", "WARNING",
      "NOTICE", "INFO", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "DETAIL", "HINT",
      "QUERY", "CONTEXT", "LOCATION", "STATEMENT"};

  private final String[] slots = new String[512];

  /** {@code text} from {@code from} to {@code to}, as the string seen last time if it was. */
  String get(String text, int from, int to) {
    int hash = 0;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    int slot = (hash ^ hash >>> 16) & (slots.length - 1);
    String known = slots[slot];
    if (known != null && known.length() == to - from && text.startsWith(known, from)) {
      return known;
    }
    String value = text.substring(from, to);
    slots[slot] = value;
    return value;
  }

  /** A severity word as one of the constants, so that no line allocates its own. */
  static String severity(String text, int from, int to) {
    int length = to - from;
    for (String word : SEVERITY_WORDS) {
      if (word.length() == length && text.startsWith(word, from)) {
        return word;
      }
    }
    return text.substring(from, to);
  }
}
