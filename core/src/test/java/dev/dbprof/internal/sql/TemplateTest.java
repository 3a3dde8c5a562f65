package dev.dbprof.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A template's match must give exactly what a scan gives, or nothing; the scan is the oracle. */
class TemplateTest {

  private final Fingerprinter scanOnly = new Fingerprinter(false);

  /** Literals to put where a statement had one: alike, different in kind, and hostile. */
  private static final String[] LITERALS = {
    "0", "7", "123456", "-3", "+4", "- 5", ".5", "5.", "1.25", "1e5", "1e-5", "2E+3", "1e", "0x1F", "0xg", "0b101",
    "0b2", "12abc", "3.x", "1.2.3", "", "'s'", "''", "'it''s'", "'a\\'b'", "'unterminated", "'a'':'", "E'x'",
    "'C:\\'", "'%(x)s'", "'%s'", "'[a]'", "null", "NULL", "true", "x", "?", "$1", ":id", "'a''", "'--'", "'/*'",
    "1--", "1/*c*/", "5:", "-", "'x'y", "'a\\\\'", "'\\'", "'x\\", "\"q\"", "$$d$$", "(1)", "1,2", "'é'", "٣", "1 ",
    "\"S3\\\"cret\"", "\"a\".", "\"f\"(", "U&'d\\0061t'", "u&'x'", "$t$S3$$c$t$", "_utf8mb4'x'", "_binary\"x\"", "X'ab'",
    "B'01'", "N'x'", "E'\\''", "/* a /* b */ c */", "'x\\' , 'y'",
  };

  @Test
  void matchesGiveWhatTheScanGivesOnEveryFingerprintTableRowWithOtherLiterals() throws Exception {
    Random random = new Random(11);
    int matched = 0;
    int tried = 0;
    for (FingerprinterTest.Row row : FingerprinterTest.rows().toList()) {
      for (String base : List.of(row.input(), row.expected())) {
        for (SqlDialect dialect : SqlDialect.values()) {
          FingerprintScan scan = scanned(base, dialect);
          if (scan == null) {
            continue;
          }
          NormalizedSql scanned = scanOnly.normalize(base, dialect);
          Template template = new Template(base, scan.literalSpans(), scan.literals(), scanned);
          assertThat(template.match(base)).as(row.toString()).isEqualTo(scanned);
          for (int round = 0; round < 60; round++) {
            String other = refill(base, scan, random, round < 30 ? -1 : random.nextInt(scan.literals() + 1));
            NormalizedSql match = template.match(other);
            tried++;
            if (match != null) {
              matched++;
              assertThat(match).as(dialect + " " + row + ": " + base + " → " + other)
                  .isEqualTo(scanOnly.normalize(other, dialect));
            }
          }
        }
      }
    }
    assertThat(matched).as("matches out of " + tried).isGreaterThan(tried / 4);
  }

  /** Where the scan decides by a character next to a literal. */
  private static final String[] NEIGHBOURS = {
    "select x from t where a = 5.abc and b = 1", "select 5:x, 'a':y, 1.:z, 7::int from t",
    "select a from t where b = -5 and c = +.5 and d = a-1 and e = - 2", "select .5, 1.e, 1e+, 0x, 0b from t",
    "update t set a = 1, b = 'x''y', c = null where id in (1, 2, 3) limit 5 offset 10",
    "insert into t (a, b) values (1, 'a'), (2, 'b') on conflict do nothing", "select 1'a' from t where x=1--c\n",
    "select * from t where a=1/*c*/and b='x'/*'*/ and c = 2", "select $1, :a, ?1, 1 from t where a@>1",
    "insert into t values (1, 'a\\'b', 'c\\\\', '{\\\"x\\\":1}') -- \" ` $$",
    "select \"t\".\"a\", \"f\"(1) from \"t\" where b = \"x\" and c = 'y' /* d /* e */ 'f' */ and g = 2",
    "create user u identified by \"p\" password expire interval 5 day",
  };

