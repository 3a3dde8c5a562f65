package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.StatementInformation;
import com.p6spy.engine.event.JdbcEventListener;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For applications already on {@code jdbc:p6spy:}: p6spy finds this listener through
 * {@code META-INF/services/com.p6spy.engine.event.JdbcEventListener} and dbprof records beside
 * p6spy's own logging. Settings are read when each connection opens; each connection keeps the
 * writer it started with.
 */
public final class DbprofListener extends JdbcEventListener {

  private static final String P6SPY_PREFIX = "jdbc:p6spy:";

  private final Map<ConnectionInformation, CaptureListener> connections = new ConcurrentHashMap<>();

  public DbprofListener() {
    // instantiated by p6spy through ServiceLoader
  }

  @Override
  public void onConnectionWrapped(ConnectionInformation info) {
    try {
      CaptureListener listener = Capture.listener(CaptureSettings.fromEnvironment(), realUrl(info.getUrl()),
          false);
      connections.put(info, listener);
      listener.onConnectionWrapped(info);
    } catch (Throwable t) {
      // this connection is not recorded; the application is not disturbed
    }
  }

  private static String realUrl(String url) {
    if (url != null && url.startsWith(P6SPY_PREFIX)) {
      return "jdbc:" + url.substring(P6SPY_PREFIX.length());
    }
    return url;
  }

  private CaptureListener of(ConnectionInformation info) {
    return info == null ? null : connections.get(info);
  }

  private CaptureListener of(StatementInformation info) {
    return of(info.getConnectionInformation());
  }

  @Override
  public void onAfterConnectionClose(ConnectionInformation info, SQLException e) {
    CaptureListener l = info == null ? null : connections.remove(info);
    if (l != null) {
      l.onAfterConnectionClose(info, e);
    }
  }

  @Override
  public void onAfterCommit(ConnectionInformation info, long ns, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterCommit(info, ns, e);
    }
  }

  @Override
  public void onAfterRollback(ConnectionInformation info, long ns, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterRollback(info, ns, e);
    }
  }

  @Override
  public void onAfterPreparedStatementSet(PreparedStatementInformation info, int index, Object value,
      SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterPreparedStatementSet(info, index, value, e);
    }
  }

  @Override
  public void onAfterExecute(PreparedStatementInformation info, long ns, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecute(info, ns, e);
    }
  }

  @Override
  public void onAfterExecuteQuery(PreparedStatementInformation info, long ns, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecuteQuery(info, ns, e);
    }
  }

  @Override
  public void onAfterExecuteUpdate(PreparedStatementInformation info, long ns, int rows, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecuteUpdate(info, ns, rows, e);
    }
  }

  @Override
  public void onAfterExecute(StatementInformation info, long ns, String sql, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecute(info, ns, sql, e);
    }
  }

  @Override
  public void onAfterExecuteQuery(StatementInformation info, long ns, String sql, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecuteQuery(info, ns, sql, e);
    }
  }

  @Override
  public void onAfterExecuteUpdate(StatementInformation info, long ns, String sql, int rows, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecuteUpdate(info, ns, sql, rows, e);
    }
  }

  @Override
  public void onAfterAddBatch(PreparedStatementInformation info, long ns, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterAddBatch(info, ns, e);
    }
  }

  @Override
  public void onAfterAddBatch(StatementInformation info, long ns, String sql, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterAddBatch(info, ns, sql, e);
    }
  }

  @Override
  public void onAfterExecuteBatch(StatementInformation info, long ns, int[] updateCounts, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterExecuteBatch(info, ns, updateCounts, e);
    }
  }

  @Override
  public void onAfterStatementClose(StatementInformation info, SQLException e) {
    CaptureListener l = of(info);
    if (l != null) {
      l.onAfterStatementClose(info, e);
    }
  }
}
