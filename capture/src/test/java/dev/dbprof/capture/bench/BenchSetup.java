package dev.dbprof.capture.bench;

import com.p6spy.engine.event.JdbcEventListener;
import com.p6spy.engine.logging.LoggingEventListener;
import com.p6spy.engine.spy.P6DataSource;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.DbprofDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The workload the benchmarks share: a primary-key select, wired per mode. */
final class BenchSetup {

  static final int ROWS = 1_000;
  static final String SELECT = "select name from item where id = ?";

  private BenchSetup() {
  }

  static JdbcDataSource h2() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
      st.execute("create table if not exists item (id int primary key, name varchar(40))");
      st.execute("merge into item key (id) select x, 'item ' || x from system_range(0, " + (ROWS - 1) + ")");
    }
    return h2;
  }

  /** The same table in a PostgreSQL database reached over TCP on localhost. */
  static DataSource postgres(String url) throws SQLException {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    try (Connection c = pg.getConnection(); Statement st = c.createStatement()) {
      st.execute("create table if not exists item (id int primary key, name varchar(40))");
      st.execute("insert into item select x, 'item ' || x from generate_series(0, " + (ROWS - 1)
          + ") x on conflict do nothing");
    }
    return pg;
  }

  /**
   * raw | p6spy-noop | dbprof | dbprof-none | p6spy-file, around {@code target}; dbprof-unit,
   * dbprof-otel and dbprof-traced are dbprof (their unit or span is {@link CpuPerStatement}'s).
   */
  static DataSource dataSource(String mode, DataSource target, Path dir) {
    switch (mode) {
      case "raw", "raw-deep":
        return target;
      case "p6spy-noop": {
        P6DataSource p6 = new P6DataSource(target);
        JdbcEventListener empty = new JdbcEventListener() { };
        p6.setJdbcEventListenerFactory(() -> empty);
        return p6;
      }
      case "dbprof", "dbprof-unit", "dbprof-otel", "dbprof-traced":
        return DbprofDataSource.wrap(target, CaptureSettings.defaults().withOut(dir.resolve("capture.jsonl")));
      case "dbprof-deep":
        // only the benchmark's loop is application code: the frames below it stand for a framework
        return DbprofDataSource.wrap(target, CaptureSettings.defaults().withOut(dir.resolve("capture.jsonl"))
            .withAppPackages(CpuPerStatement.class.getName()));
      case "dbprof-none":
        return DbprofDataSource.wrap(target, CaptureSettings.defaults().withOut(dir.resolve("capture.jsonl"))
            .withParams(CaptureSettings.ParamMode.NONE));
      case "p6spy-file": {
        System.setProperty("p6spy.config.appender", "com.p6spy.engine.spy.appender.FileLogger");
        System.setProperty("p6spy.config.logfile", dir.resolve("spy.log").toString());
        System.setProperty("p6spy.config.logMessageFormat", "com.p6spy.engine.spy.appender.SingleLineFormat");
        System.setProperty("p6spy.config.jmx", "false");
        P6DataSource p6 = new P6DataSource(target);
        p6.setJdbcEventListenerFactory(() -> LoggingEventListener.INSTANCE);
        return p6;
      }
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  static String select(PreparedStatement ps, int id) throws SQLException {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
