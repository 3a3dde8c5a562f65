package dev.dbprof.internal.read.p6spy;

import com.p6spy.engine.spy.P6DataSource;
import com.p6spy.engine.spy.P6ModuleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Runs a fixed JDBC workload through real p6spy over in-memory H2 and returns the log p6spy wrote.
 * p6spy is configured through its {@code p6spy.config.*} system properties and reloaded per run.
 */
final class P6spyWorkload {

  static final String EXCLUDE_KEEPING_BATCHES = "info,debug,result,resultset";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private P6spyWorkload() {
  }

  /** Writes the log with the given p6spy options (keys without the {@code p6spy.config.} prefix). */
  static Path run(Path dir, String logName, Map<String, String> options) throws Exception {
    Path log = dir.resolve(logName);
    Map<String, String> all = new LinkedHashMap<>();
    all.put("appender", "com.p6spy.engine.spy.appender.FileLogger");
    all.put("logfile", log.toString());
    all.put("append", "true");
    all.put("jmx", "false");
    all.put("excludecategories", EXCLUDE_KEEPING_BATCHES);
    all.putAll(options);
    all.forEach((k, v) -> System.setProperty("p6spy.config." + k, v));
    try {
      P6ModuleManager.getInstance().reload();
      workload();
    } finally {
      all.keySet().forEach(k -> System.clearProperty("p6spy.config." + k));
      P6ModuleManager.getInstance().reload();
    }
    if (!Files.exists(log)) {
      throw new IllegalStateException("p6spy wrote no log at " + log);
    }
    return log;
  }

  /**
   * The workload; {@code P6spyRealLogTest} states the events it must read back. Connection A does
   * everything interesting, connection B one query.
   */
  private static void workload() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:p6spy" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    P6DataSource spied = new P6DataSource(h2);
    try (Connection a = spied.getConnection()) {
      a.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.execute("create table pets (id int primary key, name varchar(100), note varchar(100))");
      }
      try (PreparedStatement insert = a.prepareStatement(
          "insert into pets (id, name, note) values (?, ?, ?)")) {
        addRow(insert, 1, "a|b", "O'Brien");
        addRow(insert, 2, "x||y", null);
        addRow(insert, 3, "plain", "n|");
        insert.executeBatch();
      }
      a.commit();
      try (PreparedStatement select = a.prepareStatement(
          "select name || '|' || coalesce(note, '') from pets where id = ?")) {
        for (int id : new int[] {1, 2, 1}) {
          select.setInt(1, id);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              rs.getString(1);
            }
          }
        }
      }
      try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery(
          "select 'a|b' as v, 'it''s' as w from pets where id = 3")) {
        rs.next();
      }
      try (PreparedStatement update = a.prepareStatement(
          "update pets\nset note = ?\nwhere id = ?")) {
        update.setString(1, "changed");
        update.setInt(2, 2);
        update.executeUpdate();
      }
      a.rollback();
      try (Statement s = a.createStatement()) {
        s.addBatch("update pets set note = 'one' where id = 1");
        s.addBatch("update pets set note = 'two|2' where id = 2");
        s.executeBatch();
      }
      try (Statement s = a.createStatement()) {
        s.executeQuery("select * from no_such_table");
      } catch (SQLException expected) {
        // p6spy logs the failed statement like any other
      }
      try (PreparedStatement insert = a.prepareStatement(
          "insert into pets (id, name, note) values (?, ?, ?)")) {
        addRow(insert, 10, "ten", "t");
        addRow(insert, 11, "eleven", "e");
        insert.executeBatch();
        addRow(insert, 12, "twelve", "t");
        addRow(insert, 13, "thirteen", "t");
        insert.executeBatch();
      }
      a.commit();
    }
    try (Connection b = spied.getConnection();
        PreparedStatement count = b.prepareStatement("select count(*) from pets where name <> ?")) {
      count.setString(1, "none");
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
      }
    }
  }

  private static void addRow(PreparedStatement insert, int id, String name, String note)
      throws SQLException {
    insert.setInt(1, id);
    insert.setString(2, name);
    insert.setString(3, note);
    insert.addBatch();
  }
}
