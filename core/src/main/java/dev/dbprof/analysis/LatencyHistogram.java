package dev.dbprof.analysis;

/**
 * Fixed-size log-linear histogram of durations: eight buckets per doubling from 1 µs up, so a
 * percentile is within about 9 % of the true value and memory stays constant however many
 * statements a fingerprint has.
 */
final class LatencyHistogram {

  private static final int SUB_BUCKETS = 8;
  private static final int DOUBLINGS = 40; // 1 µs · 2^40 ≈ 12 days
  private final long[] counts = new long[SUB_BUCKETS * DOUBLINGS + 1];
  private long total;

  void add(long nanos) {
    counts[bucket(nanos)]++;
    total++;
  }

  long count() {
    return total;
  }

  /** The upper bound of the bucket that holds the given quantile (0..1), in nanoseconds. */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length - 1);
  }

  private static int bucket(long nanos) {
    double micros = Math.max(1.0, nanos / 1000.0);
    int index = (int) Math.floor(Math.log(micros) / Math.log(2) * SUB_BUCKETS);
    return Math.min(Math.max(index, 0), SUB_BUCKETS * DOUBLINGS);
  }

  private static long upperBound(int bucket) {
    return (long) (Math.pow(2, (bucket + 1) / (double) SUB_BUCKETS) * 1000.0);
  }
}
