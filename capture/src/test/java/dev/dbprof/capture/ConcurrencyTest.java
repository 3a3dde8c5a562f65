package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ConcurrencyTest {

  private static final int THREADS = 16;
  private static final int STATEMENTS = 10_000;

  @TempDir
  Path dir;

  @Test
  void sixteenThreadsLoseNothingAndDuplicateNothing() throws Exception {
    Path out = dir.resolve("concurrent.jsonl");
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:concurrency;DB_CLOSE_DELAY=-1");
    // The queue holds the whole run: this test is about races, ConcurrencyTest's sibling
    // WriteFailureTest is about what happens when the queue is full.
    DataSource ds = DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out)
        .withParams(CaptureSettings.ParamMode.RAW).withQueueSize(THREADS * STATEMENTS + 1_000));
    try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
      st.execute("create table t (id int primary key)");
      st.execute("insert into t select x from system_range(0, 99)");
    }

    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select id from t where id = ? or ? < 0")) {
              for (int i = 0; i < STATEMENTS; i++) {
                ps.setInt(1, i % 100);
                ps.setInt(2, thread * STATEMENTS + i);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      Capture.flush();
    });

    CaptureFile file = CaptureFile.read(out);
    assertThat(file.droppedCount()).isZero();
    List<Map<String, Object>> stmts = file.ofType("stmt");
    assertThat(stmts).hasSize(THREADS * STATEMENTS);
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> s : stmts) {
      List<?> params = (List<?>) s.get("params");
      assertThat(seen.add((String) params.get(1))).as("duplicate %s", params).isTrue();
    }
    List<String> missing = new ArrayList<>();
    for (int n = 0; n < THREADS * STATEMENTS; n++) {
      if (!seen.contains(Integer.toString(n))) {
        missing.add(Integer.toString(n));
      }
    }
    assertThat(missing).isEmpty();
    assertThat(file.ofType("open")).hasSize(THREADS);
    assertThat(file.ofType("close")).hasSize(THREADS);
  }
}
