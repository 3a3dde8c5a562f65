package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 8 and MariaDB: JSON plans; placeholders get stand-in literals of each column's type, since
 * neither server has a generic-plan mode; validation only by really building the index on a
 * database the user named as disposable.
 */
final class MySqlSession extends DatabaseSession {

  private final Dialect dialect;
  private final String database;
  /** MySQL 5.7+ and MariaDB 10.5+: user locks are released after every statement. */
  private final boolean releaseAllLocks;
  /** table (lower) → column (lower) → data type, for the tables of the connected database. */
  private Map<String, Map<String, String>> columnTypes;

  /** Trial indexes get names of this prefix, so that leftovers of an interrupted run are known as dbprof's. */
  static final String TRIAL_PREFIX = "dbprof_trial_";

  private final Connector reconnect;

  MySqlSession(Connection connection, AdvisorOptions options, Dialect dialect, Connector reconnect)
      throws SQLException {
    super(connection, options);
    this.dialect = dialect;
    this.reconnect = reconnect;
    connection.setAutoCommit(true);
    this.database = queryString("SELECT DATABASE()");
    // the planning guard lexes backslash escapes in '…' and "…": make the server agree
    trySet("SET SESSION sql_mode = REPLACE(REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', ''),"
        + " 'ANSI_QUOTES', '')");
    this.releaseAllLocks = tryQuery("SELECT RELEASE_ALL_LOCKS()");
    if (dialect == Dialect.MYSQL) {
      trySet("SET SESSION explain_json_format_version = 1"); // 8.3+ would otherwise print format 2
    }
  }

  @Override
  void setRole(String role) throws SQLException {
    execute("SET ROLE " + quote(role));
  }

  @Override
  void applySessionLimits() {
    long lockSeconds = Math.max(1, (lockTimeoutMillis() + 999) / 1000);
    if (dialect == Dialect.MYSQL) {
      trySet("SET SESSION max_execution_time = " + options.statementTimeout().toMillis());
    } else {
      trySet("SET SESSION max_statement_time = " + options.statementTimeout().toMillis() / 1000.0);
      trySet("SET SESSION idle_transaction_timeout = " + Math.max(1, idleInTransactionMillis() / 1000));
    }
    trySet("SET SESSION lock_wait_timeout = " + lockSeconds);
    trySet("SET SESSION innodb_lock_wait_timeout = " + lockSeconds);
  }

  /** Global privileges that reach beyond reading tables: the server's files, other sessions, users, settings. */
  private static final Set<String> POWERFUL = Set.of("ALL", "ALL PRIVILEGES", "SUPER", "FILE",
      "SHUTDOWN", "RELOAD", "CREATE USER", "GRANT OPTION", "CONNECTION ADMIN", "SET USER",
      "READ_ONLY ADMIN", "BINLOG ADMIN", "BINLOG REPLAY", "REPLICATION MASTER ADMIN",
      "REPLICATION SLAVE ADMIN", "FEDERATED ADMIN", "CONNECTION_ADMIN", "SYSTEM_VARIABLES_ADMIN",
      "SYSTEM_USER", "SET_USER_ID", "SET_ANY_DEFINER", "ROLE_ADMIN", "ENCRYPTION_KEY_ADMIN",
      "PERSIST_RO_VARIABLES_ADMIN", "BINLOG_ADMIN", "REPLICATION_SLAVE_ADMIN", "GROUP_REPLICATION_ADMIN",
      "CLONE_ADMIN", "SERVICE_CONNECTION_ADMIN");

  private static final Pattern GLOBAL_GRANT = Pattern.compile(
      "(?i)^GRANT (.+?) ON (\\*\\.\\*|`mysql`\\.\\*) TO .*?( WITH GRANT OPTION)?$");
  private static final Pattern ROLE_GRANT = Pattern.compile("(?i)^GRANT ((?:`[^`]*`(?:@`[^`]*`)?(?:,\\s*)?)+) TO ");
  private static final Pattern ROLE_NAME = Pattern.compile("`([^`]*)`(?:@`([^`]*)`)?");

