package dev.dbprof.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.InputFormat;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.model.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the real samples through every reader, the analyzer and the
 * renderers. Nothing may escape but the documented {@link InputException} (a format that cannot be
 * detected), and skipped lines never exceed the input's lines.
 *
 * <p>Every build runs {@value #DEFAULT_ITERATIONS} mutants (a few seconds). For a longer hunt:
 * {@code -Ddbprof.fuzz.iterations=100000 -Ddbprof.fuzz.seed=N}. A failing mutant is written to
 * {@code target/fuzz-failure-SEED-ITERATION.log} and the failure names the seed and iteration.
 */
class FuzzTest {

  static final int DEFAULT_ITERATIONS = 400;
  /** Lines kept of each sample: small mutants, many of them. */
  private static final int SAMPLE_LINES = 120;

  @TempDir Path dir;

  @Test
  void mutatedSamplesNeverBreakTheReadersOrTheAnalyzer() throws Exception {
    long seed = Long.getLong("dbprof.fuzz.seed", 20261124L);
    int iterations = Integer.getInteger("dbprof.fuzz.iterations", DEFAULT_ITERATIONS);
    List<byte[]> samples = Corpus.allSamples().stream()
        .map(p -> Corpus.head(Corpus.bytes(p), SAMPLE_LINES)).toList();
    Mutator mutator = new Mutator(seed);
    InputFormat[] formats = InputFormat.values();

    // One worker thread, so that a hang names its mutant and where it hangs. The bound is a hang
    // guard, not a speed assertion: a mutant takes milliseconds.
    Thread[] worker = new Thread[1];
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-worker");
      t.setDaemon(true);
      worker[0] = t;
      return t;
    });
    try {
      for (int i = 0; i < iterations; i++) {
        byte[] base = samples.get(mutator.random().nextInt(samples.size()));
        byte[] other = samples.get(mutator.random().nextInt(samples.size()));
        byte[] mutant = mutator.mutate(base, other);
        // half the mutants are read with a format named (any format), half detected
        InputFormat forced = mutator.random().nextBoolean() ? null
            : formats[mutator.random().nextInt(formats.length)];
        Path file = Files.write(dir.resolve("mutant-" + i + ".log"), mutant);
        Future<?> run = executor.submit(() -> readOne(file, forced, Corpus.lineCount(mutant)));
        try {
          run.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : hangAt(worker[0]);
          throw failure(seed, i, forced, mutant, cause);
        } finally {
          Files.delete(file);
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static final int HANG_GUARD_SECONDS = 20;

  private static Throwable hangAt(Thread thread) {
    AssertionError hang = new AssertionError("no result after " + HANG_GUARD_SECONDS + " s");
    hang.setStackTrace(thread.getStackTrace());
    return hang;
  }

  private static AssertionError failure(long seed, int iteration, InputFormat forced, byte[] mutant,
      Throwable cause) throws Exception {
    Path kept = Path.of("target", "fuzz-failure-" + seed + "-" + iteration + ".log");
    Files.createDirectories(kept.getParent());
    Files.write(kept, mutant);
    return new AssertionError("seed " + seed + ", iteration " + iteration + ", format "
        + (forced == null ? "detected" : forced.id()) + ": " + cause + " (input kept in " + kept + ")", cause);
  }

  private static void readOne(Path file, InputFormat forced, long lines) {
    ReaderOptions options = forced == null ? ReaderOptions.defaults() : ReaderOptions.defaults().withFormat(forced);
    try {
      ReadCheck.Result read = ReadCheck.read(file, options, lines);
      assertThat(read.summary().skippedLines()).isLessThanOrEqualTo(lines);
    } catch (InputException refused) {
      // the documented refusals (an unknown format, a capture of a newer major version): one
      // sentence naming the file
      assertThat(refused.getMessage()).contains(file.toString()).doesNotContain("\n");
    }
  }
}
