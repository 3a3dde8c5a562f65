package dev.dbprof.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StatementGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1; DROP TABLE users",
      "select * from users where id = 1; delete from users",
      "SELECT '1'; DROP TABLE users --'",
      "SELECT 1 /*! ; DROP TABLE users */",
      "/*!50000 DROP TABLE users */ SELECT 1",
      "/*M!100000 DROP TABLE users */ SELECT 1",
      "DROP TABLE users",
      "-- harmless\nTRUNCATE users",
      "/* select */ CREATE INDEX i ON users (id)",
      "ALTER TABLE users ADD COLUMN x int",
      "GRANT ALL ON users TO public",
      "COPY users TO '/tmp/x'",
      "CALL wipe()",
      "SET ROLE admin",
      "",
      "   ;  "})
  void refusesAnythingButOneExplainableStatement(String sql) {
    assertThatThrownBy(() -> StatementGuard.check(sql)).isInstanceOf(StatementGuard.Refused.class);
  }

  @Test
  void acceptsOneReadWithATrailingSemicolonAndLeadingComments() throws Exception {
    StatementGuard.Checked c = StatementGuard.check("/* app: list */ -- x\n SELECT * FROM t WHERE a = ? ;  ");
    assertThat(c.sql()).isEqualTo("/* app: list */ -- x\n SELECT * FROM t WHERE a = ?");
    assertThat(c.leadingKeyword()).isEqualTo("select");
    assertThat(c.write()).isFalse();
  }

  @Test
  void writesAreMarkedSoTheyAreNeverAnalyzed() throws Exception {
    assertThat(StatementGuard.check("DELETE FROM t WHERE a = 1").write()).isTrue();
    assertThat(StatementGuard.check("update t set a = 1").write()).isTrue();
    assertThat(StatementGuard.check("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d").write()).isTrue();
    assertThat(StatementGuard.check("SELECT * FROM t FOR UPDATE").write()).isTrue();
    assertThat(StatementGuard.check("SELECT * INTO t2 FROM t").write()).isTrue();
    assertThat(StatementGuard.check("SELECT last_update, updated_at FROM t").write()).isFalse();
  }
}
