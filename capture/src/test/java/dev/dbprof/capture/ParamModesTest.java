package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamModesTest {

  @TempDir
  Path dir;

  private List<Map<String, Object>> run(String name, ParamMode mode, Path out) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name);
    DataSource ds = DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out).withParams(mode));
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("select cast(? as varchar), cast(? as varchar), cast(? as varbinary)")) {
      for (String value : List.of("O'Brien \"quoted\"\n", "O'Brien \"quoted\"\n", "Smith")) {
        ps.setString(1, value);
        ps.setNull(2, Types.VARCHAR);
        ps.setBytes(3, new byte[] {1, 2, (byte) 0xff});
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(value);
        }
      }
    }
    Capture.flush();
    return CaptureFile.read(out).ofType("stmt");
  }

  @Test
  void rawKeepsValuesAsText() throws Exception {
    List<Map<String, Object>> stmts = run("raw", ParamMode.RAW, dir.resolve("raw.jsonl"));
    assertThat(stmts.get(0).get("params")).isEqualTo(Arrays.asList("O'Brien \"quoted\"\n", null, "0x0102ff"));
    assertThat(stmts.get(2).get("params")).isEqualTo(Arrays.asList("Smith", null, "0x0102ff"));
  }

  @Test
  void hashKeepsEqualityButNotTheValues() throws Exception {
    Path out = dir.resolve("hash.jsonl");
    List<Map<String, Object>> stmts = run("hash", ParamMode.HASH, out);
    List<?> first = (List<?>) stmts.get(0).get("params");
    List<?> second = (List<?>) stmts.get(1).get("params");
    List<?> third = (List<?>) stmts.get(2).get("params");
    assertThat((String) first.get(0)).matches("h:[0-9a-f]{12}");
    assertThat(first).isEqualTo(second);
    assertThat(third.get(0)).isNotEqualTo(first.get(0));
    assertThat(first.get(1)).isNull();
    assertThat(third.get(2)).isEqualTo(first.get(2));
    assertThat(CaptureFile.read(out).text()).doesNotContain("Brien", "Smith", "0102ff");

    // A new file has a new salt: the same value hashes differently there.
    List<Map<String, Object>> other = run("hash2", ParamMode.HASH, dir.resolve("hash2.jsonl"));
    assertThat(((List<?>) other.get(0).get("params")).get(0)).isNotEqualTo(first.get(0));
  }

  @Test
  void noneWritesNoValues() throws Exception {
    Path out = dir.resolve("none.jsonl");
    List<Map<String, Object>> stmts = run("none", ParamMode.NONE, out);
    assertThat(stmts).hasSize(3).allSatisfy(s -> assertThat(s).doesNotContainKey("params"));
    assertThat(CaptureFile.read(out).lines().get(0)).containsEntry("params", "none");
  }
}
