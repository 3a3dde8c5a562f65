package dev.dbprof.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CI policy made of a report: the {@code --fail-on} threshold, the findings it
 * suppressed (with their reasons) and, with {@code --baseline}, how each finding compares.
 *
 * @param threshold findings at or above it fail the run; null for {@code --fail-on never}
 * @param source where the policy came from ("dbprof.yml", "defaults", …), for messages
 * @param suppressed findings removed by a suppression, sorted by key
 * @param baseline the comparison with a baseline, or null without one
 */
public record Review(Severity threshold, String source, List<Suppressed> suppressed, BaselineDiff baseline) {

  /** No policy file, {@code --fail-on error}, no baseline. */
  public static final Review DEFAULT = new Review(Severity.ERROR, "defaults", List.of(), null);

  public Review {
    suppressed = List.copyOf(suppressed);
  }

  public Review withBaseline(BaselineDiff diff) {
    return new Review(threshold, source, suppressed, diff);
  }

  /** Whether the finding fails the run: at or above the threshold and, with a baseline, new or worse. */
  public boolean fails(Finding finding) {
    if (threshold == null || !finding.severity().atLeast(threshold)) {
      return false;
    }
    return baseline == null || baseline.status(finding.key()) != Status.KNOWN;
  }

  /** The threshold as the user wrote it. */
  public String thresholdId() {
    return threshold == null ? "never" : threshold.id();
  }

  /** A finding removed by a suppression. */
  public record Suppressed(String key, String rule, String reason) {}

  /** How a current finding compares with the baseline. */
  public enum Status {
    NEW,
    WORSENED,
    KNOWN;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A finding of the baseline that is gone.
   *
   * @param key its stable key
   * @param rule its rule
   * @param occurrences occurrences recorded in the baseline
   * @param estimatedSavingsMs savings recorded in the baseline
   */
  public record Fixed(String key, String rule, long occurrences, double estimatedSavingsMs) {}

  /**
   * The comparison with a baseline file.
   *
   * @param path the baseline file as given
   * @param statuses each current finding's status, by key (sorted)
   * @param fixed baseline findings no longer seen, sorted by key
   */
  public record BaselineDiff(String path, Map<String, Status> statuses, List<Fixed> fixed) {

    public BaselineDiff {
      statuses = java.util.Collections.unmodifiableMap(new TreeMap<>(statuses));
      fixed = List.copyOf(fixed);
    }

    public Status status(String key) {
      return statuses.getOrDefault(key, Status.NEW);
    }

    public long count(Status status) {
      return statuses.values().stream().filter(s -> s == status).count();
    }
  }
}
