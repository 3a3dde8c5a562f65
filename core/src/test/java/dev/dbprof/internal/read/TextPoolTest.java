package dev.dbprof.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.internal.read.spi.TextPool;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextPoolTest {

  @Test
  void returnsTheSameInstanceForTheSameText() {
    TextPool pool = new TextPool();
    String first = pool.get("pid 4711 here", 4, 8);

    assertThat(first).isEqualTo("4711");
    assertThat(pool.get("[4711]", 1, 5)).isSameAs(first);
    assertThat(pool.get(new String("4711"), 0, 4)).isSameAs(first);
  }

  @Test
  void alwaysAnswersTheRightTextWhenSlotsCollide() {
    TextPool pool = new TextPool();
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      String text = Integer.toString(random.nextInt(20_000)); // more texts than slots
      String line = "x" + text + "y";
      assertThat(pool.get(line, 1, line.length() - 1)).isEqualTo(text);
    }
  }

  @Test
  void bytesGiveTheSameInstanceAsTheirTextAndNonAsciiIsDecoded() {
    TextPool pool = new TextPool();
    String fromText = pool.get("[4711]", 1, 5);
    byte[] line = "Id: 4711 · Id: é1".getBytes(StandardCharsets.UTF_8);

    assertThat(pool.get(line, 4, 8)).isSameAs(fromText);
    assertThat(pool.get(line, line.length - 3, line.length)).isEqualTo("é1");
  }

  @Test
  void longTextsAreCopiedNotPooled() {
    TextPool pool = new TextPool();
    String line = "[" + "s".repeat(65) + "]";

    assertThat(pool.get(line, 1, 66)).isEqualTo("s".repeat(65)).isNotSameAs(pool.get(line, 1, 66));
  }
}
