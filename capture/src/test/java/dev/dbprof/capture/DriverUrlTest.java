package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL prefix over each driver family: PostgreSQL, MariaDB, MySQL Connector/J, H2. */
class DriverUrlTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
  }

  private void roundTrip(String realUrl, Class<?> driverConnection) throws Exception {
    Path out = dir.resolve("url.jsonl");
    System.setProperty("dbprof.out", out.toString());
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + realUrl.substring("jdbc:".length()));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select 41 + 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
      assertThat(c.isWrapperFor(driverConnection)).isTrue();
      assertThat(c.unwrap(driverConnection)).isInstanceOf(driverConnection);
      assertThat(c.unwrap(driverConnection).getClass().getName()).doesNotContain("p6spy");
    }
    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.ofType("stmt")).singleElement().satisfies(s -> assertThat(s).containsEntry("sql", "select 41 + 1"));
  }

  @Test
  void postgresql() throws Exception {
    roundTrip(Databases.newPostgresDatabase(), org.postgresql.PGConnection.class);
  }

  @Test
  void mariadb() throws Exception {
    roundTrip(Databases.newMariaDbDatabase(), org.mariadb.jdbc.Connection.class);
  }

  @Test
  void mysqlConnectorJAgainstMariaDb() throws Exception {
    String mariadb = Databases.newMariaDbDatabase();
    roundTrip(mariadb.replace("jdbc:mariadb:", "jdbc:mysql:"), com.mysql.cj.jdbc.JdbcConnection.class);
  }

  @Test
  void h2() throws Exception {
    roundTrip("jdbc:h2:mem:urltest", org.h2.jdbc.JdbcConnection.class);
  }

  @Test
  void largeUpdatesReachTheDriverAndAreRecorded() throws Exception {
    // p6spy 3.9.1's own wrappers leave these to the interface defaults, which throw.
    Path out = dir.resolve("large.jsonl");
    System.setProperty("dbprof.out", out.toString());
    String url = Databases.newPostgresDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + url.substring("jdbc:".length()));
        Statement st = c.createStatement()) {
      st.execute("create table big (id int)");
      assertThat(st.executeLargeUpdate("insert into big values (1), (2)")).isEqualTo(2L);
      assertThat(st.getLargeUpdateCount()).isEqualTo(2L);
      try (java.sql.PreparedStatement ps = c.prepareStatement("insert into big values (?)")) {
        ps.setInt(1, 3);
        assertThat(ps.executeLargeUpdate()).isEqualTo(1L);
        for (int i = 4; i < 7; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        assertThat(ps.executeLargeBatch()).containsExactly(1L, 1L, 1L);
      }
    }
    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.events()).extracting(e -> e.get("type"))
        .containsExactly("open", "stmt", "stmt", "stmt", "batch", "close");
    assertThat(file.ofType("stmt")).extracting(e -> e.get("rows")).containsExactly(null, 2L, 1L);
    assertThat(file.ofType("batch").get(0)).containsEntry("size", 3L).containsEntry("rows", 3L);
  }

  @Test
  void anUnknownUrlFailsLikeDriverManagerWould() {
    SQLException e = catchThrowableOfType(SQLException.class,
        () -> DriverManager.getConnection("jdbc:dbprof:nosuchdb://localhost/x?password=hidden"));
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("jdbc:nosuchdb://localhost/x").doesNotContain("hidden");
  }
}
