package dev.dbprof.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The declared name a typo was probably meant as, for "did you mean …?" in error sentences. */
final class NearestName {

  private NearestName() {}

  /**
   * The name in {@code names} fewest edits away from {@code typed} (case aside), the first of equals;
   * empty when even that one is too far to be a typo (more than 2 edits, or a third of the name).
   */
  static Optional<String> of(String typed, List<String> names) {
    String nearest = null;
    int nearestDistance = Integer.MAX_VALUE;
    for (String name : names) {
      int distance = editDistance(name.toLowerCase(Locale.ROOT), typed.toLowerCase(Locale.ROOT));
      if (distance < nearestDistance) {
        nearest = name;
        nearestDistance = distance;
      }
    }
    return nearestDistance <= Math.max(2, typed.length() / 3) ? Optional.of(nearest) : Optional.empty();
  }

  /** Levenshtein distance: the fewest single-letter insertions, deletions and substitutions from {@code a} to {@code b}. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
