package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/** PostgreSQL: JSON plans, generic plans for placeholders, hypopg or a rolled-back build to validate. */
final class PostgresSession extends DatabaseSession {

  private final int versionNum;
  private final boolean hypopg;
  /** Tests set this to exercise the PREPARE path that servers before 16 need. */
  boolean forcePreparedGenericPlan;
  private final AtomicInteger prepared = new AtomicInteger();

  PostgresSession(Connection connection, AdvisorOptions options) throws SQLException {
    super(connection, options);
    connection.setAutoCommit(true);
    // the planning guard lexes '…' without backslash escapes: make the server agree
    execute("SET standard_conforming_strings = on");
    this.versionNum = Integer.parseInt(queryString("SHOW server_version_num").trim());
    this.hypopg = queryString("SELECT extversion FROM pg_extension WHERE extname = 'hypopg'") != null;
    if (hypopg) {
      try {
        // auto_explain breaks EXPLAIN after hypopg_create_index ("cache lookup failed for index")
        execute("SET auto_explain.log_min_duration = -1");
      } catch (SQLException ignored) {
        // not loaded, or not allowed: nothing to switch off
      }
    }
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  CodeCatalog readCodeCatalog() throws SQLException {
    return CodeCatalog.loadPostgres(connection, timeoutSeconds(), versionNum);
  }

  @Override
  void setRole(String role) throws SQLException {
    execute("SET ROLE " + quote(role));
  }

  @Override
  void applySessionLimits() throws SQLException {
    execute("SET statement_timeout = " + options.statementTimeout().toMillis());
    execute("SET lock_timeout = " + lockTimeoutMillis());
    execute("SET idle_in_transaction_session_timeout = " + idleInTransactionMillis());
    // every transaction starts read-only; only the index trial asks for read-write
    execute("SET default_transaction_read_only = on");
  }

  /** Predefined roles whose members reach the server's files, programs or other sessions, or write anything. */
  private static final List<String> POWERFUL_ROLES = List.of("pg_execute_server_program",
      "pg_read_server_files", "pg_signal_backend", "pg_write_all_data", "pg_write_server_files");

  /**
   * Role attributes and predefined roles of the role in effect and of the login role, through
   * every membership (a member can SET ROLE to them, and code in the session can RESET ROLE back
   * to the login role, so dropping privileges with SET ROLE does not make a superuser login safe).
   */
  @Override
  List<String> dangerousPrivileges() throws SQLException {
    String sql = """
        SELECT m.rolname, m.rolsuper, m.rolcreaterole, m.rolreplication, m.rolbypassrls,
               m.rolname IN (session_user, current_user)
        FROM pg_roles m
        WHERE pg_has_role(session_user, m.oid, 'MEMBER') OR pg_has_role(current_user, m.oid, 'MEMBER')
        ORDER BY m.rolname""";
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    List<String> roles = new ArrayList<>();
    List<String> ownSuperuser = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String role = rs.getString(1);
          String via = " (role " + role + ")";
          if (rs.getBoolean(2)) {
            found.add("superuser" + via);
            if (rs.getBoolean(6)) {
              ownSuperuser.add("superuser" + via);
            }
          }
          if (rs.getBoolean(3)) {
            found.add("CREATEROLE" + via);
          }
          if (rs.getBoolean(4)) {
            found.add("REPLICATION" + via);
          }
          if (rs.getBoolean(5)) {
            found.add("BYPASSRLS" + via);
          }
          if (POWERFUL_ROLES.contains(role)) {
            roles.add("member of " + role);
          }
        }
      }
    }
    if (!ownSuperuser.isEmpty()) {
      // a superuser is a member of every role, the cluster's other superusers included: its own name says enough
      return ownSuperuser;
    }
    List<String> superuser = found.stream().filter(p -> p.startsWith("superuser")).toList();
    if (!superuser.isEmpty()) {
      return superuser;
    }
    List<String> out = new ArrayList<>(found);
    out.addAll(roles);
    return out;
  }

  @Override
  Explained explain(StatementGuard.Checked stmt, boolean analyze) throws SQLException {
    List<String> toDeallocate = new ArrayList<>();
    connection.setAutoCommit(false);
    try {
      beginReadOnly();
      return explainInTransaction(stmt, analyze, toDeallocate);
    } finally {
      finish(toDeallocate);
    }
  }

  private void beginReadOnly() throws SQLException {
    execute("SET TRANSACTION READ ONLY");
    execute("SET LOCAL statement_timeout = " + options.statementTimeout().toMillis());
  }

  private void finish(List<String> toDeallocate) throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.setAutoCommit(true);
      // prepared statements outlive the transaction
      for (String name : toDeallocate) {
        execute("DEALLOCATE " + name);
      }
      // defence in depth: no session-level advisory lock survives a statement, even one the guard missed
      queryString("SELECT pg_catalog.pg_advisory_unlock_all()");
    }
  }

  private Explained explainInTransaction(StatementGuard.Checked stmt, boolean analyze,
      List<String> toDeallocate) throws SQLException {
    String sql = stmt.sql();
    if (!SqlText.hasPlaceholders(sql, Dialect.POSTGRESQL)) {
      String opts = analyze && !stmt.write() ? "ANALYZE, VERBOSE, FORMAT JSON" : "VERBOSE, FORMAT JSON";
      return new Explained(PostgresPlanReader.read(queryString("EXPLAIN (" + opts + ") " + sql)),
          PlanSource.SAMPLE_VALUES);
    }
    SqlText.DollarText text = SqlText.toDollarParameters(sql);
    if (versionNum >= 160000 && !forcePreparedGenericPlan) {
      String json = queryString("EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) " + text.sql());
      return new Explained(PostgresPlanReader.read(json), PlanSource.GENERIC_PLAN);
    }
    String name = "dbprof_explain_" + prepared.incrementAndGet();
    execute("SET LOCAL plan_cache_mode = force_generic_plan");
    execute("PREPARE " + name + " AS " + text.sql());
    toDeallocate.add(name);
    StringJoiner nulls = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < text.parameters(); i++) {
      nulls.add("NULL");
    }
    String json = queryString("EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE " + name
        + (text.parameters() > 0 ? nulls.toString() : ""));
    return new Explained(PostgresPlanReader.read(json), PlanSource.PREPARED_GENERIC);
  }

  @Override
  TableInfo table(String schema, String name) throws SQLException {
    String sql = """
        SELECT n.nspname, c.relname, c.reltuples::bigint,
               n.nspname = current_schema(),
               pg_relation_size(c.oid) / current_setting('block_size')::int
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p', 'm')""";
    String regclass = schema == null ? quote(name) : quote(schema) + "." + quote(name);
    String realSchema;
    String realName;
    long rows;
    boolean current;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds());
      ps.setString(1, regclass);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        realSchema = rs.getString(1);
        realName = rs.getString(2);
        long reltuples = rs.getLong(3);
        current = rs.getBoolean(4);
        // never analyzed (-1): guess from the size, about 60 narrow rows per 8 kB page
        rows = reltuples >= 0 ? reltuples : rs.getLong(5) * 60;
      }
    }
    String indexSql = """
        SELECT ic.relname, k.ord, coalesce(a.attname, '')
        FROM pg_index x
        JOIN pg_class ic ON ic.oid = x.indexrelid
        CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE x.indrelid = to_regclass(?) AND x.indisvalid AND x.indpred IS NULL
          AND k.ord <= x.indnkeyatts
        ORDER BY ic.relname, k.ord""";
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(indexSql)) {
      ps.setQueryTimeout(timeoutSeconds());
      ps.setString(1, quote(realSchema) + "." + quote(realName));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
        }
      }
    }
    List<NamedIndex> named = new ArrayList<>();
    indexes.forEach((n, cols) -> named.add(new NamedIndex(n, List.copyOf(cols))));
    return new TableInfo(realSchema, realName, current, rows, named);
  }

  @Override
  boolean indexNameTaken(TableInfo table, String name) {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?")) {
      ps.setString(1, table.schema());
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  Validation validate(StatementGuard.Checked stmt, List<ProposedIndex> indexes) throws SQLException {
    String hypopgProblem = null;
    if (hypopg) {
      try {
        return withHypotheticalIndexes(stmt, indexes);
      } catch (SQLException e) {
        hypopgProblem = "hypopg failed: " + DatabaseMessages.scrubbed(e);
      }
    }
    if (options.trial()) {
      return withRolledBackIndexes(stmt, indexes);
    }
    return Validation.none(hypopgProblem != null ? hypopgProblem
        : "hypopg is not installed and the trial option is off");
  }

  private Validation withHypotheticalIndexes(StatementGuard.Checked stmt, List<ProposedIndex> indexes)
      throws SQLException {
    List<String> toDeallocate = new ArrayList<>();
    List<String> hypothetical = new ArrayList<>();
    connection.setAutoCommit(false);
    try {
      beginReadOnly();
      for (ProposedIndex index : indexes) {
        try (PreparedStatement ps = connection.prepareStatement(
            "SELECT indexname FROM hypopg_create_index(?)")) {
          ps.setQueryTimeout(timeoutSeconds());
          ps.setString(1, "CREATE INDEX ON " + quote(index.table().schema()) + "."
              + quote(index.table().name()) + " (" + columnList(index.columns()) + ")");
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            hypothetical.add(rs.getString(1));
          }
        }
      }
      Explained after = explainInTransaction(stmt, false, toDeallocate);
      return new Validation(ValidationMethod.HYPOPG, after.plan(), unused(after.plan(), hypothetical, "planner"));
    } finally {
      try {
        finish(toDeallocate);
      } finally {
        // hypothetical indexes live in the backend, not the transaction
        queryString("SELECT hypopg_reset()");
      }
    }
  }

  private Validation withRolledBackIndexes(StatementGuard.Checked stmt, List<ProposedIndex> indexes)
      throws SQLException {
    String refusal = trialRefusal(indexes);
    if (refusal != null) {
      return Validation.none(refusal);
    }
    List<String> toDeallocate = new ArrayList<>();
    List<String> names = new ArrayList<>();
    connection.setAutoCommit(false);
    try {
      execute("SET TRANSACTION READ WRITE");
      execute("SET LOCAL statement_timeout = " + options.statementTimeout().toMillis());
      // the build holds a SHARE lock that blocks the application's writes: never queue for it, and
      // if dbprof stops inside this transaction (SIGSTOP, a debugger), the server ends it soon
      execute("SET LOCAL lock_timeout = " + lockTimeoutMillis());
      execute("SET LOCAL idle_in_transaction_session_timeout = " + lockTimeoutMillis());
      for (ProposedIndex index : indexes) {
        execute("CREATE INDEX " + quote(index.name()) + " ON " + quote(index.table().schema()) + "."
            + quote(index.table().name()) + " (" + columnList(index.columns()) + ")");
        names.add(index.name());
      }
      if (whileTrialIndexesExist != null) {
        whileTrialIndexesExist.run();
      }
      // the indexes exist only in this transaction; the EXPLAIN itself runs read-only
      execute("SET TRANSACTION READ ONLY");
      Explained after = explainInTransaction(stmt, false, toDeallocate);
      return new Validation(ValidationMethod.TRIAL, after.plan(), unused(after.plan(), names, "planner"));
    } finally {
      finish(toDeallocate);
    }
  }

  /**
   * Why building these indexes could run code other than PostgreSQL's own, or null: enabled event
   * triggers fire on CREATE INDEX (and what they do, such as advancing a sequence, survives the
   * rollback); a column whose type is not built-in brings its own comparison functions.
   */
  private String trialRefusal(List<ProposedIndex> indexes) throws SQLException {
    List<String> triggers = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT evtname FROM pg_event_trigger WHERE evtenabled <> 'D' ORDER BY evtname")) {
      ps.setQueryTimeout(timeoutSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          triggers.add(rs.getString(1));
        }
      }
    }
    if (!triggers.isEmpty()) {
      return "the database has enabled event triggers (" + String.join(", ", triggers)
          + "), which would run on the trial's CREATE INDEX; the index was not built";
    }
    // types created by users get OIDs from FirstNormalObjectId (16384) on
    String typeSql = """
        SELECT format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a
        WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.atttypid >= 16384""";
    for (ProposedIndex index : indexes) {
      for (String column : index.columns()) {
        try (PreparedStatement ps = connection.prepareStatement(typeSql)) {
          ps.setQueryTimeout(timeoutSeconds());
          ps.setString(1, quote(index.table().schema()) + "." + quote(index.table().name()));
          ps.setString(2, column);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return "column " + column + " has the type " + rs.getString(1) + ", which is not built"
                  + " in: its index support functions could run user code; the index was not built";
            }
          }
        }
      }
    }
    return null;
  }

  @Override
  String createIndexDdl(TableInfo table, String indexName, List<String> columns) {
    String target = table.inCurrentSchema() ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
    return "CREATE INDEX CONCURRENTLY " + quote(indexName) + " ON " + target
        + " (" + columnList(columns) + ")";
  }

  @Override
  String quote(String identifier) {
    return plainIdentifier(identifier) ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
