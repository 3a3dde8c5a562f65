package dev.dbprof.explain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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

  MySqlSession(Connection connection, AdvisorOptions options, Dialect dialect) throws SQLException {
    super(connection, options);
    this.dialect = dialect;
    connection.setAutoCommit(true);
    this.database = queryString("SELECT DATABASE()");
    // the planning guard lexes backslash escapes in '…' and "…": make the server agree
    trySet("SET SESSION sql_mode = REPLACE(REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', ''),"
        + " 'ANSI_QUOTES', '')");
    this.releaseAllLocks = tryQuery("SELECT RELEASE_ALL_LOCKS()");
    if (dialect == Dialect.MYSQL) {
      trySet("SET SESSION explain_json_format_version = 1"); // 8.3+ would otherwise print format 2
      trySet("SET SESSION max_execution_time = " + options.statementTimeout().toMillis());
    } else {
      trySet("SET SESSION max_statement_time = " + options.statementTimeout().toMillis() / 1000.0);
    }
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
      sql = SqlText.readingSelect(sql);
      if (sql == null) {
        throw new SQLException("cannot form the SELECT that reads this " + stmt.leadingKeyword() + "'s rows");
      }
    } else if (!StatementGuard.isRead(stmt.leadingKeyword())) {
      throw new SQLException(dialectName() + " cannot EXPLAIN an " + stmt.leadingKeyword().toUpperCase(Locale.ROOT)
          + " inside a read-only transaction; not explained");
    }
    String source = "sample-values";
    if (SqlText.hasPlaceholders(sql, dialect)) {
      sql = withStandInLiterals(sql);
      source = "stand-in-literals";
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
    for (String t : TableAliases.of(sql).values()) {
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
    // InnoDB DDL commits implicitly: this really creates the indexes, then drops them again
    List<ProposedIndex> created = new ArrayList<>();
    try {
      for (ProposedIndex index : indexes) {
        execute("CREATE INDEX " + quote(index.name()) + " ON " + quote(index.table().name())
            + " (" + columnList(index.columns()) + ")");
        created.add(index);
      }
      Explained after = explain(stmt, false);
      return new Validation("trial", after.plan(),
          unused(after.plan(), indexes.stream().map(ProposedIndex::name).toList(), "optimizer"));
    } finally {
      for (ProposedIndex index : created) {
        execute("DROP INDEX " + quote(index.name()) + " ON " + quote(index.table().name()));
      }
    }
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
