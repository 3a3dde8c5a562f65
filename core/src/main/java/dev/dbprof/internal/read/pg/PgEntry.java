package dev.dbprof.internal.read.pg;

/**
 * One complete server message, whatever destination wrote it: the main line with its severity
 * and text, plus the parts stderr writes on their own lines ({@code DETAIL:}, {@code STATEMENT:})
 * and csvlog/jsonlog write in their own columns.
 *
 * @param line 1-based input line where the message starts
 * @param timeMicros epoch microseconds when the server wrote it, or -1 when unknown
 * @param session session id ({@code %c}) when known, else the backend process id
 * @param severity {@code LOG}, {@code ERROR}, …
 * @param sqlState SQLSTATE when the format carries it, else null
 * @param text holds the message from {@code messageStart} to {@code messageEnd}: readers hand
 *     over the line they read rather than a copy, the statement is cut out of it once
 * @param statement the statement an error belongs to, else null
 */
record PgEntry(long line, long timeMicros, String session, String severity, String sqlState,
    String text, int messageStart, int messageEnd, String detail, String statement) {

  PgEntry(long line, long timeMicros, String session, String severity, String sqlState,
      String message, String detail, String statement) {
    this(line, timeMicros, session, severity, sqlState, message, 0, message.length(), detail, statement);
  }

  String message() {
    return messageStart == 0 && messageEnd == text.length() ? text : text.substring(messageStart, messageEnd);
  }

  /** Whether the message starts with {@code word} at {@code offset} into the message. */
  boolean messageHas(String word, int offset) {
    int at = messageStart + offset;
    return at + word.length() <= messageEnd && text.startsWith(word, at);
  }
}
