package dev.dbprof.options;

import java.time.Duration;

/**
 * How far the advisor may go. Everything beyond plain EXPLAIN is off unless asked for.
 *
 * @param maxStatements at most this many candidates are explained (costliest first)
 * @param budget wall-clock budget of the advisor's work: {@link IndexAdvisor#open} (connecting
 *     included) and every {@link IndexAdvisor#advise} call, not the time between them; when it runs
 *     out the connection is aborted
 * @param statementTimeout limit for every statement the advisor runs
 * @param minCostSaving an index is suggested only when it saves at least this fraction of the cost
 * @param minTableRows full scans of tables with fewer rows (catalog estimate) are not findings
 * @param trial PostgreSQL without hypopg: build each index inside a transaction that is rolled back
 * @param disposableDatabase MySQL/MariaDB: the database the user names as disposable; indexes are
 *     really created there (and dropped) to validate them, only when it is the connected database
 * @param allowAnalyze run EXPLAIN ANALYZE for reads with inline values that call nothing volatile
 *     (never for writes; other reads get plain EXPLAIN and a note)
 * @param allowSuperuser connect even as a superuser or a role with administrative privileges
 *     (refused otherwise: whatever runs in the advisor's session would run with them)
 * @param role the role to {@code SET ROLE} to right after connecting, or null
 */
public record AdvisorOptions(
    int maxStatements,
    Duration budget,
    Duration statementTimeout,
    double minCostSaving,
    long minTableRows,
    boolean trial,
    String disposableDatabase,
    boolean allowAnalyze,
    boolean allowSuperuser,
    String role) {

  public AdvisorOptions {
    if (maxStatements < 0) {
      throw new IllegalArgumentException("maxStatements must not be negative");
    }
    if (budget == null || budget.isNegative()) {
      throw new IllegalArgumentException("budget must be a positive duration");
    }
    if (statementTimeout == null || statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException("statementTimeout must be a positive duration");
    }
    if (!(minCostSaving >= 0 && minCostSaving < 1)) {
      throw new IllegalArgumentException("minCostSaving must be in [0, 1)");
    }
  }

  public static AdvisorOptions defaults() {
    return new AdvisorOptions(200, Duration.ofSeconds(60), Duration.ofSeconds(5), 0.5, 1000,
        false, null, false, false, null);
  }

  public AdvisorOptions withMaxStatements(int value) {
    return new AdvisorOptions(value, budget, statementTimeout, minCostSaving, minTableRows, trial,
        disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withBudget(Duration value) {
    return new AdvisorOptions(maxStatements, value, statementTimeout, minCostSaving, minTableRows,
        trial, disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withStatementTimeout(Duration value) {
    return new AdvisorOptions(maxStatements, budget, value, minCostSaving, minTableRows, trial,
        disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withMinCostSaving(double value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, value, minTableRows, trial,
        disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withMinTableRows(long value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, value, trial,
        disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withTrial(boolean value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, minTableRows,
        value, disposableDatabase, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withDisposableDatabase(String value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, minTableRows,
        trial, value, allowAnalyze, allowSuperuser, role);
  }

  public AdvisorOptions withAllowAnalyze(boolean value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, minTableRows,
        trial, disposableDatabase, value, allowSuperuser, role);
  }

  public AdvisorOptions withAllowSuperuser(boolean value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, minTableRows,
        trial, disposableDatabase, allowAnalyze, value, role);
  }

  public AdvisorOptions withRole(String value) {
    return new AdvisorOptions(maxStatements, budget, statementTimeout, minCostSaving, minTableRows,
        trial, disposableDatabase, allowAnalyze, allowSuperuser, value);
  }
}
