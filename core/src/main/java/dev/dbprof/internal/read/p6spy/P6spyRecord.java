package dev.dbprof.internal.read.p6spy;

import java.util.List;

/**
 * One p6spy log message, parsed.
 *
 * @param timeMillis the {@code now} text (epoch millis or a {@code dateformat} date) read as epoch
 *     millis, {@link P6spyTime#UNKNOWN} when absent or not understood
 * @param elapsedMillis {@code executionTime}, -1 when absent
 * @param category lower case, null when the format has none
 * @param connection connection id text, null when absent
 * @param prepared SQL with {@code ?} placeholders, null when the format has none
 * @param values SQL with values inlined, null when the format has none
 * @param literals the parameter values (or, without placeholders, the statement's literals) as SQL
 *     literals; null when unknown
 * @param consistent false when both SQL texts are there but the values text is not the prepared
 *     text with values filled in (a cut-off line, or a value rendering dbprof does not know)
 */
record P6spyRecord(long timeMillis, long elapsedMillis, String category, String connection,
    String prepared, String values, List<String> literals, boolean consistent) {

  /** The text to analyse: the {@code ?} form, or the values form when there is no {@code ?} form. */
  String sql() {
    return prepared != null && !prepared.isEmpty() ? prepared : values;
  }
}
