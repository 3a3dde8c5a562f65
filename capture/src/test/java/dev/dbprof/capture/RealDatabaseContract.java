package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same workload on every real database, through HikariCP and {@code jdbc:dbprof:}. */
abstract class RealDatabaseContract {

  @TempDir
  Path dir;

  abstract String newDatabaseUrl() throws Exception;

  abstract String createItemTable();

  abstract Class<?> driverConnectionClass();

  abstract String productPrefix();

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
  }

  static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  static long micros(Instant i) {
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  @Test
  void recordsEveryKindOfStatementAndChangesNothingTheApplicationSees() throws Exception {
    String url = newDatabaseUrl();
    Path out = dir.resolve("capture.jsonl");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.params", "raw");
    String missing = "select * from no_such_table";
    long before = micros(Instant.now());

    long key;
    int[] batchCounts;
    int updated;
    SQLException viaCapture;
    SQLException direct;
    try (HikariDataSource ds = pool("jdbc:dbprof:" + url.substring("jdbc:".length()));
        Connection c = ds.getConnection()) {
      assertThat(c.isWrapperFor(driverConnectionClass())).isTrue();
      assertThat(c.unwrap(driverConnectionClass())).isInstanceOf(driverConnectionClass());
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(createItemTable());
        assertThat(st.executeUpdate("insert into item(name, qty) values ('plain', 1)")).isEqualTo(1);
        try (PreparedStatement ins = c.prepareStatement("insert into item(name, qty) values (?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
          ins.setString(1, "keyed");
          ins.setInt(2, 2);
          assertThat(ins.executeUpdate()).isEqualTo(1);
          try (ResultSet keys = ins.getGeneratedKeys()) {
            assertThat(keys.next()).isTrue();
            key = keys.getLong(1);
          }
          for (int i = 0; i < 5; i++) {
            ins.setString(1, "b" + i);
            ins.setInt(2, i);
            ins.addBatch();
          }
          batchCounts = ins.executeBatch();
        }
        c.commit();
        try (PreparedStatement q = c.prepareStatement("select name, qty from item where id = ?")) {
          q.setLong(1, key);
          try (ResultSet rs = q.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("keyed");
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.next()).isFalse();
          }
        }
        updated = st.executeUpdate("update item set qty = qty + 1");
        c.rollback();
        st.addBatch("insert into item(name, qty) values ('s1', 1)");
        st.addBatch("update item set qty = 0 where name = 's1'");
        assertThat(st.executeBatch()).hasSize(2);
        c.commit();
        viaCapture = catchThrowableOfType(SQLException.class, () -> st.executeQuery(missing));
        c.rollback();
      }
      // The same failure on the same physical connection, straight from the driver.
      c.setAutoCommit(true);
      Connection raw = c.unwrap(driverConnectionClass().asSubclass(Connection.class));
      assertThat(raw.getClass().getName()).doesNotContain("p6spy").doesNotContain("dbprof");
      try (Statement st = raw.createStatement()) {
        direct = catchThrowableOfType(SQLException.class, () -> st.executeQuery(missing));
      }
    }
    long after = micros(Instant.now());

    try (Connection raw = DriverManager.getConnection(url); Statement st = raw.createStatement()) {
      try (ResultSet rs = st.executeQuery("select id from item where name = 'keyed'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(key);
      }
    }
    assertThat(updated).isEqualTo(7);
    assertThat((Throwable) viaCapture).isNotNull().hasSameClassAs(direct).hasMessage(direct.getMessage());
    assertThat(viaCapture.getSQLState()).isEqualTo(direct.getSQLState()).isNotBlank();
    assertThat(viaCapture.getErrorCode()).isEqualTo(direct.getErrorCode());

    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    Map<String, Object> header = file.lines().get(0);
    assertThat(header).containsEntry("type", "header").containsEntry("format", CaptureFormat.VERSION)
        .containsEntry("params", "raw").containsEntry("url", url.substring(0, url.indexOf('?')))
        .containsEntry("pid", ProcessHandle.current().pid());
    assertThat((String) header.get("db")).startsWith(productPrefix());
    assertThat(file.droppedCount()).isZero();

    List<Map<String, Object>> opens = file.ofType("open");
    assertThat(opens).hasSize(1);
    List<Map<String, Object>> events = file.ofConnection((Long) opens.get(0).get("conn"));
    assertThat(events).extracting(e -> e.get("type")).containsExactly(
        "open", "stmt", "stmt", "stmt", "batch", "commit", "stmt", "stmt", "rollback",
        "batch", "commit", "stmt", "rollback", "close");
    assertThat(events).allSatisfy(e -> {
      assertThat((Long) e.get("ns")).isPositive();
      assertThat((Long) e.get("ts")).isBetween(before, after);
    });
    // Hikari opens and closes physical connections on its own threads.
    assertThat(events.subList(1, events.size() - 1)).allSatisfy(
        e -> assertThat(e.get("thread")).isEqualTo(Thread.currentThread().getName()));

    Map<String, Object> ddl = events.get(1);
    assertThat(ddl).containsEntry("sql", createItemTable()).doesNotContainKeys("rows", "state");
    assertThat(events.get(2)).containsEntry("sql", "insert into item(name, qty) values ('plain', 1)")
        .containsEntry("rows", 1L).containsEntry("params", List.of());
    assertThat(events.get(3)).containsEntry("sql", "insert into item(name, qty) values (?, ?)")
        .containsEntry("rows", 1L).containsEntry("params", List.of("keyed", "2"));
    Map<String, Object> batch = events.get(4);
    assertThat(batch).containsEntry("sql", "insert into item(name, qty) values (?, ?)")
        .containsEntry("size", 5L).doesNotContainKey("sqls");
    if (Arrays.stream(batchCounts).allMatch(n -> n >= 0)) {
      assertThat(batch).containsEntry("rows", (long) Arrays.stream(batchCounts).sum());
    } else {
      assertThat(batch).doesNotContainKey("rows");
    }
    assertThat(events.get(6)).containsEntry("sql", "select name, qty from item where id = ?")
        .containsEntry("params", List.of(Long.toString(key))).doesNotContainKey("rows");
    assertThat(events.get(7)).containsEntry("rows", 7L);
    assertThat(events.get(9)).containsEntry("sql", "insert into item(name, qty) values ('s1', 1)")
        .containsEntry("sqls", List.of("insert into item(name, qty) values ('s1', 1)",
            "update item set qty = 0 where name = 's1'"))
        .containsEntry("size", 2L);
    assertThat(events.get(11)).containsEntry("sql", missing)
        .containsEntry("state", direct.getSQLState());
    assertThat(events.stream().filter(e -> e.containsKey("state"))).hasSize(1);
  }

  /**
   * Around a pool, each checkout is one {@code checkout}…{@code checkin} with its own id (the pool's
   * physical connections are not the application's connects); around a data source that connects
   * each time, each {@code getConnection} stays an {@code open}…{@code close}.
   */
  @Test
  void wrapsAPoolSoEachCheckoutIsOneCheckoutNotAConnect() throws Exception {
    String url = newDatabaseUrl();
    Path out = dir.resolve("datasource.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out).withParams(CaptureSettings.ParamMode.NONE);
    try (HikariDataSource pool = pool(url)) {
      javax.sql.DataSource ds = DbprofDataSource.wrap(pool, settings);
      assertThat(ds.unwrap(HikariDataSource.class)).isSameAs(pool);
      selectTwice(ds);
    }
    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.lines().get(0)).containsEntry("params", "none");
    assertThat(file.events()).extracting(e -> e.get("type"))
        .containsExactly("checkout", "stmt", "checkin", "checkout", "stmt", "checkin");
    List<Object> ids = file.events().stream().map(e -> e.get("conn")).toList();
    assertThat(ids.subList(0, 3)).containsOnly(ids.get(0));
    assertThat(ids.subList(3, 6)).containsOnly(ids.get(3));
    assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
    assertThat(file.ofType("stmt")).allSatisfy(e -> assertThat(e).doesNotContainKey("params"));
  }

  @Test
  void wrapsADataSourceThatConnectsEachTimeSoEachConnectionIsAConnect() throws Exception {
    String url = newDatabaseUrl();
    Path out = dir.resolve("connecting.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out).withParams(CaptureSettings.ParamMode.NONE);
    // Spring's DriverManagerDataSource: a new physical connection from the driver at each call
    javax.sql.DataSource ds = DbprofDataSource.wrap(
        new org.springframework.jdbc.datasource.DriverManagerDataSource(url), settings);
    selectTwice(ds);
    Capture.flush();
    assertThat(CaptureFile.read(out).events()).extracting(e -> e.get("type"))
        .containsExactly("open", "stmt", "close", "open", "stmt", "close");
  }

  private static void selectTwice(javax.sql.DataSource ds) throws Exception {
    for (int i = 0; i < 2; i++) {
      try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select ?")) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(i);
        }
      }
    }
  }
}
