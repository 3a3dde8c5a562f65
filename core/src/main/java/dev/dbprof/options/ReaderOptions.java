package dev.dbprof.options;

import dev.dbprof.model.InputFormat;

/**
 * How to read inputs.
 *
 * @param format the format to use instead of detecting it, or null to detect
 * @param p6spyCustomFormat p6spy's {@code customLogMessageFormat} string when the log was written
 *     with {@code CustomLineFormat}, or null
 * @param pgLogLinePrefix PostgreSQL's {@code log_line_prefix} when it is not one dbprof recognises
 *     by itself, or null
 */
public record ReaderOptions(InputFormat format, String p6spyCustomFormat, String pgLogLinePrefix) {

  public static ReaderOptions defaults() {
    return new ReaderOptions(null, null, null);
  }

  public ReaderOptions withFormat(InputFormat forced) {
    return new ReaderOptions(forced, p6spyCustomFormat, pgLogLinePrefix);
  }

  public ReaderOptions withP6spyCustomFormat(String customFormat) {
    return new ReaderOptions(format, customFormat, pgLogLinePrefix);
  }

  public ReaderOptions withPgLogLinePrefix(String prefix) {
    return new ReaderOptions(format, p6spyCustomFormat, prefix);
  }
}
