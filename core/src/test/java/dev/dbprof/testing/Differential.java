package dev.dbprof.testing;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one differential harness for a fast path that stands in for a reference one (a hand-made
 * scanner beside a JSON parser, a matcher beside the regular expression it replaced): on every
 * input of a corpus where the fast path gives an answer, that answer must equal the reference's.
 * Where the fast path declines ({@link Optional#empty()}), production falls back to the
 * reference, so there is nothing to compare and the reference is not asked (it may reject such
 * inputs). The first difference fails with the input that shows it.
 */
public final class Differential {

  private Differential() {
  }

  /**
   * How many inputs were given, how many the fast path answered (and agreed on), and how many it
   * left to the reference; a test asserts on these that the corpus exercised what it should.
   */
  public record Tally(int inputs, int compared, int declined) {
  }

  public static <I, O> Tally compare(Iterable<? extends I> corpus,
      Function<? super I, Optional<O>> fast, Function<? super I, ? extends O> reference) {
    return compare(corpus, fast, reference, String::valueOf);
  }

  /** As above, with {@code show} telling how to print an input in a failure. */
  public static <I, O> Tally compare(Iterable<? extends I> corpus,
      Function<? super I, Optional<O>> fast, Function<? super I, ? extends O> reference,
      Function<? super I, String> show) {
    int inputs = 0;
    int compared = 0;
    for (I input : corpus) {
      inputs++;
      Optional<O> quick = run("fast path", fast, input, inputs, show);
      if (quick.isEmpty()) {
        continue;
      }
      O expected = run("reference", reference, input, inputs, show);
      if (!Objects.equals(quick.get(), expected)) {
        throw new AssertionError("fast path and reference differ on input #" + inputs + ": "
            + show.apply(input) + "\n  fast path: " + quick.get() + "\n  reference: " + expected);
      }
      compared++;
    }
    return new Tally(inputs, compared, inputs - compared);
  }

  private static <I, O> O run(String which, Function<? super I, ? extends O> path, I input,
      int number, Function<? super I, String> show) {
    O out;
    try {
      out = path.apply(input);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("the " + which + " failed on input #" + number + ": "
          + show.apply(input), e);
    }
    if (out == null) {
      throw new AssertionError("the " + which + " gave no answer on input #" + number + ": "
          + show.apply(input));
    }
    return out;
  }
}
