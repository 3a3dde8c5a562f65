package dev.dbprof.internal.read.pg;

/** Severity words as constants, so that no line allocates its own copy of "LOG". */
final class Severities {

  private static final String[] WORDS = {"LOG", "ERROR", "FATAL", "PANIC", "WARNING",
      "NOTICE", "INFO", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "DETAIL", "HINT",
      "QUERY", "CONTEXT", "LOCATION", "STATEMENT"};

  private Severities() {
  }

  /** {@code text[from, to)} as one of the constants when it is a severity word. */
  static String of(String text, int from, int to) {
    int length = to - from;
    for (String word : WORDS) {
      if (word.length() == length && text.startsWith(word, from)) {
        return word;
      }
    }
    return text.substring(from, to);
  }
}
