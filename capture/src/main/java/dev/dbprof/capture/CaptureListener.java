package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.StatementInformation;
import com.p6spy.engine.event.JdbcEventListener;
import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns p6spy's callbacks for one connection into capture events. Every callback is guarded:
 * a failure here is counted as a lost event and never reaches the application.
 */
final class CaptureListener extends JdbcEventListener {

  private final CaptureWriter writer;
  private final CallSiteFinder callSites;
  private final boolean keepParams;
  private final String url;
  /** Whether this connection is a pool's checkout: {@code checkout}/{@code checkin}, not {@code open}/{@code close}. */
  private final boolean checkout;
  /** Statements with an open batch; a connection is used by one thread at a time. */
  private final Map<StatementInformation, PendingBatch> batches = new IdentityHashMap<>();

  CaptureListener(CaptureWriter writer, CallSiteFinder callSites, String url, boolean checkout) {
    this.writer = writer;
    this.callSites = callSites;
    this.keepParams = writer.params != ParamMode.NONE && Params.available();
    this.url = url;
    this.checkout = checkout;
  }

  private static final class PendingBatch {
    int count;
    List<String> sqls;
  }

  // ---- connection ----

  @Override
  public void onConnectionWrapped(ConnectionInformation info) {
    try {
      if (writer.needsDescription()) {
        describe(info.getConnection());
      }
      long ns = info.getTimeToGetConnectionNs();
      callSites.newContext(); // a connection taken: most often other code's work begins
      writer.offer(new PendingEvent.Simple(checkout ? CaptureFormat.CHECKOUT : CaptureFormat.OPEN, start(ns),
          info.getConnectionId(), threadName(), ns, null));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  private void describe(Connection raw) {
    String database = null;
    String source = url;
    try {
      DatabaseMetaData md = raw.getMetaData();
      database = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
      if (source == null) {
        source = md.getURL();
      }
    } catch (Throwable ignored) {
      // the header goes without it
    }
    writer.describe(database, Redactor.url(source));
  }

  @Override
  public void onAfterConnectionClose(ConnectionInformation info, SQLException e) {
    try {
      long ns = info.getTimeToCloseConnectionNs();
      writer.offer(new PendingEvent.Simple(checkout ? CaptureFormat.CHECKIN : CaptureFormat.CLOSE, start(ns),
          info.getConnectionId(), threadName(), ns, state(e)));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  @Override
  public void onAfterCommit(ConnectionInformation info, long ns, SQLException e) {
    simple(CaptureFormat.COMMIT, info, ns, e);
  }

  @Override
  public void onAfterRollback(ConnectionInformation info, long ns, SQLException e) {
    simple(CaptureFormat.ROLLBACK, info, ns, e);
  }

  private void simple(String type, ConnectionInformation info, long ns, SQLException e) {
    try {
      callSites.newContext(); // the next statement is another transaction's
      writer.offer(tagged(new PendingEvent.Simple(type, start(ns), info.getConnectionId(), threadName(), ns,
          state(e))));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  // ---- parameters ----

  @Override
  public void onAfterPreparedStatementSet(PreparedStatementInformation info, int index, Object value,
      SQLException e) {
    if (keepParams && e == null) {
      try {
        info.setParameterValue(index, value);
      } catch (Throwable t) {
        // values are best effort
      }
    }
  }

  // ---- single statements ----

  @Override
  public void onAfterExecute(PreparedStatementInformation info, long ns, SQLException e) {
    prepared(info, ns, PendingEvent.NO_ROWS, e);
  }

  @Override
  public void onAfterExecuteQuery(PreparedStatementInformation info, long ns, SQLException e) {
    prepared(info, ns, PendingEvent.NO_ROWS, e);
  }

  @Override
  public void onAfterExecuteUpdate(PreparedStatementInformation info, long ns, int rows, SQLException e) {
    prepared(info, ns, e == null ? rows : PendingEvent.NO_ROWS, e);
  }

  @Override
  public void onAfterExecute(StatementInformation info, long ns, String sql, SQLException e) {
    plain(info, sql, ns, PendingEvent.NO_ROWS, e);
  }

  @Override
  public void onAfterExecuteQuery(StatementInformation info, long ns, String sql, SQLException e) {
    plain(info, sql, ns, PendingEvent.NO_ROWS, e);
  }

  @Override
  public void onAfterExecuteUpdate(StatementInformation info, long ns, String sql, int rows, SQLException e) {
    plain(info, sql, ns, e == null ? rows : PendingEvent.NO_ROWS, e);
  }

  private void prepared(PreparedStatementInformation info, long ns, long rows, SQLException e) {
    try {
      String sql = info.getStatementQuery();
      Object[] params = keepParams ? Params.snapshot(info) : null;
      writer.offer(tagged(new PendingEvent.Stmt(start(ns), connId(info), threadName(), ns, sql, params, rows,
          state(e), callSites.find(sql))));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  private void plain(StatementInformation info, String sql, long ns, long rows, SQLException e) {
    try {
      String text = sql == null ? "" : sql;
      writer.offer(tagged(new PendingEvent.Stmt(start(ns), connId(info), threadName(), ns, text, null, rows,
          state(e), callSites.find(text))));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  // ---- batches ----

  @Override
  public void onAfterAddBatch(PreparedStatementInformation info, long ns, SQLException e) {
    if (e == null) {
      addToBatch(info, null);
    }
  }

  @Override
  public void onAfterAddBatch(StatementInformation info, long ns, String sql, SQLException e) {
    if (e == null) {
      addToBatch(info, sql == null ? "" : sql);
    }
  }

  private void addToBatch(StatementInformation info, String sql) {
    try {
      synchronized (batches) {
        PendingBatch batch = batches.computeIfAbsent(info, k -> new PendingBatch());
        batch.count++;
        if (sql != null) {
          if (batch.sqls == null) {
            batch.sqls = new ArrayList<>(4);
          }
          if (batch.sqls.size() < 100 && !batch.sqls.contains(sql)) {
            batch.sqls.add(sql);
          }
        }
      }
    } catch (Throwable t) {
      // the batch size then comes from the update counts
    }
  }

  @Override
  public void onAfterExecuteBatch(StatementInformation info, long ns, int[] updateCounts, SQLException e) {
    try {
      PendingBatch batch;
      synchronized (batches) {
        batch = batches.remove(info);
      }
      int[] counts = updateCounts;
      if (counts == null && e instanceof BatchUpdateException bue) {
        counts = bue.getUpdateCounts();
      }
      // Update counts are authoritative on success (clearBatch is invisible to listeners).
      int size = e == null && counts != null ? counts.length
          : batch != null ? batch.count : counts != null ? counts.length : 0;
      List<String> sqls = batch == null ? null : batch.sqls;
      String sql = sqls != null && !sqls.isEmpty() ? sqls.get(0)
          : info instanceof PreparedStatementInformation ? info.getStatementQuery() : "";
      if (sql == null) {
        sql = "";
      }
      writer.offer(tagged(new PendingEvent.Batch(start(ns), connId(info), threadName(), ns, sql,
          sqls == null ? null : List.copyOf(sqls), size, sum(counts, e), state(e),
          callSites.find(sql))));
    } catch (Throwable t) {
      writer.lost();
    }
  }

  @Override
  public void onAfterStatementClose(StatementInformation info, SQLException e) {
    try {
      synchronized (batches) {
        if (!batches.isEmpty()) {
          batches.remove(info);
        }
      }
    } catch (Throwable t) {
      // nothing to count: no event is lost
    }
  }

  private static long sum(int[] counts, SQLException e) {
    if (counts == null || e != null) {
      return PendingEvent.NO_ROWS;
    }
    long total = 0;
    for (int c : counts) {
      if (c < 0) {
        return PendingEvent.NO_ROWS; // SUCCESS_NO_INFO or EXECUTE_FAILED: unknown
      }
      total += c;
    }
    return total;
  }

  // ---- helpers ----

  /**
   * The unit open on this thread (its begin line first, if this file has not had it), else the
   * current trace id. Statements, batches, commits and rollbacks only: they are the unit's work.
   */
  private PendingEvent tagged(PendingEvent event) {
    UnitScope unit = Units.current();
    if (unit != null) {
      unit.announce(writer);
      event.unit = unit.id;
    } else if (Traces.available()) {
      event.trace = Traces.current();
    }
    return event;
  }

  private static int connId(StatementInformation info) {
    return info.getConnectionInformation().getConnectionId();
  }

  private static long start(long elapsedNs) {
    return Clock.epochMicros(System.nanoTime() - elapsedNs);
  }

  private static String threadName() {
    return Thread.currentThread().getName();
  }

  /** The SQLState of a failure; empty when the driver gave none; null on success. */
  private static String state(SQLException e) {
    if (e == null) {
      return null;
    }
    String state = e.getSQLState();
    return state == null ? "" : state;
  }
}
