package dev.dbprof.capture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureFile;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.Databases;
import dev.dbprof.capture.DbprofDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 64 application threads share one HikariCP pool of 16 PostgreSQL connections through the capture,
 * for a bounded number of statements. Every statement is in the file exactly once, with the value
 * the application read back, and each connection's events keep their order: with the pool wrapped,
 * every checkout is one connection id (a checkout…checkin); with the URL wrapped, the physical connections pass from
 * borrower to borrower and each borrower's statements still appear together and in order.
 */
class PooledConcurrencyTest {

  private static final int THREADS = 64;
  private static final int CHECKOUTS = 15;
  private static final int STATEMENTS = 10;
  private static final int POOL = 16;

  @TempDir
  Path dir;

  enum Wiring { WRAPPED_POOL, WRAPPED_URL }

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
    System.clearProperty("dbprof.queueSize");
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void sixtyFourThreadsOnOnePoolLoseNothingDuplicateNothingAndKeepEachConnectionsOrder(Wiring wiring)
      throws Exception {
    String url = Databases.newPostgresDatabase();
    Path out = dir.resolve(wiring + ".jsonl");
    int queue = 4 * THREADS * CHECKOUTS * (STATEMENTS + 2);
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(POOL);
    config.setConnectionTimeout(60_000);
    DataSource ds;
    HikariDataSource pool;
    if (wiring == Wiring.WRAPPED_URL) {
      System.setProperty("dbprof.out", out.toString());
      System.setProperty("dbprof.params", "raw");
      System.setProperty("dbprof.queueSize", Integer.toString(queue));
      config.setJdbcUrl("jdbc:dbprof:" + url.substring("jdbc:".length()));
      pool = new HikariDataSource(config);
      ds = pool;
    } else {
      config.setJdbcUrl(url);
      pool = new HikariDataSource(config);
      ds = DbprofDataSource.wrap(pool, CaptureSettings.defaults().withOut(out)
          .withParams(CaptureSettings.ParamMode.RAW).withQueueSize(queue));
    }

    try (pool) {
      // a hang guard, not a speed assertion: the run takes seconds
      assertTimeoutPreemptively(Duration.ofMinutes(5), () -> runThreads(ds));
    }
    Capture.flush(); // after the pool closed its physical connections

    CaptureFile file = CaptureFile.read(out);
    assertThat(file.droppedCount()).isZero();
    List<Map<String, Object>> stmts = file.ofType("stmt").stream()
        .filter(s -> ((String) s.get("sql")).startsWith("select ?")).toList();
    assertThat(stmts).hasSize(THREADS * CHECKOUTS * STATEMENTS);
    Set<String> tags = new HashSet<>();
    for (Map<String, Object> s : stmts) {
      assertThat(tags.add(tag(s))).as("statement %s recorded twice", tag(s)).isTrue();
    }
    assertThat(tags).hasSize(THREADS * CHECKOUTS * STATEMENTS);

    Map<Long, List<Map<String, Object>>> byConnection = new TreeMap<>();
    for (Map<String, Object> e : file.events()) {
      byConnection.computeIfAbsent((Long) e.get("conn"), k -> new ArrayList<>()).add(e);
    }
    if (wiring == Wiring.WRAPPED_POOL) {
      assertThat(byConnection).hasSize(THREADS * CHECKOUTS);
    } else {
      assertThat(byConnection).hasSizeBetween(1, POOL);
    }
    // a wrapped pool's connections are checkouts; the wrapped URL's are the pool's physical connects
    String first = wiring == Wiring.WRAPPED_POOL ? "checkout" : "open";
    String last = wiring == Wiring.WRAPPED_POOL ? "checkin" : "close";
    for (List<Map<String, Object>> events : byConnection.values()) {
      assertThat(events.get(0)).containsEntry("type", first);
      assertThat(events.get(events.size() - 1)).containsEntry("type", last);
      assertCheckoutsContiguousAndInOrder(events.subList(1, events.size() - 1));
    }
  }

  /** Each borrower's statements on a connection come together, numbered 0, 1, 2, … */
  private static void assertCheckoutsContiguousAndInOrder(List<Map<String, Object>> events) {
    Set<String> finished = new HashSet<>();
    String current = null;
    int next = 0;
    for (Map<String, Object> e : events) {
      if (!"stmt".equals(e.get("type")) || !((String) e.get("sql")).startsWith("select ?")) {
        continue; // Hikari's own validation and reset calls
      }
      String tag = tag(e);
      String checkout = tag.substring(0, tag.lastIndexOf('s'));
      int step = Integer.parseInt(tag.substring(tag.lastIndexOf('s') + 1));
      if (!checkout.equals(current)) {
        assertThat(current == null || next == STATEMENTS).as("checkout %s cut off at %d", current, next).isTrue();
        assertThat(finished.add(checkout)).as("checkout %s interleaved with another", checkout).isTrue();
        current = checkout;
        next = 0;
      }
      assertThat(step).as("order within %s", checkout).isEqualTo(next++);
    }
  }

  private static String tag(Map<String, Object> stmt) {
    return (String) ((List<?>) stmt.get("params")).get(1);
  }

  private static void runThreads(DataSource ds) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          start.await();
          for (int c = 0; c < CHECKOUTS; c++) {
            try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement("select ?::int, ?::text")) {
              for (int s = 0; s < STATEMENTS; s++) {
                String tag = "t" + thread + "c" + c + "s" + s;
                ps.setInt(1, s);
                ps.setString(2, tag);
                try (ResultSet rs = ps.executeQuery()) {
                  assertThat(rs.next()).isTrue();
                  assertThat(rs.getInt(1)).isEqualTo(s);
                  assertThat(rs.getString(2)).isEqualTo(tag);
                }
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
