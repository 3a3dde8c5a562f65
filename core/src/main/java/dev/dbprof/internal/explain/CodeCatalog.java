package dev.dbprof.internal.explain;

import dev.dbprof.internal.explain.SqlText.Token;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the catalog says about code a statement could reach, read once per advisor session by
 * queries on catalog tables only (no view, no function outside pg_catalog or the built-ins), so
 * reading it runs no user code either. Names are lower case.
 *
 * @param foreignFunctions names of functions that are not built in (PostgreSQL: defined outside
 *     pg_catalog or after initdb; MySQL/MariaDB: stored functions and loadable UDFs)
 * @param volatileFunctions PostgreSQL: pg_catalog names with a volatile overload (not run under ANALYZE)
 * @param deniedOperators operator symbol → why any use of it is refused
 * @param taintedRelations relation → why planning a statement that names it could run user code
 * @param relationsTaintedForWrites the same for statements that write (adds defaults, generated
 *     columns, write rules and write policies)
 * @param relationsUnsafeToRun relation → why running (ANALYZE) a read of it could change something
 * @param taintedTypes type → why a statement that names it could run user code
 */
record CodeCatalog(Dialect dialect, Set<String> foreignFunctions, Set<String> volatileFunctions,
    Map<String, String> deniedOperators, Map<String, String> taintedRelations,
    Map<String, String> relationsTaintedForWrites, Map<String, String> relationsUnsafeToRun,
    Map<String, String> taintedTypes) {

  /** Objects created by initdb have smaller oids (PostgreSQL's FirstNormalObjectId). */
  private static final long FIRST_USER_OID = 16384;

  /**
   * @param compiled written in C (or internal): only a superuser can create such a function, so it
   *     is extension code, trusted where it is reached implicitly (a type's input function, an
   *     operator between extension types) but never called by name
   */
  private record Function(String name, boolean foreign, boolean denied, boolean isVolatile,
      boolean compiled) {

    String describe() {
      return name + "(), which " + (foreign ? "is not built in" : "dbprof never runs");
    }

    /** Whether reaching it implicitly could run code a non-superuser wrote, or a denied built-in. */
    boolean unsafeImplicitly() {
      return denied || (foreign && !compiled);
    }
  }

  private static boolean unsafeImplicitly(Map<Long, Function> functions, long oid) {
    Function f = functions.get(oid);
    return f != null && f.unsafeImplicitly();
  }

  /**
   * One stored expression of a relation or domain and the objects it names; {@code use} says when
   * the server evaluates it: 'r' when a read executes (views, SELECT policies), 'p' only while
   * planning (check constraints for exclusion, index, statistics and partition expressions), 'w'
   * only for writes (defaults, generated columns, rules and policies of writes).
   */
  private record Tree(long owner, String what, char use, List<Long> functions, List<Long> operators,
      List<Long> types, List<Long> relations) {}

  private static final Pattern NODE_REF = Pattern.compile(
      ":(funcid|opfuncid|aggfnoid|winfnoid|hashfuncid|negfuncid|opno|relid|resulttype|consttype"
          + "|funcresulttype|typeid) (\\d+)");

  /** PostgreSQL: functions, operators, casts, types and every stored expression of every relation. */
  static CodeCatalog loadPostgres(Connection connection, int timeoutSeconds, int versionNum)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      st.execute("SET TRANSACTION READ ONLY");
      // no user schema can shadow a catalog table or operator in these queries
      st.execute("SET LOCAL search_path = pg_catalog, pg_temp");
      return readPostgres(st, versionNum);
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  private static CodeCatalog readPostgres(Statement st, int versionNum) throws SQLException {
    Map<Long, Function> functions = new HashMap<>();
    Set<String> foreign = new TreeSet<>();
    Set<String> volatileNames = new TreeSet<>();
    try (ResultSet rs = st.executeQuery("SELECT p.oid, p.proname, p.pronamespace = 'pg_catalog'::regnamespace,"
        + " p.provolatile = 'v', l.lanname IN ('c', 'internal')"
        + " FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang")) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        String name = rs.getString(2).toLowerCase(Locale.ROOT);
        boolean isForeign = oid >= FIRST_USER_OID || !rs.getBoolean(3);
        boolean isVolatile = rs.getBoolean(4);
        functions.put(oid, new Function(rs.getString(2), isForeign,
            PlanningGuard.postgresDenial(name) != null, isVolatile, rs.getBoolean(5)));
        if (isForeign) {
          foreign.add(name);
        } else if (isVolatile) {
          volatileNames.add(name);
        }
      }
    }
    Map<Long, String> typeNames = new HashMap<>();
    Map<Long, List<Long>> typeParents = new HashMap<>(); // type → base, element, composite relation (as -oid)
    Map<Long, String> typeReasons = new TreeMap<>();
    try (ResultSet rs = st.executeQuery("SELECT t.oid, t.typname, t.typbasetype, t.typelem, t.typrelid,"
        + " t.typinput::oid, t.typoutput::oid, t.typreceive::oid, t.typsend::oid, t.typmodin::oid,"
        + " t.typmodout::oid, t.typanalyze::oid FROM pg_type t WHERE t.oid >= " + FIRST_USER_OID)) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        typeNames.put(oid, rs.getString(2));
        typeParents.put(oid, List.of(rs.getLong(3), rs.getLong(4), -rs.getLong(5)));
        for (int col = 6; col <= 12; col++) {
          Function f = functions.get(rs.getLong(col));
          if (f != null && f.unsafeImplicitly()) {
            typeReasons.putIfAbsent(oid, "its input or output function " + f.describe());
          }
        }
      }
    }
    try (ResultSet rs = st.executeQuery("SELECT rngtypid, rngcanonical::oid, rngsubdiff::oid FROM pg_range"
        + " WHERE rngtypid >= " + FIRST_USER_OID)) {
      while (rs.next()) {
        for (int col = 2; col <= 3; col++) {
          Function f = functions.get(rs.getLong(col));
          if (f != null && f.unsafeImplicitly()) {
            typeReasons.putIfAbsent(rs.getLong(1), "its range support function " + f.describe());
          }
        }
      }
    }
    try (ResultSet rs = st.executeQuery("SELECT castsource, casttarget, castfunc FROM pg_cast WHERE oid >= "
        + FIRST_USER_OID)) {
      while (rs.next()) {
        if (!unsafeImplicitly(functions, rs.getLong(3))) {
          continue; // binary, I/O (the types' own functions) or an extension's compiled cast
        }
        for (int col = 1; col <= 2; col++) {
          long type = rs.getLong(col);
          if (type >= FIRST_USER_OID) {
            typeReasons.putIfAbsent(type, "it has a cast that is not built in");
          }
        }
      }
    }
    Map<String, String> deniedOperators = new TreeMap<>();
    Set<Long> foreignOperators = new java.util.HashSet<>();
    try (ResultSet rs = st.executeQuery("SELECT o.oid, o.oprname, o.oprleft, o.oprright, o.oprcode::oid,"
        + " o.oprrest::oid, o.oprjoin::oid FROM pg_operator o"
        + " WHERE o.oid >= " + FIRST_USER_OID + " OR o.oprnamespace <> 'pg_catalog'::regnamespace")) {
      while (rs.next()) {
        String symbol = rs.getString(2);
        long left = rs.getLong(3);
        long right = rs.getLong(4);
        boolean userCode = unsafeImplicitly(functions, rs.getLong(5)) || unsafeImplicitly(functions, rs.getLong(6))
            || unsafeImplicitly(functions, rs.getLong(7));
        // an operator between two extension or user types resolves only where such a type appears,
        // and an extension's compiled operator there runs no code a non-superuser wrote
        if (left < FIRST_USER_OID || right < FIRST_USER_OID || userCode) {
          foreignOperators.add(rs.getLong(1));
        }
        if (left < FIRST_USER_OID || right < FIRST_USER_OID) {
          deniedOperators.putIfAbsent(symbol, "which is defined outside pg_catalog on a built-in type");
        } else if (userCode) {
          typeReasons.putIfAbsent(left, "operator " + symbol + " on it is not built in");
          typeReasons.putIfAbsent(right, "operator " + symbol + " on it is not built in");
        }
      }
    }
    Map<Long, String> relationNames = new HashMap<>();
    Map<Long, String> relationReasons = new TreeMap<>();
    Map<Long, String> runReasons = new TreeMap<>();
    try (ResultSet rs = st.executeQuery("SELECT c.oid, c.relname, c.relkind FROM pg_class c WHERE c.oid >= "
        + FIRST_USER_OID + " AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'c')")) {
      while (rs.next()) {
        relationNames.put(rs.getLong(1), rs.getString(2));
        if ("f".equals(rs.getString(3))) {
          relationReasons.put(rs.getLong(1), "it is a foreign table, whose wrapper runs while planning");
        }
      }
    }
    Map<Long, List<Long>> columnTypes = new HashMap<>();
    try (ResultSet rs = st.executeQuery("SELECT attrelid, atttypid FROM pg_attribute WHERE attrelid >= "
        + FIRST_USER_OID + " AND attnum > 0 AND NOT attisdropped AND atttypid >= " + FIRST_USER_OID)) {
      while (rs.next()) {
        columnTypes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
      }
    }
    Map<Long, List<Long>> children = new HashMap<>();
    try (ResultSet rs = st.executeQuery("SELECT inhparent, inhrelid FROM pg_inherits")) {
      while (rs.next()) {
        children.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
      }
    }
    List<Tree> relationTrees = trees(st, """
        SELECT ev_class, 'its view definition or rules', ev_action::text || coalesce(ev_qual::text, ''),
            CASE WHEN ev_type = '1' THEN 'r' ELSE 'w' END
          FROM pg_rewrite WHERE ev_class >= 16384
        UNION ALL SELECT d.adrelid, 'a column default or generated column', d.adbin::text,
            CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = d.adrelid
              AND a.attnum = d.adnum AND a.attgenerated = 'v') THEN 'r' ELSE 'w' END
          FROM pg_attrdef d
        UNION ALL SELECT polrelid, 'a row-level security policy',
            coalesce(polqual::text, '') || coalesce(polwithcheck::text, ''),
            CASE WHEN polcmd IN ('r', '*') THEN 'r' ELSE 'w' END FROM pg_policy
        UNION ALL SELECT conrelid, 'a check constraint', conbin::text, 'p' FROM pg_constraint
          WHERE conrelid <> 0 AND conbin IS NOT NULL
        UNION ALL SELECT indrelid, 'an index expression or predicate',
            coalesce(indexprs::text, '') || coalesce(indpred::text, ''), 'p' FROM pg_index
          WHERE indexprs IS NOT NULL OR indpred IS NOT NULL
        UNION ALL SELECT partrelid, 'its partition key', partexprs::text, 'p' FROM pg_partitioned_table
          WHERE partexprs IS NOT NULL"""
        + (versionNum >= 140000 ? " UNION ALL SELECT stxrelid, 'an extended statistics expression',"
            + " stxexprs::text, 'p' FROM pg_statistic_ext WHERE stxexprs IS NOT NULL" : ""));
    List<Tree> domainTrees = trees(st, "SELECT contypid, 'its domain constraint', conbin::text, 'p'"
        + " FROM pg_constraint WHERE contypid <> 0 AND conbin IS NOT NULL");
    for (Tree tree : domainTrees) {
      String why = badCall(tree, functions, foreignOperators, false);
      if (why != null) {
        typeReasons.putIfAbsent(tree.owner(), why);
      }
    }
    Map<Long, String> writeReasons = new TreeMap<>();
    for (Tree tree : relationTrees) {
      String why = badCall(tree, functions, foreignOperators, false);
      if (why != null) {
        (tree.use() == 'w' ? writeReasons : relationReasons).putIfAbsent(tree.owner(), why);
      }
      String run = tree.use() == 'r' ? badCall(tree, functions, foreignOperators, true) : null;
      if (run != null) {
        runReasons.putIfAbsent(tree.owner(), run);
      }
    }
    // taint spreads until nothing changes: types through base, element and composite relation;
    // relations through column types, the relations and types their expressions name, and partitions
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Long, List<Long>> type : typeParents.entrySet()) {
        if (typeReasons.containsKey(type.getKey())) {
          continue;
        }
        for (long parent : type.getValue()) {
          String why = parent < 0 ? relationReasons.get(-parent) : typeReasons.get(parent);
          if (why != null && parent != 0) {
            String parentName = parent < 0 ? relationNames.get(-parent) : typeNames.get(parent);
            typeReasons.put(type.getKey(), "it is built on " + parentName + ", where " + why);
            changed = true;
            break;
          }
        }
      }
      for (Map.Entry<Long, List<Long>> rel : columnTypes.entrySet()) {
        if (!relationReasons.containsKey(rel.getKey())) {
          for (long type : rel.getValue()) {
            if (typeReasons.containsKey(type)) {
              relationReasons.put(rel.getKey(), "a column has type " + typeNames.get(type) + ", where "
                  + typeReasons.get(type));
              changed = true;
              break;
            }
          }
        }
      }
      for (Tree tree : relationTrees) {
        if (tree.use() != 'w') {
          changed |= spread(tree, relationReasons, relationNames, typeReasons, typeNames);
        }
        if (tree.use() == 'r') {
          changed |= spread(tree, runReasons, relationNames, Map.of(), typeNames);
        }
        // writing through a view writes its base relations, with their defaults and write policies
        changed |= spread(tree, writeReasons, relationNames, Map.of(), typeNames);
      }
      for (Map.Entry<Long, List<Long>> parent : children.entrySet()) {
        for (long child : parent.getValue()) {
          changed |= inherit(parent.getKey(), child, relationReasons, relationNames);
          changed |= inherit(parent.getKey(), child, runReasons, relationNames);
          changed |= inherit(parent.getKey(), child, writeReasons, relationNames);
        }
      }
    }
    relationReasons.forEach((oid, why) -> runReasons.putIfAbsent(oid, why));
    relationReasons.forEach((oid, why) -> writeReasons.putIfAbsent(oid, why));
    return new CodeCatalog(Dialect.POSTGRESQL, Set.copyOf(foreign), Set.copyOf(volatileNames),
        Map.copyOf(deniedOperators), byName(relationReasons, relationNames), byName(writeReasons, relationNames),
        byName(runReasons, relationNames), byName(typeReasons, typeNames));
  }

  private static boolean spread(Tree tree, Map<Long, String> reasons, Map<Long, String> relationNames,
      Map<Long, String> typeReasons, Map<Long, String> typeNames) {
    if (reasons.containsKey(tree.owner())) {
      return false;
    }
    for (long rel : tree.relations()) {
      if (rel != tree.owner() && reasons.containsKey(rel)) {
        reasons.put(tree.owner(), tree.what() + " reads " + relationNames.get(rel) + ", where " + reasons.get(rel));
        return true;
      }
    }
    for (long type : tree.types()) {
      if (typeReasons.containsKey(type)) {
        reasons.put(tree.owner(), tree.what() + " uses type " + typeNames.get(type) + ", where "
            + typeReasons.get(type));
        return true;
      }
    }
    return false;
  }

  private static boolean inherit(long parent, long child, Map<Long, String> reasons, Map<Long, String> names) {
    if (reasons.containsKey(parent) || !reasons.containsKey(child)) {
      return false;
    }
    reasons.put(parent, "its partition or child " + names.get(child) + " is read too, where " + reasons.get(child));
    return true;
  }

  /** Why a stored expression could run code: a function that is not built in or denied (or volatile). */
  private static String badCall(Tree tree, Map<Long, Function> functions, Set<Long> foreignOperators,
      boolean alsoVolatile) {
    for (long oid : tree.functions()) {
      Function f = functions.get(oid);
      // planning folds only non-volatile calls: a denied volatile built-in (nextval in a serial
      // column's default) runs only when the statement is executed, which dbprof never does for writes
      if (f != null && (f.foreign() || (f.denied() && (alsoVolatile || !f.isVolatile())))) {
        return tree.what() + " calls " + f.describe();
      }
      if (f != null && alsoVolatile && f.isVolatile()) {
        return tree.what() + " calls " + f.name() + "(), which is volatile";
      }
    }
    for (long oid : tree.operators()) {
      if (foreignOperators.contains(oid)) {
        return tree.what() + " uses an operator that is not built in";
      }
    }
    return null;
  }

  private static List<Tree> trees(Statement st, String sql) throws SQLException {
    List<Tree> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<Long> functions = new ArrayList<>();
        List<Long> operators = new ArrayList<>();
        List<Long> types = new ArrayList<>();
        List<Long> relations = new ArrayList<>();
        String text = rs.getString(3);
        Matcher m = NODE_REF.matcher(text == null ? "" : text);
        while (m.find()) {
          long oid = Long.parseLong(m.group(2));
          switch (m.group(1)) {
            case "opno" -> operators.add(oid);
            case "relid" -> relations.add(oid);
            case "resulttype", "consttype", "funcresulttype", "typeid" -> types.add(oid);
            default -> functions.add(oid);
          }
        }
        out.add(new Tree(rs.getLong(1), rs.getString(2), rs.getString(4).charAt(0), functions, operators,
            types, relations));
      }
    }
    return out;
  }

  private static Map<String, String> byName(Map<Long, String> reasons, Map<Long, String> names) {
    Map<String, String> out = new TreeMap<>();
    reasons.forEach((oid, why) -> {
      String name = names.get(oid);
      if (name != null) {
        out.putIfAbsent(name.toLowerCase(Locale.ROOT), why);
      }
    });
    return Map.copyOf(out);
  }

  /** MySQL/MariaDB: stored functions, loadable functions and the views that call them. */
  static CodeCatalog loadMySql(Connection connection, Dialect dialect, int timeoutSeconds) throws SQLException {
    Set<String> foreign = new TreeSet<>();
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = st.executeQuery(
          "SELECT routine_name FROM information_schema.routines WHERE routine_type = 'FUNCTION'")) {
        while (rs.next()) {
          foreign.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
      // where this account may read them: loadable functions, and routines it cannot see otherwise
      for (String sql : List.of("SELECT name FROM mysql.func",
          "SELECT name FROM mysql.proc WHERE type = 'FUNCTION'")) {
        try (ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            foreign.add(rs.getString(1).toLowerCase(Locale.ROOT));
          }
        } catch (SQLException notReadable) {
          // no privilege or no such table: information_schema is what this account can call anyway
        }
      }
      Map<String, List<Token>> views = new TreeMap<>();
      Map<String, String> reasons = new TreeMap<>();
      try (ResultSet rs = st.executeQuery("SELECT table_name, view_definition FROM information_schema.views")) {
        while (rs.next()) {
          String name = rs.getString(1).toLowerCase(Locale.ROOT);
          String definition = rs.getString(2);
          if (definition == null || definition.isBlank()) {
            reasons.putIfAbsent(name, "its view definition is not readable (SHOW VIEW), so it may call anything");
          } else {
            views.put(name, SqlText.tokens(definition, dialect));
          }
        }
      }
      Set<String> viewNames = Set.copyOf(views.keySet());
      CodeCatalog bare = new CodeCatalog(dialect, Set.copyOf(foreign), Set.of(), Map.of(), Map.of(), Map.of(),
          Map.of(), Map.of());
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<String, List<Token>> view : views.entrySet()) {
          if (reasons.containsKey(view.getKey())) {
            continue;
          }
          String why = viewProblem(view.getValue(), bare, reasons, viewNames, view.getKey());
          if (why != null) {
            reasons.put(view.getKey(), why);
            changed = true;
          }
        }
      }
      return new CodeCatalog(dialect, Set.copyOf(foreign), Set.of(), Map.of(), Map.copyOf(reasons),
          Map.copyOf(reasons), Map.copyOf(reasons), Map.of());
    }
  }

  private static String viewProblem(List<Token> tokens, CodeCatalog bare, Map<String, String> tainted,
      Set<String> viewNames, String self) {
    for (int k = 0; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (!t.isName()) {
        continue;
      }
      String name = t.text().toLowerCase(Locale.ROOT);
      boolean call = k + 1 < tokens.size() && tokens.get(k + 1).is("(");
      boolean qualified = k >= 2 && tokens.get(k - 1).is(".");
      if (call && (qualified || bare.foreignFunctions().contains(name))) {
        return "its view definition calls the stored function " + name + "()";
      }
      if (call && PlanningGuard.mysqlDenial(name) != null) {
        return "its view definition calls " + name + "(), which dbprof never runs";
      }
      if (!name.equals(self) && viewNames.contains(name) && tainted.containsKey(name)) {
        return "its view definition reads view " + name + ", where " + tainted.get(name);
      }
    }
    return null;
  }
}
