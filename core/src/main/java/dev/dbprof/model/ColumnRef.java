package dev.dbprof.model;

/** A column a statement filters, joins or sorts on; {@code table} is null when unresolved. */
public record ColumnRef(String table, String column) {

  @Override
  public String toString() {
    return table == null ? column : table + "." + column;
  }
}
