package dev.dbprof.model;

/**
 * Fixed-size log-linear histogram of durations: eight buckets per doubling from 1 µs up, so a
 * percentile is within about 9 % of the true value and memory stays constant however many
 * statements a fingerprint has.
 */
final class LatencyHistogram {

  private static final int SUB_BUCKETS = 8;
  private static final int DOUBLINGS = 40; // 1 µs · 2^40 ≈ 12 days
  private static final int BUCKETS = SUB_BUCKETS * DOUBLINGS + 1;
  /**
   * Only the buckets from the lowest to the highest used: most shapes' durations span a few
   * doublings, so a shape holds tens of counters rather than all {@value #BUCKETS}, which lets
   * many more shapes fit in the heap ({@code --max-fingerprints}).
   */
  private long[] counts;
  private int first;
  private long total;

  void add(long nanos) {
    int bucket = bucket(nanos);
    if (counts == null) {
      counts = new long[SUB_BUCKETS];
      first = Math.min(bucket, BUCKETS - SUB_BUCKETS);
    } else if (bucket < first || bucket >= first + counts.length) {
      cover(bucket);
    }
    counts[bucket - first]++;
    total++;
  }

  /** Widens the range to hold {@code bucket}, by at least a doubling's buckets on that side. */
  private void cover(int bucket) {
    int from = Math.max(0, Math.min(first, bucket - SUB_BUCKETS));
    int to = Math.min(BUCKETS, Math.max(first + counts.length, bucket + SUB_BUCKETS + 1));
    long[] wider = new long[to - from];
    System.arraycopy(counts, 0, wider, first - from, counts.length);
    counts = wider;
    first = from;
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
        return upperBound(first + i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  static int bucket(long nanos) {
    double micros = Math.max(1.0, nanos / 1000.0);
    int index = (int) Math.floor(Math.log(micros) / Math.log(2) * SUB_BUCKETS);
    return Math.min(Math.max(index, 0), BUCKETS - 1);
  }

  static long upperBound(int bucket) {
    return (long) (Math.pow(2, (bucket + 1) / (double) SUB_BUCKETS) * 1000.0);
  }
}
