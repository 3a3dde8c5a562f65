package dev.dbprof.internal.explain;

import dev.dbprof.model.Candidate;
import java.util.List;
import java.util.Set;

/** A full scan worth an index, as diagnosed from a candidate's plan, before validation. */
final class ScanFinding {
  final Candidate candidate;
  final StatementGuard.Checked stmt;
  final DatabaseSession.Explained before;
  final DatabaseSession.TableInfo table;
  final Set<String> equalityColumns;
  /** The proposed index columns; merging may widen them to another finding's. */
  List<String> columns;
  final long rowsExamined;
  final boolean selective;
  /** The query whose longer index this finding shares after merging, or null. */
  String mergedFrom;

  ScanFinding(Candidate candidate, StatementGuard.Checked stmt, DatabaseSession.Explained before,
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