  @Test
  void matchesGiveWhatTheScanGivesNextToLiteralsOfAnyKind() {
    Random random = new Random(13);
    int matched = 0;
    for (SqlDialect dialect : SqlDialect.values()) {
      for (String base : NEIGHBOURS) {
        FingerprintScan scan = scanned(base, dialect);
        assertThat(scan).as(base).isNotNull();
        Template template = new Template(base, scan.literalSpans(), scan.literals(), scanOnly.normalize(base, dialect));
        for (int round = 0; round < 2_000; round++) {
          String other = refill(base, scan, random, random.nextInt(scan.literals()));
          NormalizedSql match = template.match(other);
          if (match != null) {
            matched++;
            assertThat(match).as(dialect + ": " + base + " → " + other).isEqualTo(scanOnly.normalize(other, dialect));
          }
        }
      }
    }
    assertThat(matched).isGreaterThan(SqlDialect.values().length * NEIGHBOURS.length * 2_000 / 20);
  }

  @Test
  void matchesGiveWhatTheScanGivesOnTheBenchmarkMix() {
    Random random = new Random(5);
    int matched = 0;
    for (String base : FingerprintBench.mix(500, 9)) {
      FingerprintScan scan = scanned(base);
      if (scan == null) {
        continue;
      }
      Template template = new Template(base, scan.literalSpans(), scan.literals(), scanOnly.normalize(base));
      for (int round = 0; round < 20; round++) {
        String other = refill(base, scan, random, -1);
        NormalizedSql match = template.match(other);
        if (match != null) {
          matched++;
          assertThat(match).as(base + " → " + other).isEqualTo(scanOnly.normalize(other));
          assertThat(Template.key(other)).as(other).isEqualTo(template.key);
        }
      }
    }
    assertThat(matched).isGreaterThan(500 * 20 / 2);
  }

  @Test
  void aFingerprinterWithTemplatesAgreesWithScanningEverything() {
    Fingerprinter withTemplates = new Fingerprinter();
    for (String statement : FingerprintBench.mix(20_000, 3)) {
      assertThat(withTemplates.normalize(statement)).as(statement).isEqualTo(scanOnly.normalize(statement));
    }
    // one instance, statements of every dialect interleaved: a template of one dialect never answers for another
    for (String statement : FingerprintBench.mix(6_000, 4)) {
      for (SqlDialect dialect : SqlDialect.values()) {
        assertThat(withTemplates.normalize(statement, dialect)).as(dialect + ": " + statement)
            .isEqualTo(scanOnly.normalize(statement, dialect));
      }
    }
  }

  @Test
  void statementsThatMayScanDifferentlyMakeNoTemplate() {
    assertThat(scanned("select * from t where a = 'C:\\' and b = 1")).isNull();
    assertThat(scanned("select [Order Details].x from t where a = 1")).isNull();
    assertThat(scanned("select * from t where a = %(a)s and b = 1")).isNull();
    assertThat(scanned("select * from t where a = 'open")).isNull();
    assertThat(scanned("select * from t where a = \"open and b = 1")).isNull();
    assertThat(scanned("select * from t where a = 1")).isNotNull();
    assertThat(scanned("select * from t where a = 'it\\'s' and b = 1")).isNotNull();
  }

  /** The scan of a statement a template may be made of, or null. */
  private static FingerprintScan scanned(String text) {
    return scanned(text, SqlDialect.UNKNOWN);
  }

  private static FingerprintScan scanned(String text, SqlDialect dialect) {
    FingerprintScan scan = new FingerprintScan(text, true, dialect);
    scan.run();
    return scan.templatable() ? scan : null;
  }

  /** The text with each literal replaced by one of its own kind, but the {@code hostile} one by any literal at all. */
  private static String refill(String text, FingerprintScan scan, Random random, int hostile) {
    int[] spans = scan.literalSpans();
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int i = 0; i < scan.literals(); i++) {
      int start = spans[2 * i];
      out.append(text, from, start);
      char first = text.charAt(start);
      boolean alike = i != hostile;
      if (alike && first == '\'') {
        out.append('\'').append("v").append(random.nextInt(1000)).append(random.nextBoolean() ? "''q" : "").append('\'');
      } else if (alike && (Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
        out.append(first == '-' || first == '+' || first == '.' ? String.valueOf(first) : "").append(random.nextInt(100_000));
      } else {
        out.append(LITERALS[random.nextInt(LITERALS.length)]);
      }
      from = spans[2 * i + 1];
    }
    out.append(text, from, text.length());
    return out.toString();
  }
}
