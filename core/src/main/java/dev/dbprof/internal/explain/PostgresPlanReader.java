package dev.dbprof.internal.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads PostgreSQL's {@code EXPLAIN (FORMAT JSON)} output into the neutral plan model. */
final class PostgresPlanReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PostgresPlanReader() {}

  static Plan read(String json) {
    try {
      JsonNode top = JSON.readTree(json);
      JsonNode first = top.isArray() ? top.get(0) : top;
      if (first == null || !first.has("Plan")) {
        throw new IllegalArgumentException("not a PostgreSQL JSON plan");
      }
      PlanNode root = node(first.get("Plan"));
      return new Plan(Dialect.POSTGRESQL, root, root.totalCost(), false);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PostgreSQL JSON plan: " + e.getMessage(), e);
    }
  }

  private static PlanNode node(JsonNode plan) {
    String type = text(plan, "Node Type");
    List<String> filters = new ArrayList<>();
    addIfPresent(filters, plan, "Filter");
    List<String> joins = new ArrayList<>();
    addIfPresent(joins, plan, "Hash Cond");
    addIfPresent(joins, plan, "Merge Cond");
    addIfPresent(joins, plan, "Join Filter");
    List<String> sortKeys = new ArrayList<>();
    JsonNode keys = plan.get("Sort Key");
    if (keys != null && keys.isArray()) {
      keys.forEach(k -> sortKeys.add(k.asText()));
    }
    List<PlanNode> children = new ArrayList<>();
    JsonNode plans = plan.get("Plans");
    if (plans != null && plans.isArray()) {
      plans.forEach(p -> children.add(node(p)));
    }
    double actualExamined = Double.NaN;
    if (plan.has("Actual Rows")) {
      double loops = Math.max(1, plan.path("Actual Loops").asDouble(1));
      actualExamined = (plan.path("Actual Rows").asDouble() + plan.path("Rows Removed by Filter").asDouble(0))
          * loops;
    }
    return new PlanNode(
        type,
        text(plan, "Relation Name"),
        text(plan, "Alias"),
        text(plan, "Schema"),
        access(type),
        text(plan, "Index Name"),
        plan.path("Plan Rows").asDouble(Double.NaN),
        actualExamined,
        plan.path("Total Cost").asDouble(Double.NaN),
        filters,
        joins,
        sortKeys,
        children);
  }

  private static PlanNode.Access access(String type) {
    if (type == null) {
      return PlanNode.Access.NONE;
    }
    return switch (type) {
      case "Seq Scan" -> PlanNode.Access.FULL_SCAN;
      case "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan" -> PlanNode.Access.INDEX;
      default -> PlanNode.Access.NONE;
    };
  }

  private static void addIfPresent(List<String> into, JsonNode plan, String key) {
    String value = text(plan, key);
    if (value != null && !value.isBlank()) {
      into.add(value);
    }
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }
}
