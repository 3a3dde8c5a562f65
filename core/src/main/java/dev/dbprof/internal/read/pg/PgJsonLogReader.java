package dev.dbprof.internal.read.pg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads PostgreSQL's jsonlog (15+): one object per line, absent values omitted. Parameters sit
 * in {@code detail}, the failed statement of an error in {@code statement}.
 */
public final class PgJsonLogReader implements LogReader {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    PgEventBuilder builder = new PgEventBuilder(context);
    PgTimestamps timestamps = new PgTimestamps();
    JsonLogLineScanner simple = new JsonLogLineScanner(timestamps);
    long number = 0;
    String line;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      PgEntry entry = simple.read(line, number);
      if (entry == JsonLogLineScanner.INCOMPLETE) {
        context.skip(number, "jsonlog object without timestamp, severity or message");
        continue;
      }
      try {
        if (entry == null) {
          entry = parse(line, number, timestamps);
        }
      } catch (IOException | RuntimeException e) {
        context.skip(number, "not a jsonlog object");
        continue;
      }
      if (entry == null) {
        context.skip(number, "jsonlog object without timestamp, severity or message");
        continue;
      }
      builder.accept(entry);
    }
    builder.finish();
  }

  /** Jackson, for every line {@link JsonLogLineScanner} leaves to it: it decides what is valid JSON. */
  static PgEntry parse(String line, long number, PgTimestamps timestamps) throws IOException {
    String timestamp = null;
    String pid = null;
    String session = null;
    String severity = null;
    String state = null;
    String message = null;
    String detail = null;
    String statement = null;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        switch (name) {
          case "timestamp" -> timestamp = p.getValueAsString();
          case "pid" -> pid = p.getValueAsString();
          case "session_id" -> session = p.getValueAsString();
          case "error_severity" -> severity = p.getValueAsString();
          case "state_code" -> state = p.getValueAsString();
          case "message" -> message = p.getValueAsString();
          case "detail" -> detail = p.getValueAsString();
          case "statement" -> statement = p.getValueAsString();
          default -> { }
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    }
    long time = timestamps.parse(timestamp);
    if (time < 0 || severity == null || message == null) {
      return null;
    }
    String id = session != null ? session : pid;
    return new PgEntry(number, time, id == null ? "" : id, severity, state, message, detail, statement);
  }
}
