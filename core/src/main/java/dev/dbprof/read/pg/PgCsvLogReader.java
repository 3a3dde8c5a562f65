package dev.dbprof.read.pg;

import dev.dbprof.read.LogReader;
import dev.dbprof.read.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

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
    CsvRecords records = new CsvRecords(in, context::skip);
    CsvRecords.Record record;
    while ((record = records.next()) != null) {
      List<String> f = record.fields();
      if (f.size() < 23 || f.size() > 26) {
        context.skip(record.line(), "csvlog record with " + f.size() + " columns, expected 23 to 26");
        records.reject(record);
        continue;
      }
      long time = timestamps.parse(f.get(LOG_TIME));
      String severity = f.get(SEVERITY);
      String message = f.get(MESSAGE);
      if (time < 0 || severity == null || message == null) {
        context.skip(record.line(), "csvlog record without time, severity or message");
        records.reject(record);
        continue;
      }
      String session = f.get(SESSION_ID) != null ? f.get(SESSION_ID) : f.get(PROCESS_ID);
      builder.accept(new PgEntry(record.line(), time, session == null ? "" : session, severity,
          f.get(SQL_STATE), message, f.get(DETAIL), f.get(QUERY)));
    }
    builder.finish();
  }
}
