package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Problem;
import dev.dbprof.testing.Samples;
import org.junit.jupiter.api.Test;

/** Hand-written csvlog and jsonlog samples: older column counts, broken records, binary bytes. */
class PgCsvAndJsonSampleTest {

  private static final String CSV = """
      2026-11-24 05:14:07.524 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,96,"SELECT",2026-11-24 05:14:07 UTC,2/14,0,LOG,00000,"duration: 0.006 ms  execute S_3: select id, name from pets where owner_id = $1","Parameters: $1 = '5'",,,,,,,,"PostgreSQL JDBC Driver","client backend",,0
      2026-11-24 05:14:07.525 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,97,"SELECT",2026-11-24 05:14:07 UTC,2/15,0,LOG,00000,"duration: 0.250 ms  statement: select ""name"",
        'a,b'
      from owners",,,,,,,,,"psql"
      2026-11-24 05:14:07.526 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,98,"SELECT",2026-11-24 05:14:07 UTC,2/16,0,LOG,00000,"duration: 0.100 ms  statement: select 'cut here
      2026-11-24 05:14:07.527 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,99,"SELECT",2026-11-24 05:14:07 UTC,2/17,0,LOG,00000,"duration: 0.300 ms  statement: select 2",,,,,,,,,"psql","client backend",,0
      2026-11-24 05:14:07.528 UTC,"app","shop",6807,too,few,columns
      BINARY
      2026-11-24 05:14:07.529 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,100,"SELECT",2026-11-24 05:14:07 UTC,2/18,0,ERROR,42703,"column ""nope"" does not exist",,,,,,"select nope",8,,"psql","client backend",,0
      2026-11-24 05:14:07.530 UTC,"app","shop",6807,"127.0.0.1:41616",6b051d1f.1a97,101,"SELECT",2026-11-24 05:14:07 UTC,2/19,0,LOG,00000,"duration: 0.100 ms  statement: select 'never closed
      """;

  @Test
  void csvlogRecordsOfEveryVersionAndBrokenOnesSkippedByLine() {
    Samples.Result r = Samples.read(new PgCsvLogReader(), Samples.withBinaryLine(CSV, "BINARY\n"));
    assertThat(r.events()).extracting(Event::kind, Event::sql, Event::params, Event::sqlState, Event::line)
        .containsExactly(
            tuple(EventKind.STATEMENT, "select id, name from pets where owner_id = $1", "[\"5\"]", null, 1L),
            // 23 columns (PostgreSQL 12), quotes, commas and line breaks inside the message
            tuple(EventKind.STATEMENT, "select \"name\",\n  'a,b'\nfrom owners", null, null, 2L),
            tuple(EventKind.STATEMENT, "select 2", null, null, 6L),
            tuple(EventKind.STATEMENT, "select nope", null, "42703", 9L));
    // line 5 was cut inside a quote: only it is lost, the record after it is read again
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(5L, 7L, 8L, 10L);
  }

  private static final String JSON = """
      {"timestamp":"2026-11-24 05:14:07.524 UTC","user":"app","dbname":"shop","pid":6807,"session_id":"6b051d1f.1a97","line_num":96,"error_severity":"LOG","message":"duration: 0.006 ms  execute S_3: select id from pets where owner_id = $1","detail":"Parameters: $1 = '5'","backend_type":"client backend","query_id":0}
      {"timestamp":"2026-11-24 05:14:07.525 UTC","pid":6807,"session_id":"6b051d1f.1a97","error_severity":"LOG","message":"duration: 0.0
      BINARY
      {"timestamp":"2026-11-24 05:14:07.526 UTC","pid":6807,"session_id":"6b051d1f.1a97","error_severity":"LOG"}
      [1,2,3]
      {"timestamp":"2026-11-24 05:14:07.527 UTC","pid":6808,"error_severity":"ERROR","state_code":"22012","message":"division by zero","statement":"select 1/0","extra":{"nested":[1]}}
      {"timestamp":"2026-11-24 05:14:07.528 UTC","pid":6807,"session_id":"6b051d1f.1a97","error_severity":"LOG","message":"duration: 1.500 ms  statement: COMMIT"} trailing
      """;

  @Test
  void jsonlogLinesBrokenOrIncompleteAreSkippedByLine() {
    Samples.Result r = Samples.read(new PgJsonLogReader(), Samples.withBinaryLine(JSON, "BINARY\n"));
    assertThat(r.events()).extracting(Event::kind, Event::session, Event::sql, Event::params, Event::sqlState)
        .containsExactly(
            tuple(EventKind.STATEMENT, "6b051d1f.1a97", "select id from pets where owner_id = $1", "[\"5\"]", null),
            // no session_id: the process id stands in
            tuple(EventKind.STATEMENT, "6808", "select 1/0", null, "22012"));
    assertThat(r.context().problems()).extracting(Problem::line).containsExactly(2L, 3L, 4L, 5L, 7L);
  }
}
