package dev.dbprof.internal.explain;

import dev.dbprof.internal.explain.SqlText.Token;
import dev.dbprof.internal.explain.SqlText.TokenKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from a statement's tokens and a {@link CodeCatalog} snapshot, whether planning it (or,
 * under ANALYZE, running it) could call anything but built-in, side-effect-free code. Planners
 * fold constant calls of immutable and stable functions and MariaDB materializes one-row derived
 * tables while optimizing, so plain EXPLAIN is not safe by itself: a statement is explained only
 * when every function it names, every operator, type and relation it reaches is built in and not
 * denied. Names are compared without regard to case or schema, which can refuse a harmless
 * statement but never lets a user's function through under another spelling.
 */
final class PlanningGuard {

  /** What the guard allows: the statement is explained, with ANALYZE only when {@code analyzeRefusal} is null. */
  record Verdict(String analyzeRefusal) {}

  private PlanningGuard() {}

  /**
   * Refuses statements whose planning could run foreign or denied code; when {@code analyze} is
   * asked for, also says (in the verdict) why running the statement would not be side-effect free.
   */
  static Verdict check(StatementGuard.Checked stmt, CodeCatalog catalog, boolean analyze)
      throws StatementGuard.Refused {
    boolean pg = catalog.dialect() == Dialect.POSTGRESQL;
    List<Token> tokens = SqlText.tokens(stmt.sql(), catalog.dialect());
    String analyzeRefusal = null;
    boolean writes = stmt.write() || !StatementGuard.isRead(stmt.leadingKeyword());
    Map<String, String> relations = writes ? catalog.relationsTaintedForWrites() : catalog.taintedRelations();
    for (int k = 0; k < tokens.size(); k++) {
      Token token = tokens.get(k);
      if (token.kind() == TokenKind.OPERATOR) {
        for (Map.Entry<String, String> denied : catalog.deniedOperators().entrySet()) {
          if (token.text().contains(denied.getKey())) {
            throw refused("uses operator " + denied.getKey() + ", " + denied.getValue());
          }
        }
        continue;
      }
      if (!token.isName()) {
        continue;
      }
      String name = token.text().toLowerCase(Locale.ROOT);
      boolean call = k + 1 < tokens.size() && tokens.get(k + 1).is("(");
      boolean afterDot = k >= 2 && tokens.get(k - 1).is(".") && tokens.get(k - 2).isName();
      String qualifier = afterDot ? tokens.get(k - 2).text().toLowerCase(Locale.ROOT) : null;
      if (pg && token.kind() == TokenKind.WORD && name.equals("operator") && call) {
        checkOperatorSyntax(tokens, k + 2);
        continue;
      }
      if (!pg && name.equals("next") && k + 2 < tokens.size() && tokens.get(k + 1).is("value")
          && tokens.get(k + 2).is("for")) {
        throw refused("uses NEXT VALUE FOR, which advances a sequence");
      }
      if (call) {
        if (qualifier != null && !(pg && qualifier.equals("pg_catalog"))) {
          throw refused("calls " + qualifier + "." + name + "(), "
              + (pg ? "a function outside pg_catalog" : "a stored function")
              + "; planning could run it");
        }
        String denial = pg ? postgresDenial(name) : mysqlDenial(name);
        if (denial != null) {
          throw refused("calls " + name + "(), which " + denial);
        }
        if (catalog.foreignFunctions().contains(name)) {
          throw refused("calls " + name + "(), " + (pg
              ? "a function name that exists outside pg_catalog" : "a stored or loadable function")
              + "; planning could run it");
        }
        if (analyze && analyzeRefusal == null && catalog.volatileFunctions().contains(name)) {
          analyzeRefusal = "it calls " + name + "(), which is volatile and could change something";
        }
      } else if (pg && qualifier != null && catalog.foreignFunctions().contains(name)) {
        // x.f is PostgreSQL's attribute notation for f(x)
        throw refused("names ." + name + ", which could call the function " + name
            + "() defined outside pg_catalog");
      }
      String relation = relations.get(name);
      if (relation != null) {
        throw refused((writes ? "names relation " : "reads relation ") + name + ": " + relation);
      }
      String type = catalog.taintedTypes().get(name);
      if (type != null) {
        throw refused("uses type " + name + ": " + type);
      }
      if (analyze && analyzeRefusal == null && catalog.relationsUnsafeToRun().containsKey(name)) {
        analyzeRefusal = "relation " + name + " " + catalog.relationsUnsafeToRun().get(name);
      }
    }
    return new Verdict(analyzeRefusal);
  }

