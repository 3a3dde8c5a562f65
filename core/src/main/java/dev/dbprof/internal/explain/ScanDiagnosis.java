package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.StatementFacts;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * From a candidate's plan to its findings: each full scan of a large enough table, with the
 * columns it filters, joins and sorts on, in the order an index should list them; then findings
 * that one composite index can serve are merged.
 */
final class ScanDiagnosis {

  private final DatabaseSession session;
  private final AdvisorOptions options;

  ScanDiagnosis(DatabaseSession session, AdvisorOptions options) {
    this.session = session;
    this.options = options;
  }

  /** The findings of one explained candidate; a scan an existing index should serve adds a note instead. */
  List<ScanFinding> diagnose(Candidate candidate, StatementGuard.Checked stmt,
      DatabaseSession.Explained before, List<AdvisorNote> notes) throws SQLException {
    List<ScanFinding> out = new ArrayList<>();
    List<PlanNode> nodes = before.plan().nodes();
    Map<String, String> aliases = TableAliases.of(stmt.sql(), session.dialect());
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
        for (Conditions.Predicate p : Conditions.predicates(filter, session.dialect())) {
          if (belongs(p, qualifier, table.name(), true)) {
            sets.add(p);
          }
        }
      }
      for (PlanNode node : nodes) {
        for (String join : node.joinConditions()) {
          for (Conditions.Predicate p : Conditions.predicates(join, session.dialect())) {
            if (p.use() == Conditions.Use.JOIN && belongs(p, qualifier, table.name(), false)) {
              sets.join.add(p.columnName());
            }
          }
        }
        if (!node.sortKeys().isEmpty()) {
          sets.addSortKeys(node.sortKeys(), qualifier, table.name(), false, session.dialect());
        }
      }
      if (sets.sort.isEmpty() && session.dialect() != Dialect.POSTGRESQL
          && (candidate.facts() == null || !candidate.facts().parsed())) {
        // MySQL's plans do not name the keys of a filesort: read them from the statement
        sets.addSortKeys(SqlText.orderByKeys(stmt.sql(), session.dialect()), qualifier, table.name(),
            new HashSet<>(aliases.values()).size() == 1, session.dialect());
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
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.existingIndexUnused(table, leading, columns)));
        continue;
      }
      boolean selective = session.dialect() != Dialect.POSTGRESQL || !sets.sort.isEmpty()
          || !(scan.estimatedRows() > 0.5 * Math.max(1, table.rows()));
      out.add(new ScanFinding(candidate, stmt, before, table, sets.equalityLike(), columns,
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

    void addSortKeys(List<String> keys, String qualifier, String table, boolean unqualifiedIsOurs,
        Dialect dialect) {
      List<String> columns = new ArrayList<>();
      for (String key : keys) {
        String bare = SORT_SUFFIX.matcher(key.trim()).replaceAll("");
        List<Conditions.Predicate> asColumn = Conditions.predicates(bare + " = 1", dialect);
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
  static void merge(List<ScanFinding> findings) {
    List<ScanFinding> bySize = new ArrayList<>(findings);
    bySize.sort(Comparator.comparingInt((ScanFinding f) -> f.columns.size()).reversed());
    for (int i = 0; i < bySize.size(); i++) {
      ScanFinding f = bySize.get(i);
      for (int j = 0; j < i; j++) {
        ScanFinding g = bySize.get(j);
        if (g.columns.size() > f.columns.size() && sameTable(f, g) && serves(g.columns, f)) {
          f.mergedFrom = g.candidate.queryId();
          f.columns = g.columns;
          break;
        }
      }
    }
  }

  private static boolean sameTable(ScanFinding a, ScanFinding b) {
    return a.table.name().equalsIgnoreCase(b.table.name())
        && String.valueOf(a.table.schema()).equalsIgnoreCase(String.valueOf(b.table.schema()));
  }

  private static boolean serves(List<String> longer, ScanFinding f) {
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
    Set<String> out = new TreeSet<>();
    values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
    return out;
  }
}
