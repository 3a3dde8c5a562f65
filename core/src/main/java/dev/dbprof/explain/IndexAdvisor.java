package dev.dbprof.explain;

import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.capture.Redactor;
import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.StatementFacts;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the indexes a workload is missing by asking the database for plans.
 *
 * <p>Safety: only one statement of an explainable kind per candidate reaches the server, and only
 * when {@link PlanningGuard} finds that planning it can run no user or denied code; every
 * EXPLAIN runs in a read-only transaction with a statement timeout and is rolled back; ANALYZE
 * only when allowed and never for a write; indexes are built only on request (PostgreSQL: inside
 * a transaction that is rolled back; MySQL/MariaDB: on the database named disposable).
 */
public final class IndexAdvisor implements PlanAdvisor, AutoCloseable {

  private final DatabaseSession session;
  private final AdvisorOptions options;
  private final Watchdog watchdog;
  private final List<AdvisorNote> notes = new ArrayList<>();
  /** What opening the session found worth saying (leftovers dropped), repeated by each advise call. */
  private final List<AdvisorNote> openingNotes;

  private IndexAdvisor(DatabaseSession session, AdvisorOptions options, Watchdog watchdog,
      List<AdvisorNote> openingNotes) {
    this.session = session;
    this.options = options;
    this.watchdog = watchdog;
    this.openingNotes = List.copyOf(openingNotes);
  }

