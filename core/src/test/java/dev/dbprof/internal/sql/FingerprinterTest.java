package dev.dbprof.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.StatementKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FingerprinterTest {

  private final Fingerprinter fingerprinter = new Fingerprinter();

  /** One row of fingerprints.tsv. */
  record Row(int line, String input, String expected, String why, SqlDialect dialect) {
    @Override
    public String toString() {
      return "line " + line + ": " + why;
    }
  }

  static Stream<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = FingerprinterTest.class.getResourceAsStream("fingerprints.tsv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (cells.length != 3 && cells.length != 4) {
          throw new IllegalStateException("fingerprints.tsv line " + number + " has " + cells.length + " cells");
        }
        SqlDialect dialect = cells.length == 4 ? SqlDialect.valueOf(cells[3].toUpperCase(java.util.Locale.ROOT))
            : SqlDialect.UNKNOWN;
        rows.add(new Row(number, unescape(cells[0]), unescape(cells[1]), cells[2], dialect));
      }
    }
    return rows.stream();
  }

  private static String unescape(String cell) {
    StringBuilder text = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c != '\\' || i + 1 == cell.length()) {
        text.append(c);
        continue;
      }
      char next = cell.charAt(++i);
      switch (next) {
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case '\\' -> text.append('\\');
        default -> text.append('\\').append(next);
      }
    }
    return text.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void fingerprintMatchesTable(Row row) {
    assertThat(fingerprinter.normalize(row.input(), row.dialect()).fingerprint()).isEqualTo(row.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void fingerprintOfFingerprintIsStable(Row row) {
    NormalizedSql again = fingerprinter.normalize(row.expected(), row.dialect());
    assertThat(again.fingerprint()).isEqualTo(row.expected());
    assertThat(again.literals()).as("placeholders are not literals").isZero();
    assertThat(again.literalsHash()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      select 1                                                    | SELECT
      (select a from t) union (select b from u)                   | SELECT
      /* c */ -- d\\n  SELECT 1                                   | SELECT
      values (1), (2)                                             | SELECT
      with x as (select 1) select * from x                        | SELECT
      with recursive x(n) as (select 1 union all select n + 1 from x) select n from x | SELECT
      with x as (select id from t) insert into u select id from x | INSERT
      with x as (select id from t) update u set a = 1 where id in (select id from x) | UPDATE
      with x as (delete from t returning *) select * from x       | SELECT
      with x as (select 1) delete from u                          | DELETE
      insert into t values (1)                                    | INSERT
      insert into t values (1) on conflict do nothing             | INSERT
      replace into t values (1)                                   | INSERT
      update t set a = 1                                          | UPDATE
      delete from t                                               | DELETE
      merge into t using s on t.id = s.id when matched then delete | MERGE
      call proc(1)                                                | CALL
      create index i on t(a)                                      | DDL
      alter table t add column b int                              | DDL
      drop table t                                                | DDL
      truncate t                                                  | DDL
      begin                                                       | TRANSACTION
      start transaction                                           | TRANSACTION
      commit                                                      | TRANSACTION
      rollback to savepoint s1                                    | TRANSACTION
      savepoint s1                                                | TRANSACTION
      release savepoint s1                                        | TRANSACTION
      set transaction isolation level serializable                | TRANSACTION
      set session transaction read only                           | TRANSACTION
      set names utf8mb4                                           | OTHER
      show tables                                                 | OTHER
      explain select 1                                            | OTHER
      ''                                                          | OTHER
      """)
  void kindFromLeadingKeyword(String sql, StatementKind kind) {
    assertThat(fingerprinter.normalize(sql.replace("\\n", "\n")).kind()).isEqualTo(kind);
  }

  @Test
  void countsLiteralsListsAndRows() {
    NormalizedSql in = fingerprinter.normalize("select * from t where a in (1, 2, 3) and b in (?, ?) and c = 'x'");
    assertThat(in.literals()).isEqualTo(4);
    assertThat(in.longestInList()).isEqualTo(3);
    assertThat(in.valuesRows()).isZero();

    NormalizedSql values = fingerprinter.normalize("insert into t (a, b) values (1, 'x'), (2, 'y'), (3, 'z')");
    assertThat(values.valuesRows()).isEqualTo(3);
    assertThat(values.literals()).isEqualTo(6);
    assertThat(values.longestInList()).isZero();

    NormalizedSql placeholders = fingerprinter.normalize("insert into t (a) values (?), (?)");
    assertThat(placeholders.valuesRows()).isEqualTo(2);
    assertThat(placeholders.literals()).isZero();
    assertThat(placeholders.literalsHash()).isZero();

    assertThat(fingerprinter.normalize("select * from t where (a, b) in ((1, 2), (3, 4))").longestInList())
        .isEqualTo(2);
  }

  @Test
  void literalsHashTellsEqualValuesFromDifferentOnes() {
    long first = fingerprinter.normalize("select * from t where a = 1 and b = 'x'").literalsHash();
    long same = fingerprinter.normalize("SELECT * FROM t WHERE a=1 AND b='x'").literalsHash();
    long swapped = fingerprinter.normalize("select * from t where a = 'x' and b = 1").literalsHash();
    long other = fingerprinter.normalize("select * from t where a = 2 and b = 'x'").literalsHash();
    long split = fingerprinter.normalize("select * from t where a = 'ab' and b = 'c'").literalsHash();
    long joined = fingerprinter.normalize("select * from t where a = 'a' and b = 'bc'").literalsHash();
    assertThat(first).isNotZero().isEqualTo(same).isNotEqualTo(swapped).isNotEqualTo(other);
    assertThat(split).isNotEqualTo(joined);
  }

  @Test
  void statementsDifferingOnlyInLiteralsShareOneQueryId() {
    String[] shapes = {
      "select * from orders where customer_id = %d and status = '%s'",
      "SELECT o1_0.id FROM orders o1_0 WHERE o1_0.id IN (%d, %d, %d) LIMIT %d",
      "insert into t (a, b) values (%d, '%s'), (%d, '%s')",
      "update t set a = %d, b = '%s' where id = %d -- comment %d",
      "select * from t where a > %d.5 and b = E'%s' and c = -%d",
    };
    Random random = new Random(42);
    for (String shape : shapes) {
      NormalizedSql first = fingerprinter.normalize(fill(shape, random));
      for (int i = 0; i < 20; i++) {
        String statement = fill(shape, random);
        NormalizedSql next = fingerprinter.normalize(statement);
        assertThat(next.fingerprint()).as(statement).isEqualTo(first.fingerprint());
        assertThat(next.queryId()).isEqualTo(first.queryId());
        assertThat(next.fingerprint()).doesNotContainPattern("[0-9]{3}");
      }
    }
  }

  private static String fill(String shape, Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shape.length(); i++) {
      char c = shape.charAt(i);
      if (c == '%' && i + 1 < shape.length() && (shape.charAt(i + 1) == 'd' || shape.charAt(i + 1) == 's')) {
        text.append(shape.charAt(++i) == 'd' ? Integer.toString(100 + random.nextInt(100_000))
            : "v" + random.nextInt(1000) + "''q");
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  @Test
  void differentShapesGetDifferentQueryIds() {
    NormalizedSql a = fingerprinter.normalize("select * from orders where id = 1");
    NormalizedSql b = fingerprinter.normalize("select * from orders where customer_id = 1");
    assertThat(a.queryId()).isNotEqualTo(b.queryId()).matches("0x[0-9A-F]{16}");
    assertThat(a.queryId()).isEqualTo(QueryIds.of(a.fingerprint()));
  }

  @Test
  void tenMegabyteStatementsFingerprintCompactly() {
    StringBuilder in = new StringBuilder("select * from t where id in (");
    StringBuilder values = new StringBuilder("insert into t (a, b) values ");
    for (int i = 0; i < 1_300_000; i++) {
      in.append(i).append(", ");
      values.append('(').append(i).append(", 'x'),");
    }
    in.append("0)");
    values.setLength(values.length() - 1);
    assertThat(in.length()).isGreaterThan(10_000_000);

    NormalizedSql list = fingerprinter.normalize(in.toString());
    assertThat(list.fingerprint()).isEqualTo("select * from t where id in (?+)");
    assertThat(list.longestInList()).isEqualTo(1_300_001);

    NormalizedSql rows = fingerprinter.normalize(values.toString());
    assertThat(rows.fingerprint()).isEqualTo("insert into t(a, b) values (?, ?)");
    assertThat(rows.valuesRows()).isEqualTo(1_300_000);

    String huge = "select '" + "a".repeat(10_000_000) + "' from t";
    assertThat(fingerprinter.normalize(huge).fingerprint()).isEqualTo("select ? from t");
  }

  @Test
  void garbageNeverThrowsAndIsDeterministic() {
    Random random = new Random(7);
    String alphabet = "'\"`[]()$:?%#-/*\\;,.@ \n\t0123456789eExXabcINVALUESinvalues\u0000\uFFFD\u00e9";
    for (int round = 0; round < 20_000; round++) {
      int length = random.nextInt(120);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000)
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = text.toString();
      for (boolean backslashEscapes : new boolean[] {true, false}) {
        FingerprintScan scan = new FingerprintScan(input, backslashEscapes);
        scan.run(); // the scan itself, so that Fingerprinter's safety net cannot hide a bug
        assertThat(scan.fingerprint()).isNotNull();
      }
      NormalizedSql first = fingerprinter.normalize(input);
      assertThat(first.fingerprint()).isNotNull();
      assertThat(first.queryId()).startsWith("0x");
      assertThat(fingerprinter.normalize(input)).isEqualTo(first);
    }
    assertThat(fingerprinter.normalize(null).fingerprint()).isEmpty();
  }

  @Test
  void oneInstanceServesManyThreads() throws Exception {
    String[] statements = new String[2_000];
    Random random = new Random(3);
    for (int i = 0; i < statements.length; i++) {
      statements[i] = "select * from t" + random.nextInt(50) + " where id in (" + random.nextInt(9) + ", 2) and s = 'v" + i + "'";
    }
    Fingerprinter alone = new Fingerprinter();
    NormalizedSql[] expected = new NormalizedSql[statements.length];
    for (int i = 0; i < statements.length; i++) {
      expected[i] = alone.normalize(statements[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 5; round++) {
            for (int i = 0; i < statements.length; i++) {
              if (!fingerprinter.normalize(statements[i]).equals(expected[i])) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostileNestingUnderUnionDoesNotOverflow() {
    String sql = "select 1 union select " + "(".repeat(200_000) + "1" + ")".repeat(200_000) + " union select 2";
    NormalizedSql normalized = fingerprinter.normalize(sql);
    assertThat(normalized.fingerprint()).startsWith("select ? union select (((").endsWith("))) union select ?");
    assertThat(normalized.kind()).isEqualTo(StatementKind.SELECT);
  }

  @Test
  void controlCharactersAndNulsAreWhitespace() {
    assertThat(fingerprinter.normalize("select\u0000a\u0001from\u007ft").fingerprint()).isEqualTo("select a from t");
  }
}
