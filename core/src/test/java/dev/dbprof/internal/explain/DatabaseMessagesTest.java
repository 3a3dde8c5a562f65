package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import static dev.dbprof.internal.explain.TestDatabases.connectMariaDb;
import static dev.dbprof.internal.explain.TestDatabases.connectPostgres;
import static dev.dbprof.internal.explain.TestDatabases.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Database error messages reach report notes without the values they quote: real servers are
 * made to fail on statements carrying secrets, and the notes are read.
 */
class DatabaseMessagesTest {

  private static Candidate candidate(String id, String sql) {
    return new Candidate(id, sql, sql, false, null, 100, 10);
  }

  private static List<AdvisorNote> notesOf(IndexAdvisor advisor, String sql) {
    assertThat(advisor.advise(List.of(candidate("0xS", sql)))).isEmpty();
    return advisor.notes();
  }

  @Test
  void aPostgresqlErrorQuotingALiteralOfTheLogKeepsItsWordsAndSqlStateButNotTheValue() throws SQLException {
    String url = TestDatabases.newPostgresSchema("msg_value");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE TABLE accounts (id int PRIMARY KEY, email text)");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "", AdvisorOptions.defaults().withAllowSuperuser(true))) {
      List<AdvisorNote> notes = notesOf(advisor, "SELECT * FROM accounts WHERE id = 'S3cret\"Value\"x'");

      assertThat(notes).singleElement().satisfies(n -> assertThat(n.message())
          .contains("could not explain", "invalid input syntax for type integer", "SQLState 22P02")
          .doesNotContain("S3cret", "Value"));
    }
  }

  @Test
  void aPostgresqlRaiseDuringPlanningShowsNoneOfItsText() throws SQLException {
    String url = TestDatabases.newPostgresSchema("msg_raise");
    try (Connection c = connectPostgres(url)) {
      run(c, "CREATE TABLE accounts (id int PRIMARY KEY)",
          // falsely IMMUTABLE: the planner folds it with its constant argument, and it raises what it likes
          "CREATE FUNCTION leak(n int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN"
              + " RAISE EXCEPTION USING ERRCODE = '22012', MESSAGE = 'division by S3cretRaise'; END $$");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "postgres", "", AdvisorOptions.defaults().withAllowSuperuser(true))) {
      List<AdvisorNote> notes = notesOf(advisor, "SELECT * FROM accounts WHERE id = leak(1)");

      assertThat(notes).singleElement().satisfies(n -> assertThat(n.message()).doesNotContain("S3cretRaise"));
    }
  }

  @Test
  void aMariaDbSignalInADerivedTableShowsNoneOfItsText() throws SQLException {
    String url = TestDatabases.newMariaDbDatabase("msg_signal");
    try (Connection c = connectMariaDb(url)) {
      run(c, "CREATE TABLE accounts (id int PRIMARY KEY)",
          "CREATE FUNCTION leak() RETURNS int DETERMINISTIC BEGIN"
              + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'root:S3cretSignal:0:0'; RETURN 1; END");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", AdvisorOptions.defaults().withAllowSuperuser(true))) {
      List<AdvisorNote> notes = notesOf(advisor, "SELECT * FROM (SELECT leak() AS x) d");

      assertThat(notes).allSatisfy(n -> assertThat(n.message()).doesNotContain("S3cretSignal"));
    }
  }

  @Test
  void aMariaDbErrorQuotingAValueKeepsItsWordsButNotTheValue() throws SQLException {
    String url = TestDatabases.newMariaDbDatabase("msg_value");
    try (Connection c = connectMariaDb(url)) {
      run(c, "CREATE TABLE accounts (id int PRIMARY KEY)");
    }
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", AdvisorOptions.defaults().withAllowSuperuser(true))) {
      List<AdvisorNote> notes = notesOf(advisor, "SELECT * FROM accounts WHERE id = 1 COLLATE 'S3cretCollation'");

      assertThat(notes).singleElement().satisfies(n -> assertThat(n.message())
          .contains("could not explain", "SQLState").doesNotContain("S3cretCollation"));
    }
  }

  @Test
  void laterLinesAndEveryQuotedValueGoWhateverTheQuotesInside() {
    assertThat(DatabaseMessages.scrubbed("ERROR: duplicate key value violates unique constraint \"accounts_email\"\n"
        + "  Detail: Key (email)=(a@b.c) already exists."))
        .isEqualTo("ERROR: duplicate key value violates unique constraint \"…\"");
    assertThat(DatabaseMessages.scrubbed("ERROR: invalid input syntax for type integer: \"a\"S3cret\"b\""))
        .isEqualTo("ERROR: invalid input syntax for type integer: \"…\"");
    assertThat(DatabaseMessages.scrubbed("Duplicate entry 'a@b.c' for key 'email'"))
        .isEqualTo("Duplicate entry '…'");
    assertThat(DatabaseMessages.scrubbed("ERROR: invalid input syntax for type json: \"{S3cret\nrest\""))
        .isEqualTo("ERROR: invalid input syntax for type json: \"…");
    assertThat(DatabaseMessages.scrubbed("Key (email)=(a)S3cret) already exists")).doesNotContain("S3cret");
  }
}
