package dev.dbprof.internal.analysis;

import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import java.util.List;

/**
 * What drivers, pools and ORMs send to prepare a connection rather than to do the application's
 * work: settings ({@code SET …}, {@code set_config}), {@code SHOW}, server variables
 * ({@code SELECT @@…}), pings ({@code SELECT 1}), {@code DISCARD}/{@code RESET}/{@code DEALLOCATE}, and lookups in
 * the catalog only (Rails' type map, Django's introspection). A connection that runs five of them
 * and one query is still a connection for one query.
 */
final class ConnectionSetup {

  private static final List<String> PREFIXES = List.of("set ", "show ", "discard ", "reset ", "deallocate ",
      "select @@", "select set_config(", "select pg_catalog.set_config(", "select version()",
      "select pg_catalog.version()", "select current_schema()", "select current_database()", "select database()",
      "select * from current_schema()", "select * from current_database()");

  private ConnectionSetup() {}

  static boolean is(Shape shape) {
    String text = shape.fingerprint();
    for (String prefix : PREFIXES) {
      if (text.startsWith(prefix)) {
        return true;
      }
    }
    if (text.equals("select ?")) {
      return true; // a ping: SELECT 1
    }
    StatementFacts facts = shape.facts();
    return facts != null && !facts.tables().isEmpty()
        && facts.tables().stream().allMatch(ConnectionSetup::isCatalog);
  }

  private static boolean isCatalog(String table) {
    return table.startsWith("pg_") || table.startsWith("pg_catalog.") || table.startsWith("information_schema.")
        || table.startsWith("mysql.") || table.startsWith("performance_schema.");
  }
}
