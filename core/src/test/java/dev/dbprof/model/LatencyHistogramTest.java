package dev.dbprof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The histogram keeps only the buckets in use, and answers exactly as a full one would. */
class LatencyHistogramTest {

  /** The bucket bound of the rank-th smallest duration: what scanning every bucket gives. */
  private static long expected(long[] durations, double q) {
    long[] sorted = durations.clone();
    Arrays.sort(sorted);
    long rank = Math.max(1, (long) Math.ceil(q * sorted.length));
    return LatencyHistogram.upperBound(LatencyHistogram.bucket(sorted[(int) rank - 1]));
  }

  @Test
  void quantilesAreThoseOfTheFullBucketRangeWhateverOrderTheRangeGrowsIn() {
    SplittableRandom random = new SplittableRandom(13);
    for (int run = 0; run < 200; run++) {
      int n = 1 + random.nextInt(300);
      long[] durations = new long[n];
      LatencyHistogram histogram = new LatencyHistogram();
      for (int i = 0; i < n; i++) {
        // from below 1 µs to beyond the last bucket (12 days), spread over every doubling
        durations[i] = (long) Math.pow(2, random.nextDouble() * 62);
        histogram.add(durations[i]);
      }
      assertThat(histogram.count()).isEqualTo(n);
      for (double q : new double[] {0.0, 0.5, 0.9, 0.95, 0.99, 1.0}) {
        assertThat(histogram.quantile(q)).as("run %d q %s", run, q).isEqualTo(expected(durations, q));
      }
    }
  }

  @Test
  void anEmptyHistogramSaysZero() {
    assertThat(new LatencyHistogram().quantile(0.5)).isZero();
  }
}
