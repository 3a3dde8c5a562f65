package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbprof.capture.Capture;
import dev.dbprof.testing.EmbeddedMariaDbServer;
import dev.dbprof.testing.EmbeddedPostgresServer;
import dev.dbprof.testing.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One workload with a known N+1 loop, an unbatched insert loop and clean counterparts, run once
 * through the capture while the real server logs every statement: the capture file and every
 * server-log format the server wrote must give the same findings.
 */
class SameFindingsTest {

  /** What the workload does wrong, as "rule fingerprint". */
  private static final Set<String> EXPECTED = Set.of(
      "n-plus-one select id, name from pets where owner_id = ?",
      "unbatched-writes insert into visits(pet_id, note) values (?, ?)");

  @TempDir
  Path dir;

  @Test
  void postgresCaptureAndStderrCsvAndJsonLogsAgree() throws Exception {
    String url = EmbeddedPostgresServer.newDatabase("same_findings");
    long[] offsets = {size(EmbeddedPostgresServer.stderrLog()), size(EmbeddedPostgresServer.csvLog()),
        size(EmbeddedPostgresServer.jsonLog())};
    Path capture = dir.resolve("pg.jsonl");
    runWorkload(url, "postgres", capture, "serial");
    LogFiles.awaitLines(EmbeddedPostgresServer.jsonLog(), Duration.ofSeconds(20), l -> l.contains("wrap up"));
    assertThat(findings(capture.toString())).isEqualTo(EXPECTED);
    assertThat(findings(tail(EmbeddedPostgresServer.stderrLog(), offsets[0], "pg.log").toString(),
        "--pg-prefix", EmbeddedPostgresServer.LOG_LINE_PREFIX)).isEqualTo(EXPECTED);
    assertThat(findings(tail(EmbeddedPostgresServer.csvLog(), offsets[1], "pg.csv").toString())).isEqualTo(EXPECTED);
    assertThat(findings(tail(EmbeddedPostgresServer.jsonLog(), offsets[2], "pg.json").toString())).isEqualTo(EXPECTED);
  }

  @Test
  void mariaDbCaptureAndGeneralAndSlowLogsAgree() throws Exception {
    String url = EmbeddedMariaDbServer.newDatabase("same_findings");
    long[] offsets = {size(EmbeddedMariaDbServer.generalLog()), size(EmbeddedMariaDbServer.slowLog())};
    EmbeddedMariaDbServer.setLogging(true);
    Path capture = dir.resolve("mariadb.jsonl");
    try {
      runWorkload(url, "root", capture, "int auto_increment");
    } finally {
      EmbeddedMariaDbServer.setLogging(false);
    }
    LogFiles.awaitLines(EmbeddedMariaDbServer.slowLog(), Duration.ofSeconds(20), l -> l.contains("wrap up"));
    assertThat(findings(capture.toString())).isEqualTo(EXPECTED);
    assertThat(findings(tail(EmbeddedMariaDbServer.generalLog(), offsets[0], "general.log").toString()))
        .isEqualTo(EXPECTED);
    assertThat(findings(tail(EmbeddedMariaDbServer.slowLog(), offsets[1], "slow.log").toString()))
        .isEqualTo(EXPECTED);
  }

  /** Schema over the plain URL; the work itself through the capture URL, in transactions. */
  private static void runWorkload(String url, String user, Path capture, String idType) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute("create table owners (id " + idType + " primary key, name varchar(40))");
      s.execute("create table pets (id " + idType + " primary key, owner_id int, name varchar(40))");
      s.execute("create table visits (id " + idType + " primary key, pet_id int, note varchar(80))");
      // multi-row inserts: the server log sees the setup too, and it must not look like a loop
      s.execute("insert into owners (name) values " + rows(i -> "('owner " + i + "')"));
      s.execute("insert into pets (owner_id, name) values " + rows(i -> "(" + i + ", 'pet " + i + "')"));
    }
    System.setProperty("dbprof.out", capture.toString());
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + url.substring("jdbc:".length()), user, "")) {
      c.setAutoCommit(false);
      List<Integer> owners = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name from owners order by id")) {
        while (rs.next()) {
          owners.add(rs.getInt(1));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select id, name from pets where owner_id = ?")) {
        for (int owner : owners) {
          ps.setInt(1, owner);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
          }
        }
      }
      c.commit();
      try (PreparedStatement ps = c.prepareStatement("insert into visits (pet_id, note) values (?, ?)")) {
        for (int i = 1; i <= 10; i++) {
          ps.setInt(1, i);
          ps.setString(2, "checkup " + i);
          ps.executeUpdate();
        }
      }
      c.commit();
      // the clean counterparts: one join instead of the loop, one multi-row insert instead of ten
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select o.id, p.name from owners o join pets p on p.owner_id = o.id")) {
        while (rs.next()) {
          rs.getString(2);
        }
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("insert into visits (pet_id, note) values " + rows(i -> "(" + i + ", 'vaccine " + i + "')"));
        s.executeQuery("select 'wrap up'").close();
      }
      c.commit();
    } finally {
      System.clearProperty("dbprof.out");
    }
    Capture.flush();
  }

  private static String rows(java.util.function.IntFunction<String> row) {
    return String.join(", ", java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(row).toList());
  }

  private static long size(Path log) throws Exception {
    return Files.exists(log) ? Files.size(log) : 0;
  }

  /** What the server wrote since {@code offset}: other tests share the server. */
  private Path tail(Path log, long offset, String name) throws Exception {
    byte[] all = Files.readAllBytes(log);
    Path copy = dir.resolve(name);
    Files.write(copy, java.util.Arrays.copyOfRange(all, (int) offset, all.length));
    return copy;
  }

  private static Set<String> findings(String file, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("analyze", "--format", "json", "--fail-on", "never"));
    args.addAll(List.of(options));
    args.add(file);
    Cli cli = Cli.run(args.toArray(String[]::new));
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(cli.out());
    assertThat(report.at("/summary/inputs/0/skippedLines").asLong()).as(file + " skipped lines").isZero();
    Set<String> found = new TreeSet<>();
    for (JsonNode f : report.get("findings")) {
      found.add(f.get("rule").asText() + " " + f.get("fingerprint").asText());
    }
    return found;
  }
}
