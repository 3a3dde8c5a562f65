package dev.dbprof.capture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureFile;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.DbprofDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hash mode against a dictionary attack: small-domain values (ids, PINs) are what an attacker
 * would try first. Without the per-capture salt, hashing every candidate finds nothing; equal
 * values still hash equally within a capture and differently in the next one.
 */
class HashedValuesTest {

  private static final int VALUES = 1_000;

  @TempDir
  Path dir;

  /** Binds 0..999 twice (as int and as text) through a hash-mode capture; returns the stmt lines. */
  private List<Map<String, Object>> capture(String name) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name);
    Path out = dir.resolve(name + ".jsonl");
    var ds = DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out)
        .withParams(CaptureSettings.ParamMode.HASH));
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("select cast(? as int), cast(? as varchar)")) {
      for (int round = 0; round < 2; round++) {
        for (int v = 0; v < VALUES; v++) {
          ps.setInt(1, v);
          ps.setString(2, Integer.toString(v));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(v);
          }
        }
      }
    }
    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.text()).doesNotContain("\"999\"", "\"42\"");
    return file.ofType("stmt");
  }

  private static String param(Map<String, Object> stmt, int index) {
    return (String) ((List<?>) stmt.get("params")).get(index);
  }

  @Test
  void smallValuesCannotBeFoundByHashingEveryCandidateYetEqualValuesStayEqual() throws Exception {
    List<Map<String, Object>> stmts = capture("dictionary");
    assertThat(stmts).hasSize(2 * VALUES);

    Set<String> unsalted = new HashSet<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int v = 0; v < VALUES; v++) {
      byte[] digest = sha.digest(Integer.toString(v).getBytes(StandardCharsets.UTF_8));
      unsalted.add("h:" + HexFormat.of().formatHex(digest).substring(0, 12));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < VALUES; i++) {
      Map<String, Object> first = stmts.get(i);
      Map<String, Object> again = stmts.get(VALUES + i);
      assertThat(param(first, 0)).matches("h:[0-9a-f]{12}").isNotIn(unsalted);
      // equal values, equal hashes: enough for duplicate-query detection
      assertThat(param(again, 0)).isEqualTo(param(first, 0));
      assertThat(param(again, 1)).isEqualTo(param(first, 1));
      seen.add(param(first, 0));
    }
    assertThat(seen).as("distinct values stay distinct").hasSize(VALUES);
  }

  @Test
  void theSameValuesHashDifferentlyInAnotherCapture() throws Exception {
    Set<String> first = new HashSet<>();
    capture("first").forEach(s -> first.add(param(s, 0)));
    Set<String> second = new HashSet<>();
    capture("second").forEach(s -> second.add(param(s, 0)));

    assertThat(first).hasSize(VALUES);
    assertThat(second).hasSize(VALUES).doesNotContainAnyElementsOf(first);
  }
}
