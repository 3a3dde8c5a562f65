package dev.dbprof.rules;

import dev.dbprof.model.InputFormat;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;

/** Fix texts that name the concrete switch for the library that wrote the SQL. */
final class Fixes {

  private Fixes() {}

  static OrmStyle orm(Shape shape) {
    StatementFacts facts = shape.facts();
    return facts == null || facts.orm() == null ? OrmStyle.PLAIN : facts.orm();
  }

  static String nPlusOne(Shape child) {
    String table = child.facts() == null || child.facts().tables().isEmpty() ? "the child table"
        : child.facts().tables().get(0);
    return switch (orm(child)) {
      case HIBERNATE -> "Fetch " + table + " with the parent query: `JOIN FETCH` in the JPQL query or an"
          + " `@EntityGraph`; for collections, `@BatchSize(size = 50)` or"
          + " `hibernate.default_batch_fetch_size=50` turns the loop into a few IN queries.";
      case SQLALCHEMY -> "Load the relationship eagerly: `.options(selectinload(Parent.children))` (one IN"
          + " query) or `joinedload(...)` (one JOIN).";
      case DJANGO -> "Use `select_related('fk')` for foreign keys and one-to-one relations,"
          + " `prefetch_related('children')` for reverse and many-to-many relations.";
      case ACTIVE_RECORD -> "Preload the association: `.includes(:association)` (or `preload` / `eager_load`).";
      case PLAIN -> "Fetch " + table + " in one query: join it into the parent query, or collect the"
          + " parent ids and run one `WHERE … IN (…)` query, then group the rows in code.";
    };
  }

  static String unbatched(Shape shape, InputFormat input) {
    String driver = driverSwitch(input);
    return switch (orm(shape)) {
      case HIBERNATE -> "Set `hibernate.jdbc.batch_size=50` with `hibernate.order_inserts=true` and"
          + " `hibernate.order_updates=true`; IDENTITY ids disable insert batching, so use a SEQUENCE"
          + " generator (with allocationSize) for this entity. " + driver;
      case SQLALCHEMY -> "Send the rows in one call: `session.execute(insert(Table), [rows…])` or"
          + " `insert(Table).values([...])`, or the bulk methods (`bulk_insert_mappings`,"
          + " `bulk_update_mappings`).";
      case DJANGO -> "Use `Model.objects.bulk_create(objs, batch_size=500)` / `bulk_update(objs, fields)`,"
          + " or `queryset.update(...)` for one set-based UPDATE.";
      case ACTIVE_RECORD -> "Use `insert_all` / `upsert_all`, or `update_all` for one set-based UPDATE.";
      case PLAIN -> "Batch the statement: `addBatch()` per row, `executeBatch()` every 50–1000 rows; or send"
          + " one multi-row statement (`VALUES (…),(…)`, a set-based UPDATE/DELETE). " + driver;
    };
  }

  private static String driverSwitch(InputFormat input) {
    if (input != null && input.id().startsWith("pg-")) {
      return "With the PostgreSQL JDBC driver add `reWriteBatchedInserts=true` to the URL.";
    }
    if (input != null && input.id().startsWith("mysql-")) {
      return "With MySQL Connector/J add `rewriteBatchedStatements=true` to the URL.";
    }
    return "Then let the driver rewrite batches into multi-row statements: `reWriteBatchedInserts=true`"
        + " (PostgreSQL JDBC) or `rewriteBatchedStatements=true` (MySQL Connector/J).";
  }

  static String countSubquery(Shape shape) {
    return switch (orm(shape)) {
      case HIBERNATE -> "Give the query an explicit count query (`@Query(countQuery = \"select count(e) from"
          + " Entity e where …\")` in Spring Data) that counts the table directly, without the wrapped"
          + " select, ORDER BY or fetch joins.";
      case SQLALCHEMY -> "Count directly: `select(func.count()).select_from(Table).where(...)` instead of"
          + " `query.count()`, which wraps the whole query in a subquery.";
      case DJANGO -> "Count the plain queryset: drop `distinct()`, annotations and ordering before"
          + " `.count()`, which otherwise wraps the query in a subquery.";
      case ACTIVE_RECORD, PLAIN -> "Count directly: `SELECT count(*) FROM table WHERE …` instead of"
          + " counting the rows of a wrapped `SELECT …` (drop its ORDER BY, columns and joins the count"
          + " does not need).";
    };
  }
}
