package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The workload of {@link CaptureFormatContractTest}, standing for the application: its frames are
 * the call sites. Its own file, so that the golden lines change only when the workload does.
 */
final class ContractWorkload {

  private ContractWorkload() {
  }

  /**
   * Statements, batches of both kinds, commit and rollback, failures, and one event the writer
   * never got, on one connection of {@code url}.
   */
  static void run(String url) throws SQLException, InterruptedException {
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement st = c.createStatement()) {
        st.execute("create table pet (id int primary key, name varchar(40), photo varbinary(8),"
            + " born date, weight decimal(5,2), alive boolean)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("insert into pet values (?, ?, ?, ?, ?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "O'Brien \"Rex\"\n\\ \u00e9\u4e2d\uD83D\uDE00\u0001");
        ps.setBytes(3, new byte[] {1, 2, (byte) 0xff});
        ps.setDate(4, Date.valueOf("2020-02-29"));
        ps.setBigDecimal(5, new BigDecimal("12.50"));
        ps.setBoolean(6, true);
        ps.executeUpdate();
        for (int id = 2; id <= 4; id++) {
          ps.setInt(1, id);
          ps.setString(2, "pet " + id);
          ps.setNull(3, Types.VARBINARY);
          ps.setNull(4, Types.DATE);
          ps.setNull(5, Types.DECIMAL);
          ps.setBoolean(6, false);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      try (Statement st = c.createStatement()) {
        st.addBatch("update pet set alive = true where id = 2");
        st.addBatch("delete from pet where id = 4");
        st.executeBatch();
      }
      c.rollback();
      try (PreparedStatement ps = c.prepareStatement("select name from pet where id = ?")) {
        for (int id = 1; id <= 2; id++) {
          ps.setInt(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
          }
        }
      }
      try (Statement st = c.createStatement()) {
        try {
          st.executeQuery("select * from no_such_table");
          throw new AssertionError("the table does not exist");
        } catch (SQLException expected) {
          // its SQLState goes into the line
        }
        assertThat(st.executeUpdate("update pet set name = 'Rex' where id = 1")).isEqualTo(1);
      }
      try (PreparedStatement ps = c.prepareStatement("update pet set photo = ? where id = ?")) {
        ps.setNull(1, Types.VARBINARY);
        ps.setLong(2, 3L);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      // One event the writer never got: its count must reach the file as a "dropped" line.
      Capture.flush();
      Capture.writer(CaptureSettings.fromEnvironment()).lost();
      Capture.flush();
      try (PreparedStatement ps = c.prepareStatement("insert into pet (id, name) values (?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "duplicate");
        ps.addBatch();
        assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
      }
      c.commit();
    }
    marked(url.replace("jdbc:dbprof:", "jdbc:") + "_pooled");
  }

  /** The trace of an OpenTelemetry span the workload makes current (a valid W3C trace id). */
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  /**
   * Format 1.1: pool checkouts through {@link DbprofDataSource} over HikariCP, a statement under an
   * OpenTelemetry span, a unit of work (with a nested begin that stays part of it, and the span still
   * current: the unit wins), a unit that runs nothing, and a seed script through Spring's ScriptUtils.
   */
  static void marked(String rawUrl) throws SQLException {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(rawUrl);
    config.setMaximumPoolSize(1);
    io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.wrap(
        io.opentelemetry.api.trace.SpanContext.create(TRACE_ID, "b7ad6b7169203331",
            io.opentelemetry.api.trace.TraceFlags.getSampled(), io.opentelemetry.api.trace.TraceState.getDefault()));
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
        io.opentelemetry.context.Scope traced = span.makeCurrent()) {
      javax.sql.DataSource dataSource = DbprofDataSource.wrap(pool);
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        st.execute("create table owner (id int primary key, name varchar(300))");
      }
      try (Units.Scope nothing = Units.begin("a unit without statements")) {
        assertThat(Units.isOpen()).isTrue();
      }
      try (Units.Scope unit = Units.begin("GET /owners/{id} \"O'Brien\"\n\u00e9")) {
        try (Units.Scope nested = Units.begin("part of the outer unit");
            Connection c = dataSource.getConnection()) {
          c.setAutoCommit(false);
          try (PreparedStatement ps = c.prepareStatement("insert into owner values (?, ?)")) {
            for (int id = 1; id <= 2; id++) {
              ps.setInt(1, id);
              ps.setString(2, "owner " + id);
              ps.executeUpdate();
            }
            ps.setInt(1, 3);
            ps.setString(2, "owner 3");
            ps.addBatch();
            ps.executeBatch();
          }
          c.commit();
          try (Statement st = c.createStatement()) {
            st.executeUpdate("delete from owner where id = 3");
          }
          c.rollback();
        }
      }
      assertThat(Units.isOpen()).isFalse();
      try (Connection c = dataSource.getConnection()) {
        org.springframework.jdbc.datasource.init.ScriptUtils.executeSqlScript(c,
            new org.springframework.core.io.ByteArrayResource(
                "insert into owner values (9, 'seed');".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
  }
}
