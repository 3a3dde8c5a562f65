package dev.dbprof.internal.analysis;

import dev.dbprof.model.Execution;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.StatementKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognizes start-up work in an input that does not name it: a unit before the first application
 * unit of its scope made only of schema statements and literal writes (schema scripts, migrations,
 * seeds and fixtures as a script runner sends them), with connection setup and transaction ends
 * around them. The first such unit must create or change the schema (its writes may bind values:
 * an ORM seeding right after syncing its schema); a seed that follows it must be literal
 * writes. A unit of literal inserts with no schema work before it is the
 * application's own (a test that inserts rows one at a time is what unbatched-writes is for).
 */
final class StartupWork {

  private StartupWork() {}

  /**
   * @param executions the unit's statements
   * @param afterStartup whether start-up work was already seen in the scope
   */
  static boolean is(List<Execution> executions, boolean afterStartup) {
    boolean schema = false;
    boolean writes = false;
    boolean literal = true;
    for (Execution e : executions) {
      Shape shape = e.shape();
      StatementKind kind = shape.kind();
      if (kind == StatementKind.DDL) {
        schema = true;
      } else if (kind == StatementKind.INSERT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE) {
        literal &= literal(e);
        writes = true;
      } else if (kind != StatementKind.TRANSACTION && !ConnectionSetup.is(shape) && !bookkeeping(shape)) {
        return false;
      }
    }
    // an ORM seeding right after syncing its schema binds values; a script after it writes them
    return schema || writes && literal && afterStartup;
  }

  /** The tables in which migration tools record what they applied. */
  private static final Set<String> MIGRATION_TABLES = Set.of("django_migrations", "schema_migrations",
      "ar_internal_metadata", "flyway_schema_history", "schema_version", "databasechangelog", "databasechangeloglock",
      "alembic_version", "sequelizemeta", "migrations", "typeorm_metadata", "knex_migrations", "knex_migrations_lock");

  /** A migration tool reading or writing its own bookkeeping table. */
  private static boolean bookkeeping(Shape shape) {
    StatementFacts facts = shape.facts();
    if (facts == null || facts.tables().isEmpty()) {
      return false;
    }
    for (String table : facts.tables()) {
      String name = table.substring(table.lastIndexOf('.') + 1).replace("\"", "").replace("`", "")
          .toLowerCase(Locale.ROOT);
      if (!MIGRATION_TABLES.contains(name)) {
        return false;
      }
    }
    return true;
  }

  /** Values written in the text, no placeholders: a script, not application code binding values. */
  private static boolean literal(Execution e) {
    Shape shape = e.shape();
    if (e.isBatch() || !shape.sampleHasValues()) {
      return false;
    }
    String sample = shape.sample();
    for (int i = 0; i < sample.length(); i++) {
      char c = sample.charAt(i);
      if (c == '?' || c == '$' && i + 1 < sample.length() && Character.isDigit(sample.charAt(i + 1))) {
        return false;
      }
    }
    return true;
  }
}