  /**
   * Connects to the database behind {@code jdbcUrl} ({@code jdbc:dbprof:} and {@code jdbc:p6spy:}
   * prefixes are removed). The options' budget bounds the advisor's work from here on, connecting
   * included, the time between {@link #advise} calls excluded: when it runs out, the connection is
   * aborted.
   *
   * @throws AdvisorException with a one-sentence message (no password) when it cannot connect, when
   *     the budget runs out first, or when the account is privileged and that is not allowed
   */
  public static IndexAdvisor open(String jdbcUrl, String user, String password, AdvisorOptions options) {
    String url = plainUrl(jdbcUrl);
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    // messages name the URL as the user wrote it, not with the timeouts bounded
    String target = boundedTimeouts(url, props, options);
    Watchdog watchdog = new Watchdog(options.budget());
    Connection connection;
    try {
      connection = watchdog.connect(() -> DriverManager.getConnection(target, props));
    } catch (TimeoutException e) {
      throw new AdvisorException("Cannot connect to the database at " + Redactor.url(url)
          + " within the advisor's budget of " + seconds(options.budget()) + ".", null);
    } catch (SQLException | RuntimeException e) {
      throw new AdvisorException("Cannot connect to the database at " + Redactor.url(url) + ": "
          + Redactor.message(firstSentence(e.getMessage()), url, password) + ".", null);
    }
    watchdog.guard(connection);
    try {
      DatabaseMetaData meta = connection.getMetaData();
      Dialect dialect = Dialect.of(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
      if (dialect == null) {
        throw new AdvisorException("The database at " + Redactor.url(url) + " is "
            + meta.getDatabaseProductName() + "; index advice needs PostgreSQL, MySQL or MariaDB.", null);
      }
      DatabaseSession.Connector reconnect = () -> DriverManager.getConnection(target, props);
      DatabaseSession session = dialect == Dialect.POSTGRESQL
          ? new PostgresSession(connection, options)
          : new MySqlSession(connection, options, dialect, reconnect);
      if (options.role() != null) {
        session.setRole(options.role());
      }
      session.applySessionLimits();
      if (!options.allowSuperuser()) {
        refusePowerfulAccount(session, url);
      }
      List<AdvisorNote> opening = new ArrayList<>();
      String cleanup = session.dropLeftovers();
      if (cleanup != null) {
        opening.add(new AdvisorNote(null, cleanup));
      }
      watchdog.idle(); // until the analysis asks for advice
      return new IndexAdvisor(session, options, watchdog, opening);
    } catch (SQLException | RuntimeException e) {
      watchdog.close();
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
      if (e instanceof AdvisorException advisor) {
        throw advisor;
      }
      if (watchdog.fired()) {
        throw new AdvisorException("The advisor's budget of " + seconds(options.budget())
            + " ran out while preparing its session at " + Redactor.url(url) + ".", null);
      }
      throw new AdvisorException("Cannot prepare the advisor session at " + Redactor.url(url) + ": "
          + Redactor.message(DatabaseMessages.scrubbed(e), url, password) + ".", null);
    }
  }

  private static void refusePowerfulAccount(DatabaseSession session, String url) throws SQLException {
    List<String> privileges = session.dangerousPrivileges();
    if (!privileges.isEmpty()) {
      throw new AdvisorException("The account at " + Redactor.url(url) + " is too powerful for the"
          + " advisor (" + String.join(", ", privileges) + "), and whatever runs in its session runs"
          + " with that power: connect as a role with only SELECT (see \"The index advisor\" in the"
          + " README) or pass --explain-allow-superuser.", null);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.0f s", Math.ceil(d.toMillis() / 1000.0));
  }

  public Dialect dialect() {
    return session.dialect();
  }

  /** Why candidates of the last {@link #advise} call produced no advice, in candidate order. */
  @Override
  public List<AdvisorNote> notes() {
    return List.copyOf(notes);
  }

  /** Package-private hook for tests: runs while trial indexes exist (inside the trial transaction on PostgreSQL). */
  void whileTrialIndexesExist(Runnable hook) {
    session.whileTrialIndexesExist = hook;
  }

  /** Package-private hook for tests: the session's shutdown action (MySQL/MariaDB disposable trials). */
  Runnable trialCleanup() {
    return session.trialCleanup();
  }

  /** Package-private hook for tests: plan placeholders with PREPARE even on PostgreSQL 16+. */
  void forcePreparedGenericPlan() {
    if (session instanceof PostgresSession pg) {
      pg.forcePreparedGenericPlan = true;
    }
  }

  /** One finding per table a candidate scans in full; the costliest candidates are explained first. */
  @Override
  public List<IndexAdvice> advise(List<Candidate> candidates) {
    watchdog.working();
    try {
      return adviseWithin(candidates, watchdog.deadlineNanos());
    } finally {
      watchdog.idle();
    }
  }

  private List<IndexAdvice> adviseWithin(List<Candidate> candidates, long deadline) {
    notes.clear();
    notes.addAll(openingNotes);
    List<Candidate> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingDouble(Candidate::totalMs).reversed()
        .thenComparing(Candidate::queryId, Comparator.nullsLast(Comparator.naturalOrder())));
    List<Finding> findings = new ArrayList<>();
    int explained = 0;
    for (Candidate candidate : ordered) {
      if (explained >= options.maxStatements() || System.nanoTime() > deadline || watchdog.fired()) {
        notes.add(new AdvisorNote(candidate.queryId(), "not explained: the advisor's budget is spent"));
        continue;
      }
      StatementGuard.Checked stmt;
      try {
        stmt = StatementGuard.check(candidate.sqlText());
      } catch (StatementGuard.Refused refused) {
        notes.add(new AdvisorNote(candidate.queryId(), "refused: the statement " + refused.getMessage()));
        continue;
      }
      boolean write = stmt.write() || (candidate.facts() != null && candidate.facts().kind().isWrite());
      boolean analyze = options.allowAnalyze() && !write;
      try {
        PlanningGuard.Verdict verdict = PlanningGuard.check(stmt, session.codeCatalog(), analyze);
        if (analyze && verdict.analyzeRefusal() != null) {
          analyze = false;
          notes.add(new AdvisorNote(candidate.queryId(),
              "explained without ANALYZE: " + verdict.analyzeRefusal()));
        }
      } catch (StatementGuard.Refused refused) {
        notes.add(new AdvisorNote(candidate.queryId(), "refused: the statement " + refused.getMessage()
            + "; not explained"));
        continue;
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), "not explained: the catalog could not be read to rule"
            + " out user code: " + DatabaseMessages.scrubbed(e)));
        continue;
      }
      DatabaseSession.Explained before;
      try {
        explained++;
        before = session.explain(stmt, analyze);
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), "could not explain: " + DatabaseMessages.scrubbed(e)));
        continue;
      }
      try {
        findings.addAll(diagnose(candidate, stmt, before));
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), "could not read the catalog: " + DatabaseMessages.scrubbed(e)));
      }
    }
    merge(findings);
    List<IndexAdvice> advice = new ArrayList<>();
    for (Finding finding : findings) {
      advice.add(validate(finding, deadline));
    }
    validateTogether(findings, advice, deadline);
    if (watchdog.fired()) {
      notes.add(openingNotes.size(), new AdvisorNote(null, "the advisor's budget of " + seconds(options.budget())
          + " ran out and its database connection was aborted; the rest was not explained"));
    }
    return advice;
  }

  /**
   * A join can need an index on each side before either pays off: when a statement has several
   * findings and one alone misses the bar, cost them all together and suggest them as a set.
   */
  private void validateTogether(List<Finding> findings, List<IndexAdvice> advice, long deadline) {
    int start = 0;
    while (start < findings.size()) {
      int end = start + 1;
      while (end < findings.size() && findings.get(end).candidate == findings.get(start).candidate) {
        end++;
      }
      List<IndexAdvice> group = advice.subList(start, end);
      boolean worthTrying = group.size() >= 2
          && group.stream().noneMatch(a -> a.validated().equals("none"))
          && group.stream().anyMatch(a -> !a.suggested())
          && System.nanoTime() <= deadline;
      if (worthTrying) {
        List<Finding> members = findings.subList(start, end);
        List<DatabaseSession.ProposedIndex> indexes = new ArrayList<>();
        for (Finding f : members) {
          indexes.add(new DatabaseSession.ProposedIndex(f.table, session.indexName(f.table, f.columns), f.columns));
        }
        try {
          DatabaseSession.Validation together = session.validate(members.get(0).stmt, indexes);
          double before = members.get(0).before.plan().totalCost();
          if (together.after() != null && together.problem() == null && before > 0
              && 1 - together.after().totalCost() / before >= options.minCostSaving()) {
            for (int k = 0; k < group.size(); k++) {
              IndexAdvice a = group.get(k);
              if (!a.suggested()) {
                group.set(k, suggestedTogether(a, members.get(k), indexes, together));
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          // the single-index verdicts stand
        }
      }
      start = end;
    }
  }

  private IndexAdvice suggestedTogether(IndexAdvice alone, Finding f,
      List<DatabaseSession.ProposedIndex> indexes, DatabaseSession.Validation together) {
    double before = f.before.plan().totalCost();
    double after = together.after().totalCost();
    List<String> others = new ArrayList<>();
    for (DatabaseSession.ProposedIndex index : indexes) {
      if (!index.table().equals(f.table)) {
        others.add(index.name());
      }
    }
    String reason = scannedText(f) + "; together with " + String.join(", ", others) + ": "
        + costText(before, after, f.before.plan().costIsRows());
    return new IndexAdvice(alone.queryId(), alone.table(), alone.columns(), alone.ddl(), before, after,
        together.method(), alone.planSource(), alone.rowsExamined(), true, reason);
  }

  private static String scannedText(Finding f) {
    return "full scan of " + f.table.qualifiedName() + " (about " + f.rowsExamined
        + " rows) on " + String.join(", ", f.columns)
        + (f.mergedFrom != null ? " (one index shared with query " + f.mergedFrom + ")" : "");
  }

  private static String costText(double before, double after, boolean rows) {
    double saved = before > 0 ? 1 - after / before : 0;
    return String.format(Locale.ROOT, "cost %.2f -> %.2f%s, %.0f%% saved",
        before, after, rows ? " rows examined" : "", saved * 100);
  }

  /** A full scan worth an index, before validation. */
  private static final class Finding {
    final Candidate candidate;
    final StatementGuard.Checked stmt;
    final DatabaseSession.Explained before;
    final DatabaseSession.TableInfo table;
    final Set<String> equalityColumns;
    List<String> columns;
    final long rowsExamined;
    final boolean selective;
    String mergedFrom;

    Finding(Candidate candidate, StatementGuard.Checked stmt, DatabaseSession.Explained before,
        DatabaseSession.TableInfo table, Set<String> equalityColumns, List<String> columns,
        long rowsExamined, boolean selective) {
      this.candidate = candidate;
      this.stmt = stmt;
      this.before = before;
      this.table = table;
      this.equalityColumns = equalityColumns;
      this.columns = columns;
      this.rowsExamined = rowsExamined;
      this.selective = selective;
    }
  }

  private List<Finding> diagnose(Candidate candidate, StatementGuard.Checked stmt,
      DatabaseSession.Explained before) throws SQLException {
    List<Finding> out = new ArrayList<>();
    List<PlanNode> nodes = before.plan().nodes();
    Map<String, String> aliases = TableAliases.of(stmt.sql());
    List<String> seen = new ArrayList<>();
    for (PlanNode scan : nodes) {
      if (scan.access() != PlanNode.Access.FULL_SCAN && scan.access() != PlanNode.Access.FULL_INDEX_SCAN) {
        continue;
      }
      if (scan.table() == null || scan.table().startsWith("<")) {
        continue; // derived tables and materialized subqueries have no catalog entry
      }
      DatabaseSession.TableInfo table = session.table(scan.schema(), scan.table());
      if (table == null && session.dialect() != Dialect.POSTGRESQL) {
        String real = aliases.get(scan.table().toLowerCase(Locale.ROOT));
        table = real == null ? null : session.table(null, TableAliases.lastPart(real));
      }
      if (table == null) {
        continue;
      }
      double scanned = Double.isNaN(scan.actualRowsExamined())
          ? Math.max(table.rows(), session.dialect() == Dialect.POSTGRESQL ? 0 : scan.estimatedRows())
          : scan.actualRowsExamined();
      if (Math.max(table.rows(), scanned) < options.minTableRows()) {
        continue; // a small table is read faster in full than through an index
      }
      String qualifier = scan.alias() != null ? scan.alias() : scan.table();
      ColumnSets sets = new ColumnSets();
      for (String filter : scan.filters()) {
        for (Conditions.Predicate p : Conditions.predicates(filter)) {
          if (belongs(p, qualifier, table.name(), true)) {
            sets.add(p);
          }
        }
      }
      for (PlanNode node : nodes) {
        for (String join : node.joinConditions()) {
          for (Conditions.Predicate p : Conditions.predicates(join)) {
            if (p.use() == Conditions.Use.JOIN && belongs(p, qualifier, table.name(), false)) {
              sets.join.add(p.columnName());
            }
          }
        }
        if (!node.sortKeys().isEmpty()) {
          sets.addSortKeys(node.sortKeys(), qualifier, table.name(), false);
        }
      }
      if (sets.sort.isEmpty() && session.dialect() != Dialect.POSTGRESQL
          && (candidate.facts() == null || !candidate.facts().parsed())) {
        // MySQL's plans do not name the keys of a filesort: read them from the statement
        sets.addSortKeys(SqlText.orderByKeys(stmt.sql()), qualifier, table.name(),
            new java.util.HashSet<>(aliases.values()).size() == 1);
      }
      addFacts(sets, candidate.facts(), qualifier, table.name());
      List<String> columns = sets.indexColumns(table);
      if (columns.isEmpty()) {
        continue;
      }
      String key = table.schema() + "." + table.name() + columns;
      if (seen.contains(key)) {
        continue;
      }
      seen.add(key);
      DatabaseSession.NamedIndex leading = leadingIndex(table, columns);
      if (leading != null) {
        notes.add(new AdvisorNote(candidate.queryId(), "full scan of " + table.qualifiedName()
            + " although index " + leading.name() + " already leads with " + String.join(", ", columns)
            + "; the planner judged the index not worth it"));
        continue;
      }
      boolean selective = session.dialect() != Dialect.POSTGRESQL || !sets.sort.isEmpty()
          || !(scan.estimatedRows() > 0.5 * Math.max(1, table.rows()));
      out.add(new Finding(candidate, stmt, before, table, sets.equalityLike(), columns,
          Math.round(scanned), selective));
    }
    return out;
  }

  /** Whether a predicate's column is this scan's: qualified by its alias or name, or unqualified on a scan node. */
  private static boolean belongs(Conditions.Predicate p, String qualifier, String table, boolean onScanNode) {
    String q = p.qualifier();
    if (q == null) {
      return onScanNode;
    }
    return q.equalsIgnoreCase(qualifier) || q.equalsIgnoreCase(table);
  }

  private static void addFacts(ColumnSets sets, StatementFacts facts, String qualifier, String table) {
    if (facts == null || !facts.parsed()) {
      return;
    }
    boolean single = facts.tables().size() == 1;
    for (ColumnRef c : facts.equalityColumns()) {
      if (matches(c, qualifier, table, single)) {
        sets.equality.add(c.column());
      }
    }
    for (ColumnRef c : facts.rangeColumns()) {
      if (matches(c, qualifier, table, single)) {
        sets.range.add(c.column());
      }
    }
    for (ColumnRef c : facts.joinColumns()) {
      if (matches(c, qualifier, table, single)) {
        sets.join.add(c.column());
      }
    }
    if (sets.sort.isEmpty()) {
      List<String> order = new ArrayList<>();
      for (ColumnRef c : facts.orderColumns()) {
        if (!matches(c, qualifier, table, single)) {
          order.clear();
          break; // ORDER BY spans tables: no single index yields the order
        }
        order.add(c.column());
      }
      sets.sort.addAll(order);
    }
  }

  private static boolean matches(ColumnRef ref, String qualifier, String table, boolean single) {
    if (ref.table() == null) {
      return single;
    }
    String name = TableAliases.lastPart(ref.table());
    return name.equalsIgnoreCase(table) || ref.table().equalsIgnoreCase(qualifier);
  }

  /** Columns one scan filters, joins and sorts on, in the order an index should list them. */
  private static final class ColumnSets {
    final Set<String> equality = new LinkedHashSet<>();
    final Set<String> range = new LinkedHashSet<>();
    final Set<String> join = new LinkedHashSet<>();
    final Set<String> sort = new LinkedHashSet<>();

    void add(Conditions.Predicate p) {
      switch (p.use()) {
        case EQUALITY -> equality.add(p.columnName());
        case RANGE -> range.add(p.columnName());
        case JOIN -> join.add(p.columnName());
      }
    }

    void addSortKeys(List<String> keys, String qualifier, String table, boolean unqualifiedIsOurs) {
      List<String> columns = new ArrayList<>();
      for (String key : keys) {
        String bare = SORT_SUFFIX.matcher(key.trim()).replaceAll("");
        List<Conditions.Predicate> asColumn = Conditions.predicates(bare + " = 1");
        if (asColumn.size() != 1 || !belongs(asColumn.get(0), qualifier, table, unqualifiedIsOurs)) {
          return; // an expression or another table's column: no index on this table gives the order
        }
        columns.add(asColumn.get(0).columnName());
      }
      if (sort.isEmpty()) {
        sort.addAll(columns);
      }
    }

    Set<String> equalityLike() {
      Set<String> all = new LinkedHashSet<>(equality);
      if (equality.isEmpty() && range.isEmpty()) {
        all.addAll(join);
      }
      return all;
    }

    /**
     * Equality columns, then the first range column, then the sort columns (only without a range,
     * which would break the index order). Join columns count only when nothing else filters this
     * table: then it is the inner side of a join, like the child table of an N+1 loop.
     */
    List<String> indexColumns(DatabaseSession.TableInfo table) {
      Set<String> ordered = new LinkedHashSet<>();
      equality.forEach(c -> ordered.add(c));
      if (equality.isEmpty() && range.isEmpty()) {
        for (String c : join) {
          if (leadingIndex(table, List.of(c)) == null) {
            ordered.add(c);
          }
        }
      }
      if (!range.isEmpty()) {
        ordered.add(range.iterator().next());
      } else {
        ordered.addAll(sort);
      }
      List<String> columns = new ArrayList<>();
      Set<String> lower = new LinkedHashSet<>();
      for (String c : ordered) {
        if (lower.add(c.toLowerCase(Locale.ROOT)) && columns.size() < 4) {
          columns.add(c);
        }
      }
      return columns;
    }
  }

  private static final Pattern SORT_SUFFIX = Pattern.compile(
      "(?i)(\\s+(asc|desc))?(\\s+nulls\\s+(first|last))?$");

  /** An existing index whose key starts with exactly these columns, or null. */
  static DatabaseSession.NamedIndex leadingIndex(DatabaseSession.TableInfo table, List<String> columns) {
    for (DatabaseSession.NamedIndex index : table.indexes()) {
      if (index.columns().size() < columns.size()) {
        continue;
      }
      boolean leads = true;
      for (int i = 0; i < columns.size(); i++) {
        if (!index.columns().get(i).equalsIgnoreCase(columns.get(i))) {
          leads = false;
          break;
        }
      }
      if (leads) {
        return index;
      }
    }
    return null;
  }

  /**
   * One composite index can serve several findings on a table: a proposal whose columns open a
   * longer proposal (in order, or in any order when they are all equality columns) takes the
   * longer one, so the report suggests one index instead of two.
   */
  private static void merge(List<Finding> findings) {
    List<Finding> bySize = new ArrayList<>(findings);
    bySize.sort(Comparator.comparingInt((Finding f) -> f.columns.size()).reversed());
    for (int i = 0; i < bySize.size(); i++) {
      Finding f = bySize.get(i);
      for (int j = 0; j < i; j++) {
        Finding g = bySize.get(j);
        if (g.columns.size() > f.columns.size() && sameTable(f, g) && serves(g.columns, f)) {
          f.mergedFrom = g.candidate.queryId();
          f.columns = g.columns;
          break;
        }
      }
    }
  }

  private static boolean sameTable(Finding a, Finding b) {
    return a.table.name().equalsIgnoreCase(b.table.name())
        && String.valueOf(a.table.schema()).equalsIgnoreCase(String.valueOf(b.table.schema()));
  }

  private static boolean serves(List<String> longer, Finding f) {
    List<String> prefix = longer.subList(0, f.columns.size());
    boolean inOrder = true;
    for (int i = 0; i < prefix.size(); i++) {
      inOrder &= prefix.get(i).equalsIgnoreCase(f.columns.get(i));
    }
    if (inOrder) {
      return true;
    }
    Set<String> a = lowerSet(prefix);
    return a.equals(lowerSet(f.columns)) && lowerSet(new ArrayList<>(f.equalityColumns)).containsAll(a);
  }

  private static Set<String> lowerSet(List<String> values) {
    Set<String> out = new java.util.TreeSet<>();
    values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
    return out;
  }

  private IndexAdvice validate(Finding f, long deadline) {
    String indexName = session.indexName(f.table, f.columns);
    String ddl = session.createIndexDdl(f.table, indexName, f.columns);
    Plan before = f.before.plan();
    double costBefore = before.totalCost();
    String scanned = scannedText(f);
    DatabaseSession.Validation validation;
    if (System.nanoTime() > deadline) {
      validation = DatabaseSession.Validation.none("the advisor's budget is spent");
    } else {
      try {
        validation = session.validate(f.stmt,
            List.of(new DatabaseSession.ProposedIndex(f.table, indexName, f.columns)));
      } catch (SQLException | RuntimeException e) {
        validation = DatabaseSession.Validation.none("validation failed: " + DatabaseMessages.scrubbed(e));
      }
    }
    if (validation.after() == null) {
      boolean suggested = f.selective;
      String reason = scanned + "; not validated: " + validation.problem()
          + (suggested ? "" : "; the filter keeps most rows, so an index would likely not be used");
      return new IndexAdvice(f.candidate.queryId(), f.table.qualifiedName(), f.columns, ddl,
          costBefore, Double.NaN, "none", f.before.planSource(), f.rowsExamined, suggested, reason);
    }
    double costAfter = validation.after().totalCost();
    double saved = costBefore > 0 ? 1 - costAfter / costBefore : 0;
    boolean suggested;
    String reason;
    String costs = costText(costBefore, costAfter, before.costIsRows());
    if (validation.problem() != null) {
      suggested = false;
      reason = scanned + "; " + validation.problem() + " (" + costs + ")";
    } else if (saved >= options.minCostSaving()) {
      suggested = true;
      reason = scanned + "; " + costs;
    } else {
      suggested = false;
      reason = scanned + "; " + costs + ", below the " + Math.round(options.minCostSaving() * 100)
          + "% needed";
    }
    return new IndexAdvice(f.candidate.queryId(), f.table.qualifiedName(), f.columns, ddl,
        costBefore, costAfter, validation.method(), f.before.planSource(), f.rowsExamined,
        suggested, reason);
  }

  @Override
  public void close() {
    watchdog.close();
    try {
      session.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing left to release
    }
  }

  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    String line = message.strip();
    int nl = line.indexOf('\n');
    if (nl > 0) {
      line = line.substring(0, nl).strip();
    }
    while (line.endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    return line;
  }

  /** A driver's message up to its first full stop: "Connection to db:5432 refused". */
  static String firstSentence(String message) {
    String line = oneLine(message);
    int stop = line.indexOf(". ");
    return stop > 0 ? line.substring(0, stop) : line;
  }

  private static String plainUrl(String url) {
    if (url == null) {
      throw new AdvisorException("No database URL was given for EXPLAIN.", null);
    }
    String u = url.strip();
    for (String wrapper : List.of("jdbc:dbprof:", "jdbc:p6spy:")) {
      if (u.regionMatches(true, 0, wrapper, 0, wrapper.length())) {
        return "jdbc:" + u.substring(wrapper.length());
      }
    }
    return u;
  }

  private static void putIfAbsent(Properties props, String lowerUrl, String key, String value) {
    if (!lowerUrl.contains(key.toLowerCase(Locale.ROOT) + "=")) {
      props.setProperty(key, value);
    }
  }

  /**
   * Connect, login and socket timeouts for the driver: the user's own values where the URL sets
   * them, but never beyond the budget; ours otherwise. The socket timeout outlasts the statement
   * timeout, so a slow but live server answers with its own timeout error first.
   */
  static String boundedTimeouts(String url, Properties props, AdvisorOptions options) {
    long budgetMs = Math.max(1000, options.budget().toMillis());
    long connectMs = Math.min(10_000, budgetMs);
    long socketMs = Math.min(budgetMs, options.statementTimeout().toMillis() + 5_000);
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      // pgjdbc counts these in seconds
      long budgetS = (budgetMs + 999) / 1000;
      url = capped(url, "connectTimeout", budgetS);
      url = capped(url, "loginTimeout", budgetS);
      url = capped(url, "socketTimeout", budgetS);
      putIfAbsent(props, lower, "connectTimeout", Long.toString((connectMs + 999) / 1000));
      putIfAbsent(props, lower, "loginTimeout", Long.toString((connectMs + 999) / 1000));
      putIfAbsent(props, lower, "socketTimeout", Long.toString((socketMs + 999) / 1000));
      // GENERIC_PLAN needs the $n placeholders as text, not as parameters of the extended protocol;
      // simple mode would also run several statements at once, which the guard refuses up front
      props.setProperty("preferQueryMode", "simple");
    } else if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      url = capped(url, "connectTimeout", budgetMs);
      url = capped(url, "socketTimeout", budgetMs);
      putIfAbsent(props, lower, "connectTimeout", Long.toString(connectMs));
      putIfAbsent(props, lower, "socketTimeout", Long.toString(socketMs));
    }
    return url;
  }

  /** The URL with {@code key=N} lowered to {@code max} where N is larger or 0 (which means never). */
  private static String capped(String url, String key, long max) {
    Matcher m = Pattern.compile("(?i)([?&;]" + key + "=)(\\d{1,18})(?![\\d.])").matcher(url);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long value = Long.parseLong(m.group(2));
      long bounded = value == 0 || value > max ? max : value;
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + bounded));
    }
    m.appendTail(out);
    return out.toString();
  }
}
