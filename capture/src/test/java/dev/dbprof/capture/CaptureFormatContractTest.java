package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture format's contract, writer side: a real JDBC workload through {@code jdbc:dbprof:}
 * on H2, once per parameter mode, must write exactly {@link #GOLDEN} once times, connection ids,
 * the process, the salt of hashes and the versions are normalised. Core's readers read the same
 * file ({@code dev.dbprof.read.capture.CaptureFormatContractTest}), so a change of the writer that
 * the readers do not follow fails one of the two. Run with {@code -Ddbprof.updateGolden=true} to
 * rewrite the file, then review the diff (the call-site lines follow this file's line numbers).
 */
class CaptureFormatContractTest {

  /** Read by core's contract test too, by this path from its own module directory. */
  static final Path GOLDEN = Path.of("src/test/resources/dev/dbprof/capture/capture-contract.jsonl");

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
    System.clearProperty("dbprof.appPackages");
  }

  @Test
  void theWriterWritesExactlyTheGoldenLines() throws Exception {
    StringBuilder written = new StringBuilder();
    for (ParamMode mode : ParamMode.values()) {
      written.append(normalised(capture(mode)));
    }
    String actual = written.toString();
    if (Boolean.getBoolean("dbprof.updateGolden")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void theGoldenFileHasEveryEventTypeAndEveryField() throws Exception {
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    for (String type : CaptureFormat.TYPES) {
      assertThat(golden).as(type).contains("\"" + CaptureFormat.TYPE + "\":\"" + type + "\"");
    }
    for (var fields : java.util.List.of(CaptureFormat.HEADER_FIELDS, CaptureFormat.EVENT_FIELDS,
        CaptureFormat.SITE_FIELDS)) {
      for (String field : fields) {
        assertThat(golden).as(field).contains("\"" + field + "\":");
      }
    }
    for (ParamMode mode : ParamMode.values()) {
      assertThat(golden).contains("\"" + CaptureFormat.PARAM_MODE + "\":\""
          + mode.name().toLowerCase(Locale.ROOT) + "\"");
    }
  }

  @Test
  void normalisingKeepsWhichHashesAreEqual() {
    String twoEqualOneOther = "{\"type\":\"stmt\",\"params\":[\"h:aaaaaaaaaaaa\",\"h:bbbbbbbbbbbb\","
        + "\"h:aaaaaaaaaaaa\"]}\n";

    assertThat(normalised(twoEqualOneOther))
        .isEqualTo("{\"type\":\"stmt\",\"params\":[\"h:000000000001\",\"h:000000000002\","
            + "\"h:000000000001\"]}\n");
  }

  /** The workload's capture file in one parameter mode, through the {@code jdbc:dbprof:} URL. */
  private Path capture(ParamMode mode) throws Exception {
    String name = mode.name().toLowerCase(Locale.ROOT);
    Path out = dir.resolve(name + ".jsonl");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.params", name);
    System.setProperty("dbprof.appPackages", Shop.class.getName());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // A thread of its own: its name goes into every line, whatever runs the tests.
    Thread thread = new Thread(() -> {
      try {
        Shop.run("jdbc:dbprof:h2:mem:contract_" + name);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "contract-workload");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    Capture.flush();
    return out;
  }

  /** Stands for the application: its frames are the call sites (see dbprof.appPackages above). */
  static final class Shop {

    static void run(String url) throws SQLException, InterruptedException {
      try (Connection c = DriverManager.getConnection(url)) {
        try (Statement st = c.createStatement()) {
          st.execute("create table pet (id int primary key, name varchar(40), photo varbinary(8),"
              + " born date, weight decimal(5,2), alive boolean)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("insert into pet values (?, ?, ?, ?, ?, ?)")) {
          ps.setInt(1, 1);
          ps.setString(2, "O'Brien \"Rex\"\n\\ \u00e9\u4e2d\uD83D\uDE00\u0001");
          ps.setBytes(3, new byte[] {1, 2, (byte) 0xff});
          ps.setDate(4, Date.valueOf("2020-02-29"));
          ps.setBigDecimal(5, new BigDecimal("12.50"));
          ps.setBoolean(6, true);
          ps.executeUpdate();
          for (int id = 2; id <= 4; id++) {
            ps.setInt(1, id);
            ps.setString(2, "pet " + id);
            ps.setNull(3, Types.VARBINARY);
            ps.setNull(4, Types.DATE);
            ps.setNull(5, Types.DECIMAL);
            ps.setBoolean(6, false);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
        try (Statement st = c.createStatement()) {
          st.addBatch("update pet set alive = true where id = 2");
          st.addBatch("delete from pet where id = 4");
          st.executeBatch();
        }
        c.rollback();
        try (PreparedStatement ps = c.prepareStatement("select name from pet where id = ?")) {
          for (int id = 1; id <= 2; id++) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              assertThat(rs.next()).isTrue();
            }
          }
        }
        try (Statement st = c.createStatement()) {
          try {
            st.executeQuery("select * from no_such_table");
            throw new AssertionError("the table does not exist");
          } catch (SQLException expected) {
            // its SQLState goes into the line
          }
          assertThat(st.executeUpdate("update pet set name = 'Rex' where id = 1")).isEqualTo(1);
        }
        // One event the writer never got: its count must reach the file as a "dropped" line.
        Capture.flush();
        Capture.writer(CaptureSettings.fromEnvironment()).lost();
        Capture.flush();
        try (PreparedStatement ps = c.prepareStatement("insert into pet (id, name) values (?, ?)")) {
          ps.setInt(1, 1);
          ps.setString(2, "duplicate");
          ps.addBatch();
          assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
        }
        c.commit();
      }
    }
  }

  // ---- normalisation: what changes from run to run, and nothing else ----

  private static final Pattern TIME = Pattern.compile("\"(ts|start)\":-?\\d+");
  private static final Pattern ELAPSED = Pattern.compile("\"ns\":\\d+");
  private static final Pattern PID = Pattern.compile("\"pid\":\\d+");
  private static final Pattern VERSION = Pattern.compile("\"version\":\"[^\"]*\"");
  private static final Pattern DB = Pattern.compile("\"db\":\"([^ \"]+)[^\"]*\"");
  private static final Pattern CONN = Pattern.compile("\"conn\":(\\d+)");
  private static final Pattern HASH = Pattern.compile("\"h:[0-9a-f]{12}\"");

  private static String normalised(Path file) {
    try {
      return normalised(Files.readString(file, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Times become a count of lines, elapsed times 1000, connection ids and hashes their order of
   * appearance (equal values stay equal), the pid 1, versions and the database product's version
   * are dropped.
   */
  static String normalised(String text) {
    StringBuilder out = new StringBuilder();
    Map<String, Integer> conns = new HashMap<>();
    Map<String, Integer> hashes = new HashMap<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      int micros = 1_000_000 * lineNumber;
      line = replace(TIME, line, m -> "\"" + m.group(1) + "\":" + micros);
      line = ELAPSED.matcher(line).replaceAll("\"ns\":1000");
      line = PID.matcher(line).replaceAll("\"pid\":1");
      line = VERSION.matcher(line).replaceAll("\"version\":\"0.0.0\"");
      line = replace(DB, line, m -> "\"db\":\"" + m.group(1) + "\"");
      line = replace(CONN, line, m -> "\"conn\":" + conns.computeIfAbsent(m.group(1), k -> conns.size() + 1));
      line = replace(HASH, line, m -> String.format(Locale.ROOT, "\"h:%012d\"",
          hashes.computeIfAbsent(m.group(), k -> hashes.size() + 1)));
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String replace(Pattern pattern, String line, Function<MatchResult, String> with) {
    return pattern.matcher(line).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
  }
}
