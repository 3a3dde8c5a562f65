package dev.dbprof.capture.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.CaptureFile;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.Capture;
import dev.dbprof.capture.DbprofDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside dev.dbprof.capture on purpose: these classes count as the application. */
class CallSiteTest {

  private static final String BY_ID = "select name from pet where id = ?";
  private static final int LOOP = 300;

  @TempDir
  Path dir;

  private DataSource dataSource(String name, CaptureSettings settings) throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
      st.execute("create table if not exists pet (id int primary key, name varchar(20))");
      st.execute("merge into pet key (id) values (1, 'rex')");
    }
    return DbprofDataSource.wrap(h2, settings);
  }

  static final class PetRepository {
    static int lineOfFind;

    static String find(Connection c, int id) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
        ps.setInt(1, id);
        lineOfFind = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    }
  }

  private static int count(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from pet")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int lineOfLoop;

  private static void loop(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
      for (int i = 0; i < LOOP; i++) {
        ps.setInt(1, i);
        lineOfLoop = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
  }

  @Test
  void everyExecutionOfALoopCarriesTheLoopsLineAndOtherCallersKeepTheirOwn() throws Exception {
    Path out = dir.resolve("sites.jsonl");
    DataSource ds = dataSource("sites", CaptureSettings.defaults().withOut(out));
    try (Connection c = ds.getConnection()) {
      PetRepository.find(c, 1);
      loop(c);
      count(c);
      PetRepository.find(c, 1);
    }
    Capture.flush();

    List<Map<String, Object>> byId = CaptureFile.read(out).where(l -> BY_ID.equals(l.get("sql")));
    assertThat(byId).hasSize(LOOP + 2);
    Map<String, Object> repo = Map.of("class", PetRepository.class.getName(), "method", "find",
        "file", "CallSiteTest.java", "line", (long) PetRepository.lineOfFind);
    Map<String, Object> inLoop = Map.of("class", CallSiteTest.class.getName(), "method", "loop",
        "file", "CallSiteTest.java", "line", (long) lineOfLoop);
    assertThat(byId.get(0).get("site")).isEqualTo(repo);
    assertThat(byId.subList(1, LOOP + 1)).allSatisfy(e -> assertThat(e.get("site")).isEqualTo(inLoop));
    assertThat(byId.get(LOOP + 1).get("site")).isEqualTo(repo);
  }

  /** Stands for Hibernate's lazy proxy class {@code Pet$HibernateProxy}, which runs the query itself. */
  static final class Pet {
    static final class HibernateProxy {
      static String getName(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        }
      }
    }
  }

  @Test
  void generatedProxiesAreSkippedEvenInsideTheApplicationsPackages() throws Exception {
    Path out = dir.resolve("proxy.jsonl");
    DataSource ds = dataSource("proxy", CaptureSettings.defaults().withOut(out)
        .withAppPackages(CallSiteTest.class.getPackageName()));
    int line;
    try (Connection c = ds.getConnection()) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      Pet.HibernateProxy.getName(c);
    }
    Capture.flush();
    Map<String, Object> stmt = CaptureFile.read(out).ofType("stmt").get(0);
    assertThat(stmt.get("site")).isEqualTo(Map.of("class", CallSiteTest.class.getName(),
        "method", "generatedProxiesAreSkippedEvenInsideTheApplicationsPackages",
        "file", "CallSiteTest.java", "line", (long) line));
  }

  @Test
  void appPackagesChooseWhichFramesCount() throws Exception {
    Path out = dir.resolve("packages.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out)
        .withAppPackages(CallSiteTest.class.getName());
    DataSource ds = dataSource("packages", settings);
    int line;
    try (Connection c = ds.getConnection()) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      PetRepository.find(c, 1);
    }
    Capture.flush();
    Map<String, Object> stmt = CaptureFile.read(out).ofType("stmt").get(0);
    // The repository is nested in CallSiteTest, so its name starts with the prefix too.
    assertThat(stmt.get("site")).isEqualTo(Map.of("class", PetRepository.class.getName(),
        "method", "find", "file", "CallSiteTest.java", "line", (long) PetRepository.lineOfFind));

    Path only = dir.resolve("only-test.jsonl");
    DataSource strict = dataSource("packages2", CaptureSettings.defaults().withOut(only)
        .withAppPackages("no.such.package."));
    try (Connection c = strict.getConnection()) {
      PetRepository.find(c, 1);
    }
    Capture.flush();
    assertThat(CaptureFile.read(only).ofType("stmt").get(0)).doesNotContainKey("site");
    assertThat(line).isPositive();
  }
}
