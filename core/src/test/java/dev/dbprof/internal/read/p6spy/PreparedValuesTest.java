package dev.dbprof.internal.read.p6spy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreparedValuesTest {

  private static final String[] PIECES = {"select", " ", "  ", "\n", "\t", "?", "??", "a", "=", "'",
      "''", "'x y'", "42", "-1.5E+10", "NULL", ",", "(", ")", "|", "X'0A'", "_b"};

  @Test
  void whitespaceRunAtTheEndOfASegmentMayBeLongerInTheValues() {
    assertThat(PreparedValues.match("select a ?", "select a  \n 5")).containsExactly("5");
    assertThat(PreparedValues.match("select a = ? and b", "select a =\n'x'  and b"))
        .containsExactly("'x'");
    assertThat(PreparedValues.match("select a = ? and c", "select a = 1 and b")).isNull();
  }

  @Test
  void sameResultAsComparingCharByChar() {
    Random random = new Random(7);
    int matched = 0;
    for (int n = 0; n < 200_000; n++) {
      String prepared = text(random);
      String values = random.nextInt(3) == 0 ? text(random) : fill(prepared, random);
      List<String> expected = charByChar(prepared, values);
      assertThat(PreparedValues.match(prepared, values)).as("%s | %s", prepared, values)
          .isEqualTo(expected);
      matched += expected == null ? 0 : 1;
    }
    assertThat(matched).isGreaterThan(50_000);
  }

  private static String text(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(10); i > 0; i--) {
      out.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }

  /** {@code prepared} with values filled in as p6spy does, and sometimes damaged or respaced. */
  private static String fill(String prepared, Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < prepared.length(); i++) {
      char c = prepared.charAt(i);
      if (c == '?' && random.nextInt(5) > 0) {
        out.append(List.of("1", "'a b'", "NULL", "-2", "'it''s'", "true").get(random.nextInt(6)));
      } else if (Character.isWhitespace(c) && random.nextInt(3) == 0) {
        out.append(random.nextBoolean() ? " " : "  \n");
      } else {
        out.append(c);
      }
    }
    if (random.nextInt(6) == 0 && out.length() > 0) {
      out.deleteCharAt(random.nextInt(out.length()));
    }
    return out.toString();
  }

  /** The comparison as first written, one character at a time. */
  private static List<String> charByChar(String prepared, String values) {
    List<String> literals = new ArrayList<>();
    int j = 0;
    int n = values.length();
    boolean placeholders = false;
    for (int i = 0; i < prepared.length(); i++) {
      char c = prepared.charAt(i);
      if (c == '?') {
        int end = PreparedValues.literalEnd(values, j);
        if (end > j) {
          literals.add(values.substring(j, end));
          j = end;
          placeholders = true;
          continue;
        }
      }
      if (Character.isWhitespace(c) && j < n && Character.isWhitespace(values.charAt(j))) {
        while (i + 1 < prepared.length() && Character.isWhitespace(prepared.charAt(i + 1))) {
          i++;
        }
        while (j < n && Character.isWhitespace(values.charAt(j))) {
          j++;
        }
        continue;
      }
      if (j >= n || values.charAt(j) != c) {
        return null;
      }
      j++;
    }
    if (j != n) {
      return null;
    }
    return placeholders ? literals : SqlLiterals.of(prepared);
  }
}
