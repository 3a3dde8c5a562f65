package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two methods of one long-lived thread run the same statement in loops, as two service methods
 * calling one repository method do: each statement must carry its own method's site, although the
 * call-site cache has seen the pair (previous SQL, SQL) from the other method first.
 */
class ExactCallSitesTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String SELECT = "select name from customer where id = ?";
  private static final int LOOP = 3 * CallSiteFinder.REWALK_EVERY;

  @TempDir
  Path dir;

  @AfterEach
  void closeCaptures() {
    Capture.closeAll();
  }

  @Test
  void loopsOfTwoMethodsInTwoTransactionsEachGetTheirOwnSite() throws Exception {
    Path out = dir.resolve("capture.jsonl");
    try (Connection c = dataSource(out).getConnection()) {
      c.setAutoCommit(false);
      firstMethod(c);
      c.commit();
      secondMethod(c);
      c.commit();
    }
    assertSites(out, LOOP, LOOP);
  }

  @Test
  void loopsOfTwoMethodsInTwoUnitsOfWorkEachGetTheirOwnSite() throws Exception {
    Path out = dir.resolve("capture.jsonl");
    try (Connection c = dataSource(out).getConnection()) {
      try (Units.Scope request = Units.begin("GET /first")) {
        firstMethod(c);
      }
      try (Units.Scope request = Units.begin("GET /second")) {
        secondMethod(c);
      }
    }
    assertSites(out, LOOP, LOOP);
  }

  @Test
  void insideOneTransactionTheSecondMethodIsExactFromTheFirstRewalkOn() throws Exception {
    // The one case a cache keyed by statements cannot tell apart: same pair, same transaction.
    // The rewalk that finds another place marks the pair ambiguous, and it is walked from then on.
    Path out = dir.resolve("capture.jsonl");
    try (Connection c = dataSource(out).getConnection()) {
      c.setAutoCommit(false);
      firstMethod(c);
      secondMethod(c);
      c.commit();
    }
    List<String> second = sitesOfSelects(out).subList(LOOP, 2 * LOOP);
    int firstRight = second.indexOf("secondMethod");
    assertThat(firstRight).isBetween(0, CallSiteFinder.REWALK_EVERY - 1);
    assertThat(second.subList(firstRight, LOOP)).containsOnly("secondMethod");
  }

  private static void firstMethod(Connection c) throws SQLException {
    Service.firstMethod(c);
  }

  private static void secondMethod(Connection c) throws SQLException {
    Service.secondMethod(c);
  }

  /** The application: the only frames the capture is told are the application's. */
  static final class Service {
    static void firstMethod(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        for (int i = 0; i < LOOP; i++) {
          Repository.run(ps, i);
        }
      }
    }

    static void secondMethod(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        for (int i = 0; i < LOOP; i++) {
          Repository.run(ps, i);
        }
      }
    }
  }

  /** Stands for the framework's repository both methods call (not application code). */
  static final class Repository {
    static void run(PreparedStatement ps, int id) throws SQLException {
      ps.setInt(1, id % 10);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  private void assertSites(Path out, int first, int second) throws Exception {
    List<String> sites = sitesOfSelects(out);
    assertThat(sites).hasSize(first + second);
    assertThat(sites.subList(0, first)).containsOnly("firstMethod");
    assertThat(sites.subList(first, first + second)).containsOnly("secondMethod");
  }

  private static List<String> sitesOfSelects(Path out) throws Exception {
    Capture.flush();
    return CaptureFile.read(out).ofType("stmt").stream()
        .filter(l -> SELECT.equals(l.get("sql")))
        .map(l -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> site = (Map<String, Object>) l.get("site");
          return String.valueOf(site.get("method"));
        })
        .toList();
  }

  private static DataSource dataSource(Path out) throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:sites_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("create table customer (id int primary key, name varchar(20))");
      for (int i = 0; i < 10; i++) {
        s.execute("insert into customer values (" + i + ", 'c" + i + "')");
      }
    }
    return DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out)
        .withAppPackages(Service.class.getName()));
  }
}