  /** {@code OPERATOR(schema.op)}: only pg_catalog's operators. */
  private static void checkOperatorSyntax(List<Token> tokens, int from) throws StatementGuard.Refused {
    for (int k = from; k < tokens.size() && !tokens.get(k).is(")"); k++) {
      Token t = tokens.get(k);
      if (t.isName() && !t.text().equalsIgnoreCase("pg_catalog")) {
        throw refused("uses OPERATOR(" + t.text() + ".…), an operator outside pg_catalog");
      }
    }
  }

  private static StatementGuard.Refused refused(String why) {
    return new StatementGuard.Refused(why);
  }

  private static final Set<String> PG_DENIED = Set.of(
      "pg_terminate_backend", "pg_cancel_backend", "pg_signal_backend", "set_config", "pg_notify",
      "pg_reload_conf", "pg_rotate_logfile", "pg_rotate_logfile_old", "pg_switch_wal", "pg_stat_file",
      "nextval", "setval", "currval", "lastval", "pg_current_xact_id", "pg_current_xact_id_if_assigned",
      "pg_promote", "pg_import_system_collations", "pg_log_backend_memory_contexts",
      "pg_export_snapshot", "pg_hba_file_rules", "pg_ident_file_mappings", "pg_show_all_file_settings",
      "pg_config", "pg_backup_start", "pg_backup_stop", "pg_start_backup", "pg_stop_backup",
      "pg_nextoid", "pg_stat_clear_snapshot", "pg_stat_force_next_flush", "pg_log_standby_snapshot",
      "pg_sync_replication_slots", "pg_truncate_visibility_map", "loread", "lowrite", "loimport",
      "loexport", "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_advisory_unlock_all",
      "pg_extension_config_dump", "pg_event_trigger_ddl_commands", "xpath", "xpath_exists",
      "pg_get_wal_replay_pause_state", "pg_wal_replay_pause", "pg_wal_replay_resume");
  private static final List<String> PG_DENIED_PREFIXES = List.of(
      "pg_advisory_", "pg_try_advisory_", "dblink", "pg_read_", "pg_ls_", "lo_", "pg_sleep",
      "pg_stat_reset", "txid_", "query_to_xml", "pg_file_", "pg_logical_", "pg_replication_",
      "pg_create_", "pg_drop_", "pg_copy_", "binary_upgrade_", "pg_wal_replay_", "pg_cancel_",
      "pg_terminate_");

  /** Why dbprof never lets PostgreSQL run this built-in, or null when it may. */
  static String postgresDenial(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean denied = PG_DENIED.contains(lower) || lower.endsWith("_to_xml")
        || lower.endsWith("_to_xmlschema") || lower.endsWith("_to_xml_and_xmlschema");
    for (String prefix : PG_DENIED_PREFIXES) {
      denied |= lower.startsWith(prefix);
    }
    return denied ? "dbprof never runs (it locks, signals, sleeps, reads files or queries, or changes state)"
        : null;
  }

  private static final Set<String> MYSQL_DENIED = Set.of(
      "sleep", "benchmark", "get_lock", "release_lock", "release_all_locks", "is_free_lock",
      "is_used_lock", "master_pos_wait", "master_gtid_wait", "source_pos_wait", "load_file",
      "uuid_short", "nextval", "setval", "lastval", "wait_for_executed_gtid_set",
      "wait_until_sql_thread_after_gtids", "last_insert_id", "sys_exec", "sys_eval", "sys_get",
      "sys_set");
  private static final List<String> MYSQL_DENIED_PREFIXES = List.of(
      "sys_", "service_", "keyring_", "audit_", "version_tokens", "mysql_firewall", "set_firewall",
      "asynchronous_connection_", "group_replication_");

  /** Why dbprof never lets MySQL or MariaDB run this built-in, or null when it may. */
  static String mysqlDenial(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean denied = MYSQL_DENIED.contains(lower);
    for (String prefix : MYSQL_DENIED_PREFIXES) {
      denied |= lower.startsWith(prefix);
    }
    return denied ? "dbprof never runs (it locks, sleeps, reads files, or changes state)" : null;
  }
}
