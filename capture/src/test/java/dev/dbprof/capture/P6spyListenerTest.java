package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.p6spy.engine.event.JdbcEventListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P6spyListenerTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("p6spy.config.logfile");
    System.clearProperty("p6spy.config.jmx");
  }

  @Test
  void p6spyFindsTheListenerThroughServiceLoader() {
    assertThat(ServiceLoader.load(JdbcEventListener.class).stream().map(ServiceLoader.Provider::type))
        .contains(DbprofListener.class);
  }

  @Test
  void recordsBesideP6spysOwnLogOnJdbcP6spyUrls() throws Exception {
    Path out = dir.resolve("p6spy-capture.jsonl");
    Path spyLog = dir.resolve("spy.log");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("p6spy.config.logfile", spyLog.toString());
    System.setProperty("p6spy.config.jmx", "false");

    try (Connection c = DriverManager.getConnection("jdbc:p6spy:h2:mem:p6spy_pickup;USER=sa;PASSWORD=hunter2pw")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("create table pet (id int primary key, name varchar(20))");
      }
      try (PreparedStatement ps = c.prepareStatement("insert into pet values (?, ?)")) {
        for (int i = 0; i < 3; i++) {
          ps.setInt(1, i);
          ps.setString(2, "pet" + i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      }
      c.commit();
    }
    Capture.flush();

    CaptureFile file = CaptureFile.read(out);
    assertThat(file.lines().get(0)).containsEntry("url", "jdbc:h2:mem:p6spy_pickup");
    assertThat(file.events()).extracting(e -> e.get("type"))
        .containsExactly("open", "stmt", "batch", "commit", "close");
    assertThat(file.ofType("batch").get(0)).containsEntry("size", 3L).containsEntry("rows", 3L);
    assertThat(file.text()).doesNotContain("hunter2pw");
    // p6spy kept logging on its own: dbprof is added beside it, not instead of it.
    assertThat(Files.readAllLines(spyLog)).anySatisfy(l -> assertThat(l).contains("create table pet"));
  }

  @Test
  void theDbprofUrlNeedsNoSpyPropertiesAndWritesNoSpyLog() throws Exception {
    Path out = dir.resolve("no-spy.jsonl");
    CaptureSettings settings = CaptureSettings.defaults().withOut(out);
    List<Path> before = List.of(Path.of("spy.log"), Path.of("spy.properties"));
    before.forEach(p -> assertThat(p).doesNotExist());
    System.setProperty("dbprof.out", settings.out().toString());
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:h2:mem:nospy");
        Statement st = c.createStatement()) {
      st.execute("select 1");
    }
    Capture.flush();
    assertThat(CaptureFile.read(out).ofType("stmt")).hasSize(1);
    before.forEach(p -> assertThat(p).doesNotExist());
  }
}
