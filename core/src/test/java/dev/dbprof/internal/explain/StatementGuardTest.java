package dev.dbprof.internal.explain;

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
      "select_all FROM users",
      "",
      "   ;  "})
  void refusesAnythingButOneExplainableStatement(String sql) {
    for (Dialect dialect : Dialect.values()) {
      assertThatThrownBy(() -> StatementGuard.check(sql, dialect)).isInstanceOf(StatementGuard.Refused.class);
    }
  }

  @Test
  void theLeadingKeywordIsTheOneTheServerReads() throws Exception {
    // '#' starts a comment on MySQL/MariaDB only; PostgreSQL reads it as an operator
    assertThat(StatementGuard.check("# report\nSELECT * FROM t", Dialect.MARIADB).leadingKeyword()).isEqualTo("select");
    assertThatThrownBy(() -> StatementGuard.check("# report\nSELECT * FROM t", Dialect.POSTGRESQL))
        .isInstanceOf(StatementGuard.Refused.class);
    // MySQL ends a block comment at its first */, PostgreSQL nests them
    StatementGuard.Checked mysql = StatementGuard.check("/* a /* b */ DELETE FROM t WHERE a = 1", Dialect.MARIADB);
    assertThat(mysql.leadingKeyword()).isEqualTo("delete");
    assertThat(mysql.write()).isTrue();
    assertThat(StatementGuard.check("/* a /* b */ DELETE FROM t */ SELECT 1", Dialect.POSTGRESQL).leadingKeyword())
        .isEqualTo("select");
  }

  @Test
  void acceptsOneReadWithATrailingSemicolonAndLeadingComments() throws Exception {
    StatementGuard.Checked c = StatementGuard.check("/* app: list */ -- x\n SELECT * FROM t WHERE a = ? ;  ",
        Dialect.POSTGRESQL);
    assertThat(c.sql()).isEqualTo("/* app: list */ -- x\n SELECT * FROM t WHERE a = ?");
    assertThat(c.leadingKeyword()).isEqualTo("select");
    assertThat(c.write()).isFalse();
  }

  @Test
  void writesAreMarkedSoTheyAreNeverAnalyzed() throws Exception {
    assertThat(StatementGuard.check("DELETE FROM t WHERE a = 1", Dialect.POSTGRESQL).write()).isTrue();
    assertThat(StatementGuard.check("update t set a = 1", Dialect.POSTGRESQL).write()).isTrue();
    assertThat(StatementGuard.check("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", Dialect.POSTGRESQL).write()).isTrue();
    assertThat(StatementGuard.check("SELECT * FROM t FOR UPDATE", Dialect.POSTGRESQL).write()).isTrue();
    assertThat(StatementGuard.check("SELECT * INTO t2 FROM t", Dialect.POSTGRESQL).write()).isTrue();
    assertThat(StatementGuard.check("SELECT last_update, updated_at FROM t", Dialect.POSTGRESQL).write()).isFalse();
  }
}
