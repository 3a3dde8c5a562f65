package dev.dbprof.capture.reliability;

import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything an application can observe of a JDBC call, written down as text: results, update
 * counts, keys, warnings, exceptions with their class, SQLState, vendor code, message and causes.
 * Two runs of the same workload, one through the capture and one straight on the driver, must
 * write the same transcript.
 */
final class Transcript {

  /** A JDBC call that may fail; its failure is part of what the application sees. */
  interface Call {
    Object run() throws Exception;
  }

  private final List<String> lines = new ArrayList<>();

  List<String> lines() {
    return lines;
  }

  void note(String what, Object value) {
    lines.add(what + " = " + value);
  }

  /** Runs a call and writes down its value or its exception. */
  void call(String what, Call call) {
    try {
      Object value = call.run();
      note(what, value instanceof int[] counts ? Arrays.toString(counts) : value);
    } catch (Exception e) {
      lines.add(what + " threw " + describe(e));
    }
  }

  void rows(String what, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      out.append(meta.getColumnLabel(i)).append(':').append(meta.getColumnType(i)).append(' ');
    }
    while (rs.next()) {
      out.append('[');
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        out.append(rs.getString(i)).append(i < meta.getColumnCount() ? "," : "");
      }
      out.append(']');
    }
    note(what, out);
  }

  void warnings(String what, SQLWarning warning) {
    List<String> chain = new ArrayList<>();
    for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      chain.add(w.getClass().getName() + "/" + w.getSQLState() + "/" + w.getErrorCode() + "/" + w.getMessage());
    }
    note(what, chain);
  }

  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(e.getClass().getName());
    if (e instanceof SQLException sql) {
      out.append(" state=").append(sql.getSQLState()).append(" code=").append(sql.getErrorCode());
      if (sql.getNextException() != null && sql.getNextException() != sql.getCause()) {
        out.append(" next=(").append(describe(sql.getNextException())).append(')');
      }
    }
    if (e instanceof BatchUpdateException batch) {
      out.append(" counts=").append(Arrays.toString(batch.getUpdateCounts()));
    }
    out.append(" message=").append(e.getMessage());
    if (e.getCause() != null && e.getCause() != e) {
      out.append(" cause=(").append(describe(e.getCause())).append(')');
    }
    return out.toString();
  }
}
