/**
 * EXPLAIN-based index advice for PostgreSQL, MySQL 8 and MariaDB.
 *
 * <p>{@link dev.dbprof.internal.explain.IndexAdvisor} takes statement shapes ({@link
 * dev.dbprof.model.Candidate}), asks the database for their plans and returns one {@link
 * dev.dbprof.model.IndexAdvice} per full scan that an index would serve. It orchestrates
 * the steps, each its own class: {@code AdvisorConnection} (connect within the budget, session
 * limits, privilege refusal, leftovers), {@code StatementGuard} and {@link PlanningGuard} (what
 * may reach the server), {@code ScanDiagnosis} (plan to {@code ScanFinding}s, merged),
 * {@code IndexValidation} (cost and verdict) and {@code AdvisorTexts} (every note and reason).
 * {@code SqlText.tokens} is the one lexer they share, dialect by dialect.
 *
 * <h2>Plans</h2>
 * PostgreSQL: {@code EXPLAIN (VERBOSE, FORMAT JSON)}. A statement with {@code ?} or {@code $n}
 * placeholders gets a generic plan: {@code GENERIC_PLAN} on 16+ ({@code generic-plan}), or
 * {@code PREPARE} under {@code plan_cache_mode = force_generic_plan} and {@code EXECUTE} with NULLs
 * on older servers ({@code prepared-generic}); a statement with inline values is explained as it
 * is ({@code sample-values}). MySQL/MariaDB have no generic plans: each placeholder is replaced by
 * a literal of the compared column's type from {@code information_schema.columns}
 * ({@code stand-in-literals}). MySQL 8's format-1 JSON and MariaDB's JSON are read into one
 * {@link dev.dbprof.internal.explain.Plan} of {@link dev.dbprof.internal.explain.PlanNode}s.
 *
 * <h2>Diagnosis and suggestion</h2>
 * A finding is a full scan (PostgreSQL {@code Seq Scan}, MySQL {@code ALL}/{@code index}) of a
 * table with at least {@code minTableRows} rows by the catalog's estimate, whose filter, join
 * condition or sort names columns: PostgreSQL {@code Filter}, {@code Hash/Merge Cond}, {@code Join
 * Filter}, {@code Sort Key}; MySQL/MariaDB {@code attached_condition}, MariaDB's filesort keys or
 * the statement's ORDER BY; plus the {@code StatementFacts} when given. The index lists equality
 * columns, then the first range column, then the sort columns (only without a range). Join
 * columns count when nothing else filters the table (the inner side of a join, the child of an
 * N+1 loop). No advice when an existing index already leads with those columns (a note says the
 * planner preferred the scan). Proposals on one table that a longer one serves are merged into it.
 *
 * <h2>Validation</h2>
 * PostgreSQL: with hypopg when installed; otherwise, only with {@code trial}, by building the index
 * in a transaction that is rolled back (it takes a SHARE lock for the build: for CI or test
 * databases). MySQL/MariaDB: only on the database named disposable, by creating and dropping the
 * index. An index is suggested when it saves at least {@code minCostSaving} of the plan's cost
 * (MariaDB 10.x prints no cost, so rows examined stand in). Unvalidated findings are suggested
 * unless the scan keeps most of the table's rows.
 *
 * <h2>Safety</h2>
 * One statement of kind SELECT/WITH/TABLE/INSERT/UPDATE/DELETE/MERGE passes the guard; any
 * {@code ;} inside the text, MySQL's executable comments {@code /*! … *&#47;} and every other kind
 * are refused before anything reaches the server. Every EXPLAIN runs in a read-only transaction
 * with the statement timeout and is rolled back; ANALYZE only with {@code allowAnalyze}, never
 * for writes. MySQL/MariaDB refuse to EXPLAIN a write in a read-only transaction, so UPDATE and
 * DELETE are planned as the SELECT that reads their rows.
 *
 * <p>Planning itself can run code (constant folding of IMMUTABLE/STABLE functions, MariaDB's
 * materialized one-row derived tables), so {@link PlanningGuard} then checks the statement's
 * tokens against a {@link CodeCatalog} snapshot read once per session: nothing but built-in,
 * non-denied functions, operators, types and relations may be reached, and under ANALYZE nothing
 * volatile.
 *
 * <p>The session: a superuser or an administrative account is refused unless {@code
 * allowSuperuser}; {@code role} is set right after connecting. Statement, lock and
 * idle-in-transaction timeouts are set on the session, driver timeouts never exceed the budget,
 * and a {@code Watchdog} aborts the connection when the budget runs out (connect included).
 * Advisory and user locks are released after every EXPLAIN. The PostgreSQL trial is refused where
 * event triggers or non-built-in column types would run user code; MySQL/MariaDB trial indexes
 * carry the {@code dbprof_trial_} prefix, a shutdown hook drops them, and the next run drops
 * leftovers.
 */
package dev.dbprof.internal.explain;

