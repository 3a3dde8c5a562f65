package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class WriteFailureTest {

  private static final int STATEMENTS = 2_000;

  @TempDir
  Path dir;

  /** Runs statements through a wrapped H2 data source; every one must succeed. */
  private static void runStatements(DataSource ds, String db, int count) throws Exception {
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("create table if not exists t (id int primary key)");
        st.execute("merge into t key (id) values (1)");
      }
      try (PreparedStatement ps = c.prepareStatement("select id from t where id = ?")) {
        for (int i = 0; i < count; i++) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
          }
        }
      }
    }
  }

  private static DataSource h2(String name, CaptureSettings settings) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return DbprofDataSource.wrap(h2, settings);
  }

  /** Closes one writer with stderr captured; returns what it printed. */
  private static String closeCapturingStderr(CaptureWriter writer) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      writer.close(10_000);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnwritablePathDropsCountsAndSaysSoOnce() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    CaptureSettings settings = CaptureSettings.defaults().withOut(notADirectory.resolve("capture.jsonl"));
    runStatements(h2("unwritable", settings), "unwritable", STATEMENTS);
    Capture.flush();
    CaptureWriter writer = Capture.writer(settings);
    String stderr = closeCapturingStderr(writer);

    long events = 1 + 2 + STATEMENTS + 1; // open, two setup statements, the selects, close
    assertThat(writer.droppedTotal()).isEqualTo(events);
    assertThat(writer.writtenTotal()).isZero();
    assertThat(stderr.lines()).hasSize(1);
    assertThat(stderr).contains("could not write capture file", notADirectory.toString(),
        events + " events dropped");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFullDeviceDropsCountsAndNeverDisturbsTheApplication() throws Exception {
    // A link of this test's own: the process has one writer per path, and other tests write to
    // /dev/full too.
    Path full = Files.createSymbolicLink(dir.resolve("full-device"), Path.of("/dev/full"));
    CaptureSettings settings = CaptureSettings.defaults().withOut(full);
    runStatements(h2("devfull", settings), "devfull", STATEMENTS);
    Capture.flush();
    CaptureWriter writer = Capture.writer(settings);
    String stderr = closeCapturingStderr(writer);

    long events = 1 + 2 + STATEMENTS + 1;
    assertThat(writer.droppedTotal()).isEqualTo(events);
    assertThat(stderr).contains(full.toString(), events + " events dropped");
  }

  @Test
  void aFullQueueDropsAndCountsEveryEventItCouldNotKeep() throws Exception {
    Path out = dir.resolve("tiny-queue.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out).withQueueSize(4);
    runStatements(h2("tinyqueue", settings), "tinyqueue", 20_000);
    Capture.flush();
    closeCapturingStderr(Capture.writer(settings));

    CaptureFile file = CaptureFile.read(out);
    long offered = 1 + 2 + 20_000 + 1;
    assertThat(file.droppedCount()).isPositive();
    assertThat(file.events().size() + file.droppedCount()).isEqualTo(offered);
  }

  @Test
  void aDeletedFileIsRecreatedAndTheVanishedEventsAreCounted() throws Exception {
    Path out = dir.resolve("deleted.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out);
    DataSource ds = h2("deleted", settings);
    runStatements(ds, "deleted", 100);
    Capture.flush();
    assertThat(CaptureFile.read(out).events()).hasSize(104);
    Files.delete(out);
    Thread.sleep(1_500); // the writer looks for its file once a second
    runStatements(ds, "deleted", 10);
    Capture.flush();
    closeCapturingStderr(Capture.writer(settings));

    CaptureFile file = CaptureFile.read(out);
    assertThat(file.lines().get(0)).containsEntry("type", "header");
    assertThat(file.events()).hasSize(14);
    assertThat(file.droppedCount()).isBetween(1L, 104L);
  }
}