  /**
   * From {@code SHOW GRANTS} of the account and, through every role granted to it (which code in
   * the session could switch to), of those roles: global privileges beyond reading, and any grant
   * on the {@code mysql} schema, where accounts live.
   */
  @Override
  List<String> dangerousPrivileges() throws SQLException {
    Set<String> found = new java.util.TreeSet<>();
    java.util.Deque<String> pending = new java.util.ArrayDeque<>(List.of("SHOW GRANTS"));
    Set<String> seen = new java.util.HashSet<>();
    while (!pending.isEmpty() && seen.size() < 50) {
      String show = pending.pop();
      if (!seen.add(show)) {
        continue;
      }
      List<String> lines;
      try {
        lines = lines(show);
      } catch (SQLException e) {
        if (e.getErrorCode() == ER_OPTION_PREVENTS_STATEMENT && show.equals("SHOW GRANTS")) {
          return List.of("every privilege: the server runs with --skip-grant-tables");
        }
        if (show.equals("SHOW GRANTS")) {
          throw e;
        }
        lines = grantsAsRole(show);
        if (lines == null) {
          found.add("the role in " + show.substring("SHOW GRANTS FOR ".length())
              + ", whose privileges cannot be read");
          continue;
        }
      }
      pending.addAll(grantedPrivileges(lines, found));
    }
    return List.copyOf(found);
  }

