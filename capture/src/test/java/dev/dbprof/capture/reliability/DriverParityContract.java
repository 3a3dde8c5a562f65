package dev.dbprof.capture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application sees exactly the driver: one workload that touches every observable JDBC
 * behaviour (results, update counts, generated keys, batches and their failures, warnings,
 * exceptions with their causes, savepoints, callable statements, {@code unwrap}/{@code isWrapperFor})
 * runs once straight on the driver and once through {@code jdbc:dbprof:}, each on a fresh database
 * of the same server, and both transcripts must be equal — also while the capture cannot write
 * (a full device, an unwritable path) or cannot keep up (a one-event queue).
 */
abstract class DriverParityContract {

  @TempDir
  Path dir;

  enum CaptureTarget { FILE, FULL_DEVICE, UNWRITABLE_PATH, ONE_EVENT_QUEUE }

  abstract String newDatabaseUrl() throws Exception;

  abstract Class<? extends Connection> driverConnection();

  abstract Class<? extends Statement> driverStatement();

  abstract String createItemTable();

  /** A statement that succeeds with at least one warning. */
  abstract String warningStatement();

  /** Creates what {@link #callableCall()} calls: one input, one output parameter (integers). */
  abstract String createProcedure();

  abstract String callableCall();

  /** Masks what differs between any two connections to two databases (server connection ids, names). */
  String sameForAnyConnection(String line) {
    return line;
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
    System.clearProperty("dbprof.queueSize");
  }

  @ParameterizedTest
  @EnumSource(CaptureTarget.class)
  void theApplicationSeesExactlyWhatTheDriverShows(CaptureTarget target) throws Exception {
    if (target == CaptureTarget.FULL_DEVICE) {
      org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full");
    }
    List<String> direct;
    try (Connection c = DriverManager.getConnection(newDatabaseUrl())) {
      direct = workload(c);
    }

    Path out = switch (target) {
      case FILE, ONE_EVENT_QUEUE -> dir.resolve(target + ".jsonl");
      // its own name for /dev/full: one writer per path and process, and WriteFailureTest counts its own
      case FULL_DEVICE -> Files.createSymbolicLink(dir.resolve("full.jsonl"), Path.of("/dev/full"));
      case UNWRITABLE_PATH -> Files.writeString(dir.resolve("a-file"), "x").resolve("capture.jsonl");
    };
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.params", "raw");
    if (target == CaptureTarget.ONE_EVENT_QUEUE) {
      System.setProperty("dbprof.queueSize", "1");
    }
    List<String> captured;
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + newDatabaseUrl().substring("jdbc:".length()))) {
      assertThat(c.getClass().getName()).doesNotStartWith(driverConnection().getPackageName());
      captured = workload(c);
    }

    assertThat(captured).extracting(this::sameForAnyConnection)
        .containsExactlyElementsOf(direct.stream().map(this::sameForAnyConnection).toList());
    assertThat(direct).anySatisfy(l -> assertThat(l).contains(" threw java.sql.BatchUpdateException"))
        .anySatisfy(l -> assertThat(l).startsWith("warnings = [").doesNotEndWith("[]"));
    if (target == CaptureTarget.FILE) {
      Capture.flush();
      CaptureFile file = CaptureFile.read(out);
      assertThat(file.droppedCount()).isZero();
      assertThat(file.ofType("stmt")).hasSizeGreaterThan(10);
      assertThat(file.ofType("stmt")).anySatisfy(s -> assertThat(s).containsKey("state"));
    }
  }

  private List<String> workload(Connection c) throws Exception {
    Transcript t = new Transcript();
    t.note("connection isWrapperFor driver", c.isWrapperFor(driverConnection()));
    t.note("connection unwrap", c.unwrap(driverConnection()).getClass().getName());
    t.call("connection unwrap to a foreign class", () -> c.unwrap(java.util.List.class));
    try (Statement st = c.createStatement()) {
      t.note("statement isWrapperFor driver", st.isWrapperFor(driverStatement()));
      t.note("statement unwrap", st.unwrap(driverStatement()).getClass().getName());
      t.call("create", () -> st.execute(createItemTable()));
      t.call("create procedure", () -> st.execute(createProcedure()));
      t.call("insert", () -> st.executeUpdate("insert into item(name, qty) values ('a', 1)"));
      t.call("execute update", () -> st.execute("update item set qty = qty + 1"));
      t.note("update count", st.getUpdateCount());
      t.call("syntax error", () -> st.execute("selec nothing"));
      t.call("missing table", () -> st.executeQuery("select * from no_such_table"));
      t.call("unique violation", () -> st.executeUpdate("insert into item(name, qty) values ('a', 9)"));
      t.call("warning", () -> st.execute(warningStatement()));
      t.warnings("warnings", st.getWarnings());
      st.clearWarnings();
    }
    try (PreparedStatement ps = c.prepareStatement("insert into item(name, qty) values (?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "keyed");
      ps.setInt(2, 2);
      t.call("prepared insert", ps::executeUpdate);
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        t.note("generated key", keys.getLong(1));
      }
      for (int i = 0; i < 3; i++) {
        ps.setString(1, "b" + i);
        ps.setInt(2, i);
        ps.addBatch();
      }
      t.call("batch", ps::executeBatch);
      ps.setString(1, "b1"); // a duplicate: the batch fails
      ps.setInt(2, 0);
      ps.addBatch();
      ps.setString(1, "b9");
      ps.setInt(2, 0);
      ps.addBatch();
      t.call("failing batch", ps::executeBatch);
      ps.clearBatch();
    }
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("insert into item(name, qty) values ('before-savepoint', 1)");
      Savepoint sp = c.setSavepoint("sp1");
      st.executeUpdate("insert into item(name, qty) values ('rolled-back', 1)");
      c.rollback(sp);
      Savepoint sp2 = c.setSavepoint();
      st.executeUpdate("insert into item(name, qty) values ('after-savepoint', 1)");
      c.releaseSavepoint(sp2);
      t.call("rollback to a released savepoint", () -> {
        c.rollback(sp2);
        return "no error";
      });
      c.rollback();
      st.executeUpdate("insert into item(name, qty) values ('before-savepoint', 1)");
      Savepoint sp3 = c.setSavepoint("sp3");
      st.executeUpdate("insert into item(name, qty) values ('rolled-back', 1)");
      c.rollback(sp3);
      c.commit();
    }
    c.setAutoCommit(true);
    try (CallableStatement call = c.prepareCall(callableCall())) {
      call.setInt(1, 41);
      call.registerOutParameter(2, Types.INTEGER);
      t.call("callable", call::execute);
      t.note("out parameter", call.getInt(2));
    }
    try (PreparedStatement q = c.prepareStatement("select id, name, qty from item where qty >= ? order by name")) {
      q.setInt(1, 0);
      try (ResultSet rs = q.executeQuery()) {
        t.note("result set isWrapperFor ResultSet", rs.isWrapperFor(ResultSet.class));
        t.rows("rows", rs);
      }
    }
    return t.lines();
  }
}
