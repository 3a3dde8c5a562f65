package dev.dbprof.rules;

import dev.dbprof.model.InputFormat;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.UnitOfWork;

/** Fix texts that name the concrete switch for the library that wrote the SQL. */
final class Fixes {

  private Fixes() {}

  static OrmStyle orm(Shape shape) {
    StatementFacts facts = shape.facts();
    return facts == null || facts.orm() == null ? OrmStyle.PLAIN : facts.orm();
  }

  /**
   * The library that wrote {@code shape}, or, when its own text does not tell (single-row writes look
   * alike in most ORMs), the one the rest of its input shows most: writes inherit what the reads of
   * the same application reveal. O(1): the analysis keeps the count as statements arrive.
   */
  static OrmStyle orm(Shape shape, UnitOfWork unit, RuleContext context) {
    OrmStyle own = orm(shape);
    return own != OrmStyle.PLAIN ? own : context.orm(unit.input());
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
      case SEQUELIZE -> "Load the association with the parent: `include: [{ model: Child }]` in the `findAll`"
          + " options (add `separate: true` for one IN query per association instead of a JOIN).";
      case TYPEORM -> "Load the relation with the parent: `relations: { children: true }` in the find options,"
          + " or `leftJoinAndSelect` in the query builder.";
      case PLAIN -> "Fetch " + table + " in one query: join it into the parent query, or collect the"
          + " parent ids and run one `WHERE … IN (…)` query, then group the rows in code.";
    };
  }

  static String unbatched(Shape shape, InputFormat input) {
    return unbatched(orm(shape), input);
  }

  static String unbatched(OrmStyle style, InputFormat input) {
    String driver = driverSwitch(input);
    return switch (style) {
      case HIBERNATE -> "Set `hibernate.jdbc.batch_size=50` with `hibernate.order_inserts=true` and"
          + " `hibernate.order_updates=true`; IDENTITY ids disable insert batching, so use a SEQUENCE"
          + " generator (with allocationSize) for this entity. " + driver;
      case SQLALCHEMY -> "Send the rows in one call: `session.execute(insert(Table), [rows…])` or"
          + " `insert(Table).values([...])`, or the bulk methods (`bulk_insert_mappings`,"
          + " `bulk_update_mappings`).";
      case DJANGO -> "Use `Model.objects.bulk_create(objs, batch_size=500)` / `bulk_update(objs, fields)`,"
          + " or `queryset.update(...)` for one set-based UPDATE.";
      case ACTIVE_RECORD -> "Use `insert_all` / `upsert_all`, or `update_all` for one set-based UPDATE.";
      case SEQUELIZE -> "Use `Model.bulkCreate(rows)`, or one `Model.update(values, { where: { id: ids } })` /"
          + " `Model.destroy({ where: { id: ids } })` for a set-based UPDATE or DELETE.";
      case TYPEORM -> "Send the rows in one call: `repository.insert(rows)` or `repository.save(entities, { chunk: 500 })`"
          + " with the array, `createQueryBuilder().insert().values(rows)`, or one `update`/`delete` with"
          + " `In(ids)`.";
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
      case ACTIVE_RECORD, SEQUELIZE, TYPEORM, PLAIN -> "Count directly: `SELECT count(*) FROM table WHERE …` instead of"
          + " counting the rows of a wrapped `SELECT …` (drop its ORDER BY, columns and joins the count"
          + " does not need).";
    };
  }

  /**
   * The fix of a loop whose iterations each ran in their own transaction: one transaction around the
   * loop, in the ORM's words, then the rule's own batching fix.
   */
  static String oneTransaction(Shape shape, String batchFix) {
    return oneTransaction(orm(shape), null, batchFix);
  }

  /** As {@link #oneTransaction(Shape, String)}; {@code input} tells a Java application (JDBC capture, p6spy) apart. */
  static String oneTransaction(OrmStyle style, InputFormat input, String batchFix) {
    boolean java = input != null && input.knowsCallSites() || input == InputFormat.P6SPY
        || input == InputFormat.P6SPY_MULTILINE || input == InputFormat.P6SPY_CUSTOM;
    if (style == OrmStyle.PLAIN && java) {
      return "Run the loop in one transaction: `@Transactional` on the service method that loops (Spring), or"
          + " `setAutoCommit(false)` before it and one `commit()` after it, instead of a commit per iteration."
          + " Then batch it. " + batchFix;
    }
    String wrap = switch (style) {
      case HIBERNATE -> "Run the loop in one transaction: annotate the service method that loops with"
          + " `@Transactional` (Spring), so the iterations share one transaction and one COMMIT.";
      case SQLALCHEMY -> "Run the loop in one transaction: `with session.begin():` around the loop, one commit"
          + " at its end instead of `session.commit()` per row.";
      case DJANGO -> "Run the loop in one transaction: `with transaction.atomic():` around the loop (each"
          + " statement is its own transaction in autocommit).";
      case ACTIVE_RECORD -> "Run the loop in one transaction: `ActiveRecord::Base.transaction do … end` around it.";
      case SEQUELIZE -> "Run the loop in one transaction: `await sequelize.transaction(async t => { … })`, passing"
          + " `{ transaction: t }` to every call inside.";
      case TYPEORM -> "Run the loop in one transaction: `await dataSource.transaction(async manager => { … })`"
          + " (or one `queryRunner` with `startTransaction()` and `commitTransaction()`), using that manager inside.";
      case PLAIN -> "Run the loop in one transaction: `setAutoCommit(false)` (or BEGIN) before it and one"
          + " `commit()` after it, instead of a commit per iteration.";
    };
    return wrap + " Then batch it. " + batchFix;
  }

  /** The fix of a loop of lookups with no source query: the keys are known in code, fetch them at once. */
  static String fetchByKeys(Shape shape) {
    return switch (orm(shape)) {
      case HIBERNATE -> "Fetch the rows in one query: `repository.findAllById(ids)` (Spring Data) or"
          + " `session.byMultipleIds(Entity.class).multiLoad(ids)`, one `IN (…)` query instead of one per id.";
      case SQLALCHEMY -> "Fetch the rows in one query: `session.scalars(select(Model).where(Model.id.in_(ids)))`.";
      case DJANGO -> "Fetch the rows in one query: `Model.objects.in_bulk(ids)` or `Model.objects.filter(pk__in=ids)`.";
      case ACTIVE_RECORD -> "Fetch the rows in one query: `Model.where(id: ids)` (or `Model.find(ids)`).";
      case SEQUELIZE -> "Fetch the rows in one query: `Model.findAll({ where: { id: ids } })`.";
      case TYPEORM -> "Fetch the rows in one query: `repository.findBy({ id: In(ids) })`.";
      case PLAIN -> "Fetch the rows in one query: collect the keys and run one `WHERE id IN (…)` query (on"
          + " PostgreSQL `WHERE id = ANY(?)` with an array parameter), then look the rows up in code.";
    };
  }

  /** The fix of a walk through a table by growing OFFSETs: keyset pagination. */
  static String keysetPagination(Shape shape) {
    return switch (orm(shape)) {
      case HIBERNATE -> "Page by key instead of by offset: `where e.id > :lastId order by e.id` with"
          + " `setMaxResults(n)`, or Spring Data's keyset scrolling (`ScrollPosition.keyset()`, `Window<T>`).";
      case SQLALCHEMY -> "Page by key instead of by offset:"
          + " `select(Model).where(Model.id > last_id).order_by(Model.id).limit(n)`.";
      case DJANGO -> "Page by key instead of by offset: `Model.objects.filter(pk__gt=last_id).order_by('pk')[:n]`"
          + " instead of `Paginator` pages; to walk every row, `queryset.iterator(chunk_size=n)`.";
      case ACTIVE_RECORD -> "Page by key instead of by offset: `Model.where('id > ?', last_id).order(:id).limit(n)`;"
          + " to walk every row, `find_each` / `in_batches`, which page by id.";
      case SEQUELIZE -> "Page by key instead of by offset:"
          + " `Model.findAll({ where: { id: { [Op.gt]: lastId } }, order: [['id', 'ASC']], limit: n })`.";
      case TYPEORM -> "Page by key instead of by offset:"
          + " `repository.find({ where: { id: MoreThan(lastId) }, order: { id: 'ASC' }, take: n })`.";
      case PLAIN -> "Page by key instead of by offset: `WHERE id > ? ORDER BY id LIMIT n` with the last id of"
          + " the previous page; the database then reads each page from the index instead of skipping every"
          + " earlier row.";
    };
  }
}
