package dev.dbprof.internal.read.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Problem;
import dev.dbprof.testing.Samples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Hand-written MySQL 8 logs (no MySQL server runs in the tests; the layout follows the MySQL 8.0
 * manual's slow and general log sections) and broken MariaDB entries.
 */
class MySqlSampleLogTest {

  private static long micros(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  private static final String MYSQL8_SLOW = """
      /usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
      Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
      Time                 Id Command    Argument
      # Time: 2026-11-24T04:19:48.123456Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    12
      # Query_time: 0.001500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 100
      use shop;
      SET timestamp=1795494388;
      select * from pets where owner_id = 1;
      # Time: 2026-11-24T04:19:48.223456Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    12
      # Query_time: 0.000200  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0 Thread_id: 12 Errno: 1146 Killed: 0 Bytes_received: 30 Bytes_sent: 60
      SET timestamp=1795494388;
      select * from nope;
      # Time: 2026-11-24T04:19:48.300000Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    13
      # Query_time: 0.000005  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
      SET timestamp=1795494388;
      # administrator command: Quit;
      # Time: 2026-11-24T04:19:48.400000Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    14
      # Query_time: 0.000300  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
      SET timestamp=1795494388;
      insert into visits values (1, '# not a header'),
        (2, 'b');
      # Time: 2026-11-24T04:19:49.000000Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    12
      # Query_time: 0.000100  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
      SET timestamp=1795494389;
      COMMIT;
      # Time: 2026-11-24T04:19:49.500000Z
      # User@Host: app[app] @ localhost [127.0.0.1]  Id:    12
      # Query_time: 0.0001
      """;

  @Test
  void mysql8SlowLog() {
    Samples.Result r = Samples.read(new MySqlSlowLogReader(), MYSQL8_SLOW);
    assertThat(r.events()).extracting(Event::kind, Event::session, Event::sql, Event::elapsedNanos,
            Event::rows, Event::sqlState, Event::startMicros)
        .containsExactly(
            tuple(EventKind.STATEMENT, "12", "select * from pets where owner_id = 1", 1_500_000L, 1L, null,
                micros("2026-11-24T04:19:48.121956Z")),
            tuple(EventKind.STATEMENT, "12", "select * from nope", 200_000L, 0L, "HY000",
                micros("2026-11-24T04:19:48.223256Z")),
            tuple(EventKind.STATEMENT, "14", "insert into visits values (1, '# not a header'),\n  (2, 'b')",
                300_000L, 0L, null, micros("2026-11-24T04:19:48.399700Z")),
            tuple(EventKind.COMMIT, "12", null, 100_000L, Event.UNKNOWN, null,
                micros("2026-11-24T04:19:48.999900Z")));
    // the last entry was cut before its statement: its three lines are reported at its start
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(31L);
    assertThat(r.context().skippedLines()).isEqualTo(3);
  }

  private static final String MYSQL8_GENERAL = """
      garbage before the banner
      /usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
      Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
      Time                 Id Command    Argument
      2026-11-24T04:19:41.000001Z\t   12 Connect\tapp@localhost on shop using TCP/IP
      2026-11-24T04:19:41.000100Z\t   12 Query\tSET autocommit=1
      2026-11-24T04:19:41.000200Z\t   12 Init DB\tshop
      2026-11-24T04:19:41.000300Z\t   12 Prepare\tselect * from pets where owner_id = ?
      2026-11-24T04:19:41.000400Z\t   12 Execute\tselect * from pets where owner_id = 1
      2026-11-24T04:19:41.000500Z\t   12 Query\tselect *
      from owners
      where id in (1,
      2)
      2026-11-24T04:19:41.000600Z\t   13 Connect\tapp@localhost on shop using TCP/IP
      2026-11-24T04:19:41.000700Z\t   14 Connect\tAccess denied for user 'x'@'localhost' (using password: YES)
      2026-11-24T04:19:41.000800Z\t   12 Query\tSTART TRANSACTION
      2026-11-24T04:19:41.000900Z\t   12 Query\tROLLBACK
      2026-11-24T04:19:41.001000Z\t   13 Quit\t
      BINARY
      2026-11-24T04:19:41.001100Z\t   12 Que
      """;

  @Test
  void mysql8GeneralLog() {
    Samples.Result r = Samples.read(new MySqlGeneralLogReader(),
        Samples.withBinaryLine(MYSQL8_GENERAL, "BINARY\n"));
    assertThat(r.events()).extracting(Event::kind, Event::session, Event::sql, Event::line)
        .containsExactly(
            tuple(EventKind.CONNECT, "12", null, 5L),
            tuple(EventKind.STATEMENT, "12", "SET autocommit=1", 6L),
            tuple(EventKind.STATEMENT, "12", "select * from pets where owner_id = 1", 9L),
            tuple(EventKind.STATEMENT, "12", "select *\nfrom owners\nwhere id in (1,\n2)", 10L),
            tuple(EventKind.CONNECT, "13", null, 14L),
            tuple(EventKind.ROLLBACK, "12", null, 17L),
            tuple(EventKind.DISCONNECT, "13", null, 18L));
    assertThat(r.events().get(2).startMicros()).isEqualTo(micros("2026-11-24T04:19:41.000400Z"));
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(1L, 19L, 20L);
  }

  private static final String MARIADB_SLOW = """
      leftover from a rotated file
      # Time: 261124  4:19:48
      # User@Host: root[root] @ localhost []
      # Thread_id: 9  Schema: shop  QC_hit: No
      # Query_time: 0.000053  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
      # Rows_affected: 3  Bytes_sent: 162
      use shop;
      SET timestamp=1795494388;
      update pets set name = 'x' where owner_id = 1;
      # User@Host: root[root] @ localhost []
      # Thread_id: 9  Schema: shop  QC_hit: No
      # Query_time: 0.000040  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
      # User@Host: root[root] @ localhost []
      # Thread_id: 10  Schema: shop  QC_hit: No
      # Query_time: broken  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
      SET timestamp=1795494388;
      select 1;
      # Time: 261124  4:19:49
      # User@Host: root[root] @ localhost []
      # Thread_id: 9  Schema: shop  QC_hit: No
      # Query_time: 0.000010  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
      select 2;
      """;

  @Test
  void mariaDbSlowLogWithBrokenEntries() {
    Samples.Result r = Samples.read(new MySqlSlowLogReader(), MARIADB_SLOW);
    assertThat(r.events()).extracting(Event::session, Event::sql, Event::rows, Event::startMicros)
        .containsExactly(
            tuple("9", "update pets set name = 'x' where owner_id = 1", 3L, 1795494388_000000L),
            // no SET timestamp: the server's "# Time" (local time, read as UTC) stands in
            tuple("9", "select 2", 1L, micros("2026-11-24T04:19:49Z")));
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(1L, 10L, 13L);
  }

  @Test
  void mariaDbGeneralLogWithBlankTimeColumns() {
    String log = """
        261124  5:14:42\t     5 Connect\troot@localhost on shop using TCP/IP
        \t\t     5 Query\tselect 1
        \t\t     6 Connect\troot@localhost on shop using TCP/IP
        261124  5:14:43\t     5 Query\tinsert into t values ('a
        b')
        \t\t     5 Quit\t
        """;
    Samples.Result r = Samples.read(new MySqlGeneralLogReader(), log);
    assertThat(r.context().problems()).isEmpty();
    assertThat(r.events()).extracting(Event::kind, Event::session, Event::sql, Event::startMicros)
        .containsExactly(
            tuple(EventKind.CONNECT, "5", null, micros("2026-11-24T05:14:42Z")),
            tuple(EventKind.STATEMENT, "5", "select 1", micros("2026-11-24T05:14:42Z")),
            tuple(EventKind.CONNECT, "6", null, micros("2026-11-24T05:14:42Z")),
            tuple(EventKind.STATEMENT, "5", "insert into t values ('a\nb')", micros("2026-11-24T05:14:43Z")),
            tuple(EventKind.DISCONNECT, "5", null, micros("2026-11-24T05:14:43Z")));
  }
}
