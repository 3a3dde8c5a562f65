package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The call-site cache is bounded by characters: huge SQL texts never pile up in it. */
class CallSiteFinderMemoryTest {

  @Test
  void hugeSqlTextsOnManyThreadsDoNotExhaustASmallHeap() throws Exception {
    // 4 threads × 40 distinct 1 MB texts: a cache keeping them (up to 256 a thread) needs 160 MB
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx48m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), CallSiteFlood.class.getName(), "4", "40", "1")
        .redirectErrorStream(true).start();
    boolean ended = child.waitFor(2, TimeUnit.MINUTES); // a hang guard, not a speed assertion
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      child.destroyForcibly();
    }
    assertThat(ended).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("done");
  }

  @Test
  void eachThreadKeepsAtMostItsBudgetOfCharacters() throws Exception {
    CallSiteFinder sites = new CallSiteFinder(List.of());
    List<Thread> threads = new ArrayList<>();
    int[] kept = new int[8];
    for (int t = 0; t < kept.length; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        // texts just under the per-key limit, all distinct: the entry count alone would keep 256 of them
        for (int i = 0; i < 1_000; i++) {
          String sql = "select " + i + " /* " + thread + " */ " + "y".repeat(CallSiteFinder.MAX_KEY_CHARS - 40);
          sites.find(sql);
        }
        kept[thread] = sites.cachedCharsOfThisThread();
      });
      worker.start();
      threads.add(worker);
    }
    for (Thread worker : threads) {
      worker.join();
    }
    for (int chars : kept) {
      assertThat(chars).isPositive().isLessThanOrEqualTo(CallSiteFinder.MAX_THREAD_CHARS);
    }
  }

  @Test
  void aLoopIsCachedOnceAndGiantTextsNever() {
    CallSiteFinder sites = new CallSiteFinder(List.of());
    for (int i = 0; i < 10; i++) {
      sites.find("select 1");
    }
    // two entries: (none, select 1) and (select 1, select 1); the rest are hits
    assertThat(sites.cachedCharsOfThisThread()).isEqualTo(3 * "select 1".length());
    String giant = "select '" + "z".repeat(CallSiteFinder.MAX_KEY_CHARS) + "'";
    sites.find(giant);
    sites.find(giant);
    sites.find("select 1");
    assertThat(sites.cachedCharsOfThisThread()).isEqualTo(3 * "select 1".length());
  }
}
