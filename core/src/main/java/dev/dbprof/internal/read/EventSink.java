package dev.dbprof.internal.read;

import dev.dbprof.model.Event;
import dev.dbprof.internal.sql.NormalizedSql;

/**
 * Where {@link Readers#read} hands events. When the reading thread had time to fingerprint a
 * statement ahead of the consumer, the result comes along, so that the consumer need not compute
 * it again; it is exactly what {@code Fingerprinter.normalize(event.sql(), dialect)} would return.
 */
@FunctionalInterface
public interface EventSink {

  /**
   * @param fingerprinted the fingerprint of {@code event.sql()} under the input's dialect, or null
   *     when it was not computed ahead
   */
  void accept(Event event, NormalizedSql fingerprinted);
}
