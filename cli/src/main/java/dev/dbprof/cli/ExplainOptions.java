package dev.dbprof.cli;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.internal.explain.IndexAdvisor;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The index advisor's options ({@code --explain-url} and friends), shared by analyze and demo. */
final class ExplainOptions {

  @Option(names = "--explain-url", paramLabel = "JDBC_URL",
      description = "Explain the costliest statements and every N+1 query on this database and suggest indexes."
          + " User and password come from DBPROF_EXPLAIN_USER and DBPROF_EXPLAIN_PASSWORD (or the URL); never printed.")
  String url;

  @Option(names = "--explain-max", defaultValue = "20", paramLabel = "N", converter = CliNumbers.StatementsOrNone.class,
      description = "Explain at most this many statements by total time, besides every N+1 query (default: ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--explain-budget", defaultValue = "60", paramLabel = "SECONDS", converter = CliNumbers.Seconds.class,
      description = "The advisor's working time, connecting included: when it runs out, its connection is"
          + " aborted and the report has no further advice (default: ${DEFAULT-VALUE}).")
  int budgetSeconds;

  @Option(names = "--explain-timeout", defaultValue = "5", paramLabel = "SECONDS", converter = CliNumbers.Seconds.class,
      description = "Statement timeout of every EXPLAIN (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--index-min-saving", defaultValue = "0.5", paramLabel = "FRACTION", converter = CliNumbers.Fraction.class,
      description = "Suggest an index only when it saves at least this share of the cost (default: ${DEFAULT-VALUE}).")
  double minSaving;

  @Option(names = "--index-trial",
      description = "PostgreSQL without hypopg: validate a suggestion by building the index in a transaction that is"
          + " rolled back (takes a lock that blocks writes while it builds: CI and test databases only).")
  boolean trial;

  @Option(names = "--index-disposable-db", paramLabel = "NAME",
      description = "MySQL/MariaDB: validate suggestions by really creating and dropping the index, only if the"
          + " connected database has this name (one you can afford to change).")
  String disposableDatabase;

  @Option(names = "--explain-analyze",
      description = "Run EXPLAIN ANALYZE (executes the statement, in a read-only transaction) only on plain reads"
          + " that call nothing but non-volatile pg_catalog functions (PostgreSQL) or built-ins that do not"
          + " lock, sleep or read files (MySQL/MariaDB); other reads get plain EXPLAIN, never writes.")
  boolean analyze;

  @Option(names = "--explain-allow-superuser",
      description = "Let the advisor connect as a superuser or an account with administrative privileges"
          + " (refused otherwise; better: a role with only SELECT, see the README).")
  boolean allowSuperuser;

  @Option(names = "--explain-role", paramLabel = "NAME",
      description = "SET ROLE to this role right after connecting; the privilege check applies to it and to the"
          + " login.")
  String role;

  boolean enabled() {
    return url != null;
  }

  IndexAdvisor open() {
    String user = System.getenv("DBPROF_EXPLAIN_USER");
    String password = System.getenv("DBPROF_EXPLAIN_PASSWORD");
    return open(url, user, password);
  }

  IndexAdvisor open(String jdbcUrl, String user, String password) {
    AdvisorOptions options = AdvisorOptions.defaults()
        .withMaxStatements(max)
        .withBudget(Duration.ofSeconds(budgetSeconds))
        .withStatementTimeout(Duration.ofSeconds(timeoutSeconds))
        .withMinCostSaving(minSaving)
        .withTrial(trial)
        .withAllowAnalyze(analyze)
        .withAllowSuperuser(allowSuperuser)
        .withRole(role);
    if (disposableDatabase != null) {
      options = options.withDisposableDatabase(disposableDatabase);
    }
    return IndexAdvisor.open(jdbcUrl, user, password, options);
  }
}
