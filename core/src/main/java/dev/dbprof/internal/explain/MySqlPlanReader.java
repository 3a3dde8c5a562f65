package dev.dbprof.internal.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads MySQL 8's {@code EXPLAIN FORMAT=JSON} (format version 1) and MariaDB's own JSON plan.
 * Both nest {@code query_block}s holding {@code table} objects, directly or under
 * {@code nested_loop}, {@code ordering_operation} and friends; the readers differ in the row and
 * cost fields: MySQL prints {@code rows_examined_per_scan} and {@code cost_info.query_cost}
 * (strings), MariaDB {@code rows} and, before 11.0, no cost at all.
 */
final class MySqlPlanReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MySqlPlanReader() {}

  static Plan read(String json, Dialect dialect) {
    JsonNode top;
    try {
      top = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a MySQL/MariaDB JSON plan: " + e.getMessage(), e);
    }
    JsonNode block = top.get("query_block");
    if (block == null) {
      throw new IllegalArgumentException(
          "not a MySQL/MariaDB JSON plan (no query_block; MySQL's format version 2 is not read)");
    }
    List<Read> reads = new ArrayList<>();
    collectTables(block, reads);
    List<PlanNode> tables = reads.stream().map(Read::node).toList();
    double queryCost = number(block.path("cost_info").get("query_cost"));
    if (Double.isNaN(queryCost)) {
      queryCost = number(block.get("cost"));
    }
    boolean costIsRows = Double.isNaN(queryCost);
    double cost = costIsRows ? rowsExamined(reads) : queryCost;
    List<String> sortKeys = new ArrayList<>();
    collectSortKeys(block, sortKeys);
    PlanNode root = new PlanNode("query_block", null, null, null, PlanNode.Access.NONE, null,
        Double.NaN, Double.NaN, cost, List.of(), List.of(), sortKeys, tables);
    return new Plan(dialect, root, cost, costIsRows);
  }

  private record Read(PlanNode node, double filteredFraction) {}

  /** Rows read over the join: each table's rows times the rows that reach it from the tables before. */
  private static double rowsExamined(List<Read> reads) {
    double total = 0;
    double loops = 1;
    for (Read read : reads) {
      double rows = Double.isNaN(read.node().estimatedRows()) ? 1 : read.node().estimatedRows();
      total += loops * rows;
      loops *= Math.max(1, rows * read.filteredFraction());
    }
    return total;
  }

  /** MariaDB names the keys of a filesort ({@code "sort_key": "o.created_at desc"}); MySQL does not. */
  private static void collectSortKeys(JsonNode node, List<String> into) {
    if (node.isContainerNode()) {
      JsonNode filesort = node.get("filesort");
      if (filesort != null && filesort.has("sort_key") && into.isEmpty()) {
        for (String key : filesort.get("sort_key").asText().split(",")) {
          if (!key.isBlank()) {
            into.add(key.strip());
          }
        }
      }
      node.forEach(child -> collectSortKeys(child, into));
    }
  }

  private static void collectTables(JsonNode node, List<Read> into) {
    if (node.isArray()) {
      node.forEach(n -> collectTables(n, into));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    JsonNode table = node.get("table");
    if (table != null && table.isObject() && table.has("table_name")) {
      into.add(tableNode(table));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getKey().equals("table")) {
        collectTables(field.getValue(), into);
      } else if (field.getValue().isObject()) {
        // a table may carry a derived table or subqueries of its own
        for (Map.Entry<String, JsonNode> inner : field.getValue().properties()) {
          if (inner.getValue().isContainerNode()) {
            collectTables(inner.getValue(), into);
          }
        }
      }
    }
  }

  private static Read tableNode(JsonNode t) {
    String accessType = t.path("access_type").asText(null);
    double rows = number(t.get("rows_examined_per_scan"));
    if (Double.isNaN(rows)) {
      rows = number(t.get("rows"));
    }
    double actual = Double.NaN;
    if (t.has("r_rows")) {
      double loops = number(t.get("r_loops"));
      actual = number(t.get("r_rows")) * (Double.isNaN(loops) ? 1 : Math.max(1, loops));
    }
    double cost = number(t.path("cost_info").get("prefix_cost"));
    if (Double.isNaN(cost)) {
      cost = number(t.get("cost"));
    }
    List<String> filters = new ArrayList<>();
    String attached = t.path("attached_condition").asText(null);
    if (attached != null && !attached.isBlank()) {
      filters.add(attached);
    }
    String name = t.path("table_name").asText();
    PlanNode node = new PlanNode(accessType, name, name, null, access(accessType),
        t.path("key").asText(null), rows, actual, cost, filters, List.of(), List.of(), List.of());
    double filtered = number(t.get("filtered"));
    return new Read(node, Double.isNaN(filtered) ? 1.0 : filtered / 100.0);
  }

  private static PlanNode.Access access(String accessType) {
    if (accessType == null) {
      return PlanNode.Access.NONE;
    }
    return switch (accessType) {
      case "ALL" -> PlanNode.Access.FULL_SCAN;
      case "index" -> PlanNode.Access.FULL_INDEX_SCAN;
      case "system", "const", "eq_ref", "ref", "ref_or_null", "fulltext", "range", "index_merge",
          "unique_subquery", "index_subquery" -> PlanNode.Access.INDEX;
      default -> PlanNode.Access.NONE;
    };
  }

  /** MySQL prints numbers as strings ("1.00", "97K" for sizes); MariaDB as numbers. */
  static double number(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return Double.NaN;
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return Double.parseDouble(value.asText().trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
