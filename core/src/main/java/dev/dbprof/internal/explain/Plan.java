package dev.dbprof.internal.explain;

import java.util.List;

/**
 * A parsed plan.
 *
 * @param dialect the product that produced it
 * @param root the top operation
 * @param totalCost the whole statement's cost; for MariaDB 10.x, which prints no cost, the
 *     estimated rows examined over all tables (see {@link MySqlPlanReader})
 * @param costIsRows whether {@code totalCost} counts rows rather than planner cost units
 */
record Plan(Dialect dialect, PlanNode root, double totalCost, boolean costIsRows) {

  public List<PlanNode> nodes() {
    return root.flatten();
  }

  /** Whether any operation reads through the index with this name. */
  public boolean usesIndex(String indexName) {
    for (PlanNode node : nodes()) {
      if (node.indexName() != null && node.indexName().equalsIgnoreCase(indexName)) {
        return true;
      }
    }
    return false;
  }
}
