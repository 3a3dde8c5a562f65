package dev.dbprof;

import dev.dbprof.internal.explain.IndexAdvisor;
import dev.dbprof.model.AdvisorException;
import dev.dbprof.model.PlanAdvisor;
import dev.dbprof.options.AdvisorOptions;

/**
 * Opens the EXPLAIN-based index advisor to hand to {@link dev.dbprof.options.AnalysisOptions#withAdvisor}.
 * What it may and may not do to the database is in SECURITY.md and the README's advisor section.
 */
public final class IndexAdvisors {

  private IndexAdvisors() {}

  /**
   * Connects to the PostgreSQL, MySQL or MariaDB database behind {@code jdbcUrl}
   * ({@code jdbc:dbprof:} and {@code jdbc:p6spy:} prefixes are removed); close it when done.
   *
   * @throws AdvisorException with a one-sentence message (no password) when it cannot connect, when
   *     the options' budget runs out first, or when the account is privileged and that is not allowed
   */
  public static PlanAdvisor open(String jdbcUrl, String user, String password, AdvisorOptions options) {
    return IndexAdvisor.open(jdbcUrl, user, password, options);
  }
}
