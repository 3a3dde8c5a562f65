package dev.dbprof.internal.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One operation of a plan in dialect-neutral form.
 *
 * @param operation the product's own name: PostgreSQL {@code Node Type}, MySQL {@code access_type}
 * @param table the table name as the plan prints it (MySQL: possibly an alias), null for non-scans
 * @param alias the name conditions use for this table (PostgreSQL {@code Alias}, MySQL table_name)
 * @param schema the schema when the plan names it, else null
 * @param access how the table is read
 * @param indexName the index used, when one is
 * @param estimatedRows rows the operation reads per loop (MySQL rows examined, PG plan rows of the
 *     node; for a PostgreSQL Seq Scan this is the rows it returns after the filter)
 * @param actualRowsExamined rows really read per execution with ANALYZE, else {@code NaN}
 * @param totalCost the operation's cost, {@code NaN} when the product prints none
 * @param filters predicates evaluated on this table's rows (PG {@code Filter}, MySQL attached_condition)
 * @param joinConditions join predicates (PG Hash/Merge Cond, Join Filter)
 * @param sortKeys sort keys of a Sort operation
 * @param children inputs
 */
record PlanNode(
    String operation,
    String table,
    String alias,
    String schema,
    Access access,
    String indexName,
    double estimatedRows,
    double actualRowsExamined,
    double totalCost,
    List<String> filters,
    List<String> joinConditions,
    List<String> sortKeys,
    List<PlanNode> children) {

  public enum Access {
    /** Reads every row of the table: PG Seq Scan, MySQL ALL. */
    FULL_SCAN,
    /** Reads every entry of an index: MySQL {@code index}. */
    FULL_INDEX_SCAN,
    /** Looks rows up through an index. */
    INDEX,
    /** Not a table access (join, sort, aggregate, …). */
    NONE
  }

  public PlanNode {
    filters = List.copyOf(filters);
    joinConditions = List.copyOf(joinConditions);
    sortKeys = List.copyOf(sortKeys);
    children = List.copyOf(children);
  }

  /** This node and all below it, depth first, in plan order. */
  public List<PlanNode> flatten() {
    List<PlanNode> all = new ArrayList<>();
    visit(all::add);
    return all;
  }

  void visit(Consumer<PlanNode> visitor) {
    visitor.accept(this);
    for (PlanNode child : children) {
      child.visit(visitor);
    }
  }
}
