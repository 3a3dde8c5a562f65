package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** One connection the advisor owns, with the dialect's way to explain, read the catalog and validate. */
abstract class DatabaseSession implements AutoCloseable {

  /** A plan and how it was obtained. */
  record Explained(Plan plan, PlanSource planSource) {}

  /**
   * What the catalog says about a table.
   *
   * @param indexes each index's key columns in order, lower case; "" stands for an expression
   */
  record TableInfo(String schema, String name, boolean inCurrentSchema, long rows,
      List<NamedIndex> indexes) {

    String qualifiedName() {
      return schema == null || inCurrentSchema ? name : schema + "." + name;
    }
  }

  record NamedIndex(String name, List<String> columns) {}

  /** An index to cost: where, its name, its columns. */
  record ProposedIndex(TableInfo table, String name, List<String> columns) {}

  /** The outcome of costing proposed indexes. */
  record Validation(ValidationMethod method, Plan after, String problem) {

    static Validation none(String why) {
      return new Validation(ValidationMethod.NONE, null, why);
    }
  }

  /** Opens another connection like the advisor's own (for cleanup while the own one is busy). */
  interface Connector {
    Connection connect() throws SQLException;
  }

  final Connection connection;
  final AdvisorOptions options;
  /** Tests pause here while trial indexes exist; null otherwise. */
  Runnable whileTrialIndexesExist;

  DatabaseSession(Connection connection, AdvisorOptions options) {
    this.connection = connection;
    this.options = options;
  }

  abstract Dialect dialect();

  private CodeCatalog codeCatalog;

  /** The catalog snapshot the planning guard decides by, read on first use. */
  final CodeCatalog codeCatalog() throws SQLException {
    if (codeCatalog == null) {
      codeCatalog = readCodeCatalog();
    }
    return codeCatalog;
  }

  abstract CodeCatalog readCodeCatalog() throws SQLException;

  /** Switches to {@code role} for the rest of the session. */
  abstract void setRole(String role) throws SQLException;

  /**
   * Timeouts for everything the session does (statements, lock waits, idle transactions), so
   * that it never blocks the application for long and a stopped dbprof releases what it holds.
   */
  abstract void applySessionLimits() throws SQLException;

  /**
   * The privileges beyond reading that the account in effect has or can take on (superuser,
   * administration, server files), in a stable order; empty for a plain reading role.
   */
  abstract List<String> dangerousPrivileges() throws SQLException;

  /** Drops what an earlier, interrupted run left behind; a note saying what, or null. */
  String dropLeftovers() throws SQLException {
    return null;
  }

  /** What a shutdown hook does while trial indexes exist; a no-op where the database cleans up itself. */
  Runnable trialCleanup() {
    return () -> { };
  }

  /** How long the session waits for a lock: short, so that it queues behind nobody. */
  long lockTimeoutMillis() {
    return Math.min(1000, options.statementTimeout().toMillis());
  }

  /** How long the server lets this session sit idle inside a transaction before ending it. */
  long idleInTransactionMillis() {
    return Math.max(1000, options.statementTimeout().toMillis());
  }

  /** The plan of {@code stmt} in a read-only transaction that is rolled back. */
  abstract Explained explain(StatementGuard.Checked stmt, boolean analyze) throws SQLException;

  /** Catalog facts about a table named by a plan; null when the catalog does not know it. */
  abstract TableInfo table(String schema, String name) throws SQLException;

  /** Costs the statement with the proposed indexes together, by whatever means the options allow. */
  abstract Validation validate(StatementGuard.Checked stmt, List<ProposedIndex> indexes)
      throws SQLException;

  /** The problem when the plan ignores one of the indexes, else null. */
  static String unused(Plan after, List<String> names, String planner) {
    for (String name : names) {
      if (!after.usesIndex(name)) {
        return "the " + planner + " does not use the index" + (names.size() > 1 ? " " + name : "");
      }
    }
    return null;
  }

  abstract String createIndexDdl(TableInfo table, String indexName, List<String> columns);

  abstract String quote(String identifier);

  /** The quoted columns of an index, comma-separated. */
  final String columnList(List<String> columns) {
    return String.join(", ", columns.stream().map(this::quote).toList());
  }

  int timeoutSeconds() {
    return (int) Math.max(1, (options.statementTimeout().toMillis() + 999) / 1000);
  }

  void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(timeoutSeconds());
      st.execute(sql);
    }
  }

  String queryString(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(timeoutSeconds());
      try (ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** A free index name: {@code <table>_<columns>_idx}, shortened to the product's limit. */
  String indexName(TableInfo table, List<String> columns) {
    String base = (table.name() + "_" + String.join("_", columns)).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]", "_");
    if (base.length() > 55) {
      base = base.substring(0, 55);
    }
    String name = base + "_idx";
    int suffix = 1;
    while (indexNameTaken(table, name)) {
      name = base + "_idx" + suffix++;
    }
    return name;
  }

  abstract boolean indexNameTaken(TableInfo table, String name);

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any",
      "array", "as", "asc", "both", "case", "cast", "check", "collate", "column", "constraint",
      "create", "current_date", "current_time", "current_user", "default", "desc", "distinct", "do",
      "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group",
      "having", "in", "index", "key", "keys", "leading", "limit", "not", "null", "offset", "on",
      "only", "or", "order", "primary", "references", "select", "table", "then", "to", "trailing",
      "true", "union", "unique", "user", "using", "when", "where", "window", "with", "range", "rank");

  /** Whether an identifier may be written without quotes in either dialect. */
  static boolean plainIdentifier(String identifier) {
    return PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
