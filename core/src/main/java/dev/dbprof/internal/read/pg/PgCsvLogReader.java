package dev.dbprof.internal.read.pg;

import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TextPool;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads PostgreSQL's csvlog: one CSV record per message, 23 columns up to PostgreSQL 12, 24 in
 * 13 ({@code backend_type}), 26 since 14 ({@code leader_pid}, {@code query_id}). Parameters sit
 * in {@code detail}, the failed statement of an error in {@code query}.
 */
public final class PgCsvLogReader implements LogReader {

  private static final int LOG_TIME = 0;
  private static final int PROCESS_ID = 3;
  private static final int SESSION_ID = 5;
  private static final int SEVERITY = 11;
  private static final int SQL_STATE = 12;
  private static final int MESSAGE = 13;
  private static final int DETAIL = 14;
  private static final int QUERY = 19;

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    PgEventBuilder builder = new PgEventBuilder(context);
    PgTimestamps timestamps = new PgTimestamps();
    TextPool shared = new TextPool();
    CsvRecords records = new CsvRecords(in, context::skip);
    CsvRecords.Record r;
    while ((r = records.next()) != null) {
      if (r.size() < 23 || r.size() > 26) {
        context.skip(r.line(), "csvlog record with " + r.size() + " columns, expected 23 to 26");
        records.reject(r);
        continue;
      }
      String text = r.text();
      long time = r.isNull(LOG_TIME) ? -1
          : r.isRegion(LOG_TIME) ? timestamps.parse(text, r.start(LOG_TIME), r.end(LOG_TIME))
          : timestamps.parse(r.field(LOG_TIME));
      if (time < 0 || r.isNull(SEVERITY) || r.isNull(MESSAGE)) {
        context.skip(r.line(), "csvlog record without time, severity or message");
        records.reject(r);
        continue;
      }
      String severity = r.isRegion(SEVERITY) ? Severities.of(text, r.start(SEVERITY), r.end(SEVERITY))
          : r.field(SEVERITY);
      int idColumn = !r.isNull(SESSION_ID) ? SESSION_ID : PROCESS_ID;
      String session = r.isNull(idColumn) ? ""
          : r.isRegion(idColumn) ? shared.get(text, r.start(idColumn), r.end(idColumn)) : r.field(idColumn);
      String state = r.isNull(SQL_STATE) || !r.isRegion(SQL_STATE) ? r.field(SQL_STATE)
          : shared.get(text, r.start(SQL_STATE), r.end(SQL_STATE));
      // the message stays a region of the record's text unless it holds doubled quotes
      String message = r.isRegion(MESSAGE) ? text : r.field(MESSAGE);
      int from = r.isRegion(MESSAGE) ? r.start(MESSAGE) : 0;
      int to = r.isRegion(MESSAGE) ? r.end(MESSAGE) : message.length();
      builder.accept(new PgEntry(r.line(), time, session, severity, state, message, from, to,
          r.field(DETAIL), r.field(QUERY)));
    }
    builder.finish();
  }
}
