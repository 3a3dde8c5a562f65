package dev.dbprof.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The application {@link CaptureCrashTest} kills: it records through {@code jdbc:dbprof:} into a
 * path whose directory is at first a plain file (so its first statements are dropped and counted),
 * then frees the path and runs JDBC batches until it is stopped. It checks every result itself and
 * says {@code WRONG} when the application would have seen something other than the driver's answer.
 */
public final class CrashingApp {

  static final int DROPPED_FIRST = 50;
  static final int BATCH = 2_000;

  private CrashingApp() {
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path out = Path.of(args[1]);
    Path blocker = out.getParent();
    Files.writeString(blocker, "a file where the capture wants its directory");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.params", "hash");
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + url.substring("jdbc:".length()) + "?user=postgres")) {
      try (Statement st = c.createStatement()) {
        st.execute("create table item (id bigint primary key, v text)");
        for (int i = 0; i < DROPPED_FIRST; i++) {
          check(st.executeQuery("select " + i), i);
        }
      }
      // everything so far is tried now, and dropped: the directory is a file
      dev.dbprof.capture.Capture.flush();
      Files.delete(blocker);
      try (PreparedStatement one = c.prepareStatement("select ?::int")) {
        // the writer retries once a second; then the drops are counted in the file
        for (int i = 0; !Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).contains("\"dropped\""); i++) {
          one.setInt(1, i);
          check(one.executeQuery(), i);
          Thread.sleep(20);
        }
      }
      System.out.println("READY");
      try (PreparedStatement insert = c.prepareStatement("insert into item (id, v) values (?, ?)")) {
        for (long batch = 0; ; batch++) {
          for (int i = 0; i < BATCH; i++) {
            insert.setLong(1, batch * BATCH + i);
            insert.setString(2, "value " + i);
            insert.addBatch();
          }
          int[] counts = insert.executeBatch();
          if (counts.length != BATCH || Arrays.stream(counts).anyMatch(n -> n != 1)) {
            System.out.println("WRONG batch counts " + Arrays.toString(counts));
          }
          System.out.println("batch " + batch);
        }
      }
    }
  }

  private static void check(ResultSet rs, int expected) throws Exception {
    try (rs) {
      if (!rs.next() || rs.getInt(1) != expected) {
        System.out.println("WRONG result, expected " + expected);
      }
    }
  }
}