  private List<String> lines(String show) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(show)) {
      ps.setQueryTimeout(timeoutSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return lines;
  }

  /**
   * A granted role's privileges as its grantee may read them: MySQL 8 expands them into the
   * account's own grants with {@code USING}; MariaDB shows them only while the role is current, so
   * switch to it, read them, switch back. Null when that is not possible either.
   */
  private List<String> grantsAsRole(String show) {
    String role = show.substring("SHOW GRANTS FOR ".length());
    if (dialect == Dialect.MYSQL) {
      try {
        return lines("SHOW GRANTS FOR CURRENT_USER() USING " + role);
      } catch (SQLException e) {
        return null;
      }
    }
    try {
      String current = queryString("SELECT CURRENT_ROLE()");
      execute("SET ROLE " + role);
      try {
        return lines("SHOW GRANTS FOR CURRENT_ROLE");
      } finally {
        execute("SET ROLE " + (current == null ? "NONE" : quote(current)));
      }
    } catch (SQLException e) {
      return null;
    }
  }

  /** MySQL/MariaDB error 1290: "The server is running with the --… option so it cannot execute this statement". */
  private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;

  /**
   * Adds to {@code found} the powerful privileges that {@code SHOW GRANTS} lines give; returns the
   * {@code SHOW GRANTS FOR} statements of the roles they grant.
   */
  static List<String> grantedPrivileges(List<String> lines, Set<String> found) {
    List<String> roleQueries = new ArrayList<>();
    for (String line : lines) {
      Matcher global = GLOBAL_GRANT.matcher(line);
      if (global.matches()) {
        boolean accountsSchema = !global.group(2).equals("*.*");
        for (String privilege : global.group(1).split(",")) {
          String p = privilege.strip().toUpperCase(Locale.ROOT);
          if (accountsSchema && !p.equals("SELECT") && !p.equals("SHOW VIEW")) {
            found.add(p + " on mysql.*");
          } else if (!accountsSchema && POWERFUL.contains(p)) {
            found.add(p);
          }
        }
        if (global.group(3) != null && !accountsSchema) {
          found.add("GRANT OPTION");
        }
        continue;
      }
      Matcher roles = ROLE_GRANT.matcher(line);
      if (roles.find() && !line.contains(" ON ")) {
        Matcher role = ROLE_NAME.matcher(roles.group(1));
        while (role.find()) {
          roleQueries.add("SHOW GRANTS FOR " + backtick(role.group(1))
              + (role.group(2) != null ? "@" + backtick(role.group(2)) : ""));
        }
      }
    }
    return roleQueries;
  }

  private static String backtick(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  /** Indexes named as dbprof's trial indexes in the disposable database, as (table, index). */
  private static List<String[]> trialIndexes(Connection c, String database, int timeoutSeconds)
      throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT table_name, index_name FROM information_schema.statistics"
            + " WHERE table_schema = ? AND index_name LIKE 'dbprof\\_trial\\_%'"
            + " ORDER BY table_name, index_name")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return found;
  }

  private List<String> dropTrialIndexes(Connection c) throws SQLException {
    List<String> dropped = new ArrayList<>();
    for (String[] index : trialIndexes(c, database, timeoutSeconds())) {
      try (Statement st = c.createStatement()) {
        st.setQueryTimeout(timeoutSeconds());
        st.execute("DROP INDEX " + quote(index[1]) + " ON " + quote(database) + "." + quote(index[0]));
      }
      dropped.add(index[0] + "." + index[1]);
    }
    return dropped;
  }

  /** Only in the disposable database, and only indexes whose names dbprof owns. */
  @Override
  String dropLeftovers() throws SQLException {
    if (!disposableConnected()) {
      return null;
    }
    List<String> dropped = dropTrialIndexes(connection);
    return dropped.isEmpty() ? null : "dropped " + dropped.size() + " trial index"
        + (dropped.size() == 1 ? "" : "es") + " left behind by an interrupted run: " + String.join(", ", dropped);
  }

  /**
   * Over a connection of its own, since the advisor's may be in the middle of the build: drops
   * every trial index that exists. One still being built is dropped by the next run.
   */
  @Override
  Runnable trialCleanup() {
    return () -> {
      try (Connection c = reconnect.connect()) {
        try (Statement st = c.createStatement()) {
          st.setQueryTimeout(timeoutSeconds());
          st.execute("SET SESSION lock_wait_timeout = " + timeoutSeconds());
        }
        dropTrialIndexes(c);
      } catch (SQLException | RuntimeException ignored) {
        // the JVM is going down: the next run drops what is left
      }
    };
  }

  @Override
  CodeCatalog readCodeCatalog() throws SQLException {
    String mode = queryString("SELECT @@SESSION.sql_mode");
    if (mode != null && (mode.contains("NO_BACKSLASH_ESCAPES") || mode.contains("ANSI_QUOTES"))) {
      // the server would read quotes differently from the guard: nothing is safe to explain
      throw new SQLException("the session's sql_mode could not be cleared of NO_BACKSLASH_ESCAPES and ANSI_QUOTES");
    }
    return CodeCatalog.loadMySql(connection, dialect, timeoutSeconds());
  }

  private boolean tryQuery(String sql) {
    try {
      queryString(sql);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void trySet(String sql) {
    try {
      execute(sql);
    } catch (SQLException ignored) {
      // older server without this variable: the JDBC query timeout still applies
    }
  }

  @Override
  Dialect dialect() {
    return dialect;
  }

  @Override
  Explained explain(StatementGuard.Checked stmt, boolean analyze) throws SQLException {
    String sql = stmt.sql();
    if (stmt.leadingKeyword().equals("update") || stmt.leadingKeyword().equals("delete")) {
      // both servers refuse EXPLAIN of a write in a read-only transaction: plan the rows it would read
      sql = SqlText.readingSelect(sql, dialect);
      if (sql == null) {
        throw new SQLException("cannot form the SELECT that reads this " + stmt.leadingKeyword() + "'s rows");
      }
    } else if (!StatementGuard.isRead(stmt.leadingKeyword())) {
      throw new SQLException(dialectName() + " cannot EXPLAIN an " + stmt.leadingKeyword().toUpperCase(Locale.ROOT)
          + " inside a read-only transaction; not explained");
    }
    PlanSource source = PlanSource.SAMPLE_VALUES;
    if (SqlText.hasPlaceholders(sql, dialect)) {
      sql = withStandInLiterals(sql);
      source = PlanSource.STAND_IN_LITERALS;
      analyze = false;
    }
    // MySQL's EXPLAIN ANALYZE prints only TREE text; MariaDB's ANALYZE FORMAT=JSON runs the statement
    boolean run = analyze && !stmt.write() && dialect == Dialect.MARIADB;
    String prefix = run ? "ANALYZE FORMAT=JSON " : "EXPLAIN FORMAT=JSON ";
    execute("START TRANSACTION READ ONLY");
    try {
      return new Explained(MySqlPlanReader.read(queryString(prefix + sql), dialect), source);
    } finally {
      execute("ROLLBACK");
      if (releaseAllLocks) {
        // defence in depth: no GET_LOCK survives a statement, even one the guard missed
        queryString("SELECT RELEASE_ALL_LOCKS()");
      }
    }
  }

  /** Replaces each placeholder with a literal of the compared column's type from the catalog. */
  String withStandInLiterals(String sql) throws SQLException {
    Map<String, Map<String, String>> types = columnTypes();
    List<String> tables = new ArrayList<>();
    for (String t : TableAliases.of(sql, dialect).values()) {
      tables.add(TableAliases.lastPart(t).toLowerCase(Locale.ROOT));
    }
    return SqlText.substitute(sql, dialect, (index, p) -> {
      if (p.column() == null) {
        return "limit".equals(p.precedingKeyword()) || "offset".equals(p.precedingKeyword()) ? "10" : "'1'";
      }
      String type = null;
      for (String t : tables) {
        Map<String, String> cols = types.get(t);
        if (cols != null && cols.containsKey(p.column())) {
          type = cols.get(p.column());
          break;
        }
      }
      if (type == null) {
        for (Map<String, String> cols : types.values()) {
          if (cols.containsKey(p.column())) {
            type = cols.get(p.column());
            break;
          }
        }
      }
      return standIn(type);
    });
  }

  /** A literal of the column's type; strings match any column without defeating its index. */
  static String standIn(String dataType) {
    if (dataType == null) {
      return "'1'";
    }
    return switch (dataType.toLowerCase(Locale.ROOT)) {
      case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric",
          "float", "double", "real", "bit", "year" -> "1";
      case "date" -> "'2000-01-01'";
      case "datetime", "timestamp" -> "'2000-01-01 00:00:00'";
      case "time" -> "'00:00:00'";
      case "binary", "varbinary", "blob", "tinyblob", "mediumblob", "longblob" -> "X'01'";
      default -> "'1'";
    };
  }

  private Map<String, Map<String, String>> columnTypes() throws SQLException {
    if (columnTypes == null) {
      Map<String, Map<String, String>> all = new TreeMap<>();
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT table_name, column_name, data_type FROM information_schema.columns"
              + " WHERE table_schema = DATABASE()")) {
        ps.setQueryTimeout(timeoutSeconds());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            all.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                .put(rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3));
          }
        }
      }
      columnTypes = all;
    }
    return columnTypes;
  }

  @Override
  TableInfo table(String schema, String name) throws SQLException {
    String realName;
    long rows;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT table_name, table_rows FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name = ? AND table_type = 'BASE TABLE'")) {
      ps.setQueryTimeout(timeoutSeconds());
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        realName = rs.getString(1);
        rows = rs.getLong(2);
      }
    }
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT index_name, seq_in_index, column_name FROM information_schema.statistics"
            + " WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index")) {
      ps.setQueryTimeout(timeoutSeconds());
      ps.setString(1, realName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String column = rs.getString(3);
          indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(column == null ? "" : column.toLowerCase(Locale.ROOT));
        }
      }
    }
    List<NamedIndex> named = new ArrayList<>();
    indexes.forEach((n, cols) -> named.add(new NamedIndex(n, List.copyOf(cols))));
    return new TableInfo(database, realName, true, rows, named);
  }

  @Override
  boolean indexNameTaken(TableInfo table, String name) {
    return table.indexes().stream().anyMatch(i -> i.name().equalsIgnoreCase(name));
  }

  boolean disposableConnected() {
    return options.disposableDatabase() != null && database != null
        && options.disposableDatabase().equals(database);
  }

  @Override
  Validation validate(StatementGuard.Checked stmt, List<ProposedIndex> indexes) throws SQLException {
    if (options.disposableDatabase() == null) {
      return Validation.none(dialectName()
          + " has no hypothetical indexes; name a disposable database to validate by building the index");
    }
    if (!disposableConnected()) {
      return Validation.none("the connected database is " + database + ", not the disposable database "
          + options.disposableDatabase() + "; the index was not built");
    }
    // InnoDB DDL commits implicitly: this really creates the indexes, then drops them again; the
    // names are dbprof's own, so that one left behind by a killed run is recognised and dropped
    List<ProposedIndex> created = new ArrayList<>();
    Thread cleanupOnExit = new Thread(trialCleanup(), "dbprof-trial-index-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    try {
      for (ProposedIndex index : indexes) {
        execute("CREATE INDEX " + quote(trialName(index)) + " ON " + quote(index.table().name())
            + " (" + columnList(index.columns()) + ")");
        created.add(index);
      }
      if (whileTrialIndexesExist != null) {
        whileTrialIndexesExist.run();
      }
      Explained after = explain(stmt, false);
      return new Validation(ValidationMethod.TRIAL, after.plan(),
          unused(after.plan(), indexes.stream().map(MySqlSession::trialName).toList(), "optimizer"));
    } finally {
      try {
        for (ProposedIndex index : created) {
          execute("DROP INDEX " + quote(trialName(index)) + " ON " + quote(index.table().name()));
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to: it drops what is left
        }
      }
    }
  }

  /**
   * The trial's name for a proposed index: dbprof's prefix, then the readable name within the
   * 64-character limit, shortened at its start so that the distinguishing suffix stays.
   */
  static String trialName(ProposedIndex index) {
    String name = index.name();
    int room = 64 - TRIAL_PREFIX.length();
    return TRIAL_PREFIX + (name.length() <= room ? name : name.substring(name.length() - room));
  }

  private String dialectName() {
    return dialect == Dialect.MARIADB ? "MariaDB" : "MySQL";
  }

  @Override
  String createIndexDdl(TableInfo table, String indexName, List<String> columns) {
    // the online-DDL clause fails instead of locking the table, like CONCURRENTLY on PostgreSQL
    return "CREATE INDEX " + quote(indexName) + " ON " + quote(table.name())
        + " (" + columnList(columns) + ") ALGORITHM=INPLACE LOCK=NONE";
  }

  @Override
  String quote(String identifier) {
    return plainIdentifier(identifier.toLowerCase(Locale.ROOT)) && identifier.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? identifier : '`' + identifier.replace("`", "``") + '`';
  }
}
