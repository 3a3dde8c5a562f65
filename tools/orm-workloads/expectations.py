#!/usr/bin/env python3
"""Writes core/src/test/resources/orm/expectations.tsv and checks that every expected scenario's marker is in
every recorded log of its run (and that no skipped scenario's marker is).

    python3 tools/orm-workloads/expectations.py [--check-only]

Columns of expectations.tsv (tab-separated, one header line):
  orm            django | sqlalchemy | rails | sequelize | typeorm
  db             pg | mariadb
  scenario       the scenario name; its marker is the literal statement  SELECT 'scenario: <name>'
                 (the row `startup` is everything before the first marker: schema creation and seeding)
  expected       the rule id dbprof should report for the scenario, or `none`
  table          the table the finding (or the clean twin's statement) concerns; `-` for connections
  statement      select | insert | update | delete | connect
  iterations     how many times the workload's loop runs (requests for back_to_back / connection /
                 marked scenarios; 1 for a clean twin's single statement)
  marker         the marker statement that opens the scenario (`-` for startup)
  files          the log files of the run (all from the same run)
  notes          what else the ORM sends in that scenario that a test should know
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "core", "src", "test", "resources", "orm")

ORMS = ["django", "sqlalchemy", "rails", "sequelize", "typeorm"]
DBS = ["pg", "mariadb"]
FILES = {"pg": ["postgresql.log", "postgresql.csv", "postgresql.json"], "mariadb": ["slow.log", "general.log"]}

# (scenario, expected, table, statement, iterations, notes)
SCENARIOS = [
    ("startup", "none", "customers", "insert", 100,
     "schema creation (the ORM's own DDL) and seeding: 100 customers inserted one at a time in ONE transaction "
     "(like fixtures/seeds; SQLAlchemy on PG sends them as one multi-row INSERT ... RETURNING), then products/orders/"
     "order_items in multi-row inserts; start-up work, to be reported apart and never ranked"),
    ("n_plus_one", "n-plus-one", "orders", "select", 20, "20 customers listed, then their orders loaded one customer at a time"),
    ("n_plus_one_fixed", "none", "orders", "select", 1, "the same data with the ORM's eager loading"),
    ("txn_per_iteration_insert", "unbatched-writes", "products", "insert", 30, "each row its own transaction"),
    ("txn_per_iteration_insert_fixed", "none", "products", "insert", 1, "one multi-row INSERT"),
    ("update_loop", "unbatched-writes", "products", "update", 20, "one SELECT of the 20 rows, then each row updated in its own transaction"),
    ("update_loop_fixed", "none", "products", "update", 1, "one UPDATE ... WHERE id IN (...)"),
    ("get_by_id_loop", "n-plus-one", "customers", "select", 25, "ids known in code: no source SELECT before the loop"),
    ("get_by_id_loop_fixed", "none", "customers", "select", 1, "one WHERE id IN (...)"),
    ("pagination", "none", "customers", "select", 8,
     "a COUNT, then 8 pages of LIMIT 10 OFFSET 0..70: not an N+1 (an offset-pagination note is acceptable)"),
    ("count_with_limit", "none", "orders", "select", 1, "COUNT(*) over a subquery WITH LIMIT 50: the subquery is needed"),
    ("count_distinct_subquery", "count-subquery", "orders", "select", 1, "COUNT(*) over a subquery that could be a plain/DISTINCT count"),
    ("duplicate_query", "duplicate-query", "products", "select", 2, "the same SELECT with the same parameters twice"),
    ("duplicate_query_fixed", "none", "products", "select", 1, "the SELECT once"),
    ("back_to_back_requests", "none", "-", "select", 6,
     "6 separate clean requests 60-150 ms apart on one pooled/persistent connection: customer 1 / 5 products / "
     "order 3 + its items / customer 2 + count of its orders / 5 products over 30 / order 4"),
    ("delete_cascade_loop", "unbatched-writes", "orders", "delete", 15, "orders 151-165 deleted one at a time (with their order_items)"),
    ("delete_cascade_loop_fixed", "none", "orders", "delete", 1, "orders 166-180 (and their items) deleted set-based"),
    ("connection_per_request", "connection-churn", "-", "connect", 12,
     "12 requests, each on its own new connection (customer i, its first 3 orders); the marker is on the main connection"),
    ("connection_per_request_fixed", "none", "-", "connect", 12, "the same 12 requests on the pooled/persistent connection"),
    ("marked_requests", "n-plus-one", "orders", "select", 10,
     "4 requests tagged with sqlcommenter-style comments, one traceparent each; requests 1 and 3 (customers#index) "
     "list 10 customers and load their orders one by one (the N+1), requests 2 (products#index) and 4 (orders#show) are clean"),
    # issue 15: work shaped like requests, and transactions inside them
    ("per_row_transaction_reads", "n-plus-one", "orders", "select", 20,
     "customers 41-60 listed, then each one's paid orders fetched in its OWN transaction: one transaction per iteration"),
    ("per_row_transaction_writes", "unbatched-writes", "orders", "insert", 24,
     "24 orders for customer 70 created one at a time, each in its OWN transaction: one transaction per iteration"),
    ("per_row_transaction_fixed", "none", "orders", "select", 1,
     "the same reads (eager loading: customers 41-60 and their paid orders) and writes (24 orders for customer 71 in one "
     "multi-row INSERT) in ONE transaction"),
    ("loop_without_source", "n-plus-one", "order_items", "select", 12,
     "12 order items fetched by primary key, ids known in code (3,1,4,15,9,2,6,5,35,8,7,39): no SELECT before the loop "
     "(a shape no other scenario loops over)"),
    ("pooled_requests", "none", "-", "select", 4,
     "4 clean requests of 5, 5, 2 and 1 statements, 40, 70 and 30 ms apart, on one pooled/persistent connection, no "
     "transaction: customer 11, its 3 first orders, order 21, its items, 5 products / the same for customer 12 and order "
     "22 / customer 13 and its 3 first orders / customer 14; the same statements repeat ACROSS requests (the products "
     "list with the same parameters, the others with other values), never inside one: merged into one unit they would "
     "look like a duplicate-query and N+1s"),
    ("tagged_requests", "n-plus-one", "orders", "select", 10,
     "5 requests, each statement tagged with a comment the way the ecosystem's tools write it, 50/30/70/40 ms apart on "
     "one connection: 1 customer show (5 statements as in pooled_requests, customer 15 / order 25), 2 customer index "
     "(customers 21-30 listed, then each one's orders: the N+1; Rails: dashboard#index, as marked_requests' N+1 is customers#index), 3 customer show (16 / 26), 4 customer orders (17), 5 "
     "customer summary (18); only request 2 has a finding"),
]

# scenarios an ORM does not have, and why (see MANIFEST.md)
SKIPPED = {
    "rails": {"count_distinct_subquery"},
    "sequelize": {"count_with_limit", "count_distinct_subquery"},
    "typeorm": {"count_with_limit", "count_distinct_subquery"},
}

ORM_NOTES = {
    ("django", "txn_per_iteration_insert"): "autocommit: no BEGIN/COMMIT in the log, each INSERT commits itself",
    ("django", "update_loop"): "autocommit: each UPDATE commits itself; save() writes every column",
    ("django", "delete_cascade_loop"): "per order: BEGIN; DELETE order_items WHERE order_id IN (x); DELETE orders WHERE id IN (x); COMMIT",
    ("django", "delete_cascade_loop_fixed"): "one SELECT of the ids, then BEGIN; DELETE order_items IN; DELETE orders IN; COMMIT",
    ("django", "back_to_back_requests"): "CONN_MAX_AGE=600, request_started/request_finished signals sent around each request",
    ("django", "connection_per_request"): "CONN_MAX_AGE=0 (Django's default): connect at the first query, close at request_finished",
    ("django", "count_with_limit"): "qs[:50].count(): SELECT COUNT(*) FROM (SELECT ... LIMIT 50) subquery",
    ("django", "count_distinct_subquery"): "values('customer_id').distinct().count(): SELECT COUNT(*) FROM (SELECT DISTINCT customer_id ...) subquery",
    ("django", "marked_requests"): "comment appended by a connection.execute_wrapper, at the end of each statement",
    ("sqlalchemy", "txn_per_iteration_insert"): "session.add(); session.commit() per row: BEGIN; INSERT ... RETURNING; COMMIT (PG) / INSERT; COMMIT (MariaDB)",
    ("sqlalchemy", "update_loop"): "expire_on_commit: each iteration also re-SELECTs the row by id before its UPDATE (a second loop)",
    ("sqlalchemy", "delete_cascade_loop"): "per order: SELECT its items (cascade), DELETE each item by id, DELETE the order, COMMIT, then a refresh SELECT of the next order",
    ("sqlalchemy", "back_to_back_requests"): "a Session per request: each request is BEGIN ... ROLLBACK (reset on return to the pool); no request is outside a transaction",
    ("sqlalchemy", "connection_per_request"): "an engine with NullPool",
    ("sqlalchemy", "count_with_limit"): "query.limit(50).count(): SELECT count(*) FROM (SELECT ... LIMIT 50) AS anon_1",
    ("sqlalchemy", "count_distinct_subquery"): "query.filter(...).count(): SELECT count(*) FROM (SELECT orders.id, ... WHERE status = ...) AS anon_1",
    ("sqlalchemy", "marked_requests"): "comment appended by a before_cursor_execute event",
    ("rails", "startup"): "ActiveRecord::Schema.define also creates schema_migrations and ar_internal_metadata",
    ("rails", "txn_per_iteration_insert"): "create! per row: BEGIN; INSERT ... RETURNING id; COMMIT",
    ("rails", "update_loop"): "update! per row: BEGIN; UPDATE; COMMIT",
    ("rails", "delete_cascade_loop"): "destroy per order (has_many dependent: :delete_all): BEGIN; DELETE order_items WHERE order_id; DELETE orders WHERE id; COMMIT",
    ("rails", "delete_cascade_loop_fixed"): "delete_all on a where (destroy_all would load and destroy one row at a time)",
    ("rails", "duplicate_query"): "no QueryCache middleware around the script (as in jobs and the console): both SELECTs reach the server",
    ("rails", "connection_per_request"): "connection_pool.disconnect! after each request; every new connection runs the adapter's SET/SHOW/type-map queries, and disconnect sends DEALLOCATE per prepared statement (PG)",
    ("rails", "count_with_limit"): ".limit(50).count: SELECT COUNT(*) FROM (SELECT 1 AS one ... LIMIT 50) subquery_for_count",
    ("rails", "marked_requests"): "Relation#annotate: the comment is /* ... */ with spaces and sits after FROM <table>, before WHERE/ORDER BY",
    ("sequelize", "txn_per_iteration_insert"): "Model.create without a transaction: autocommit INSERT ... RETURNING (PG) / prepared INSERT (MariaDB), no BEGIN/COMMIT",
    ("sequelize", "update_loop"): "instance.save() per row: autocommit UPDATE of the changed column",
    ("sequelize", "delete_cascade_loop"): "instance.destroy() per order: one DELETE each, the items go by ON DELETE CASCADE",
    ("sequelize", "connection_per_request"): "a new Sequelize instance per request: its first connection only runs SELECT VERSION() (MariaDB) and quits, then a second one runs the request",
    ("sequelize", "marked_requests"): "comment appended by a wrapper around the dialect's Query.run (Sequelize 6 has no finder comment option)",
    ("typeorm", "txn_per_iteration_insert"): "repo.save() per row: START TRANSACTION; INSERT; COMMIT",
    ("typeorm", "update_loop"): "repo.save(entity) per row: a SELECT by id first, then START TRANSACTION; UPDATE; COMMIT",
    ("typeorm", "delete_cascade_loop"): "repo.remove() per order: START TRANSACTION; DELETE; COMMIT (items by ON DELETE CASCADE)",
    ("typeorm", "n_plus_one_fixed"): "relations + take: a SELECT DISTINCT of the ids first, then the joined SELECT",
    ("typeorm", "connection_per_request"): "a new DataSource per request: connect, SELECT version() and current_schema() (PG) / VERSION() (MariaDB), the request, close",
    ("typeorm", "marked_requests"): "TypeORM's own `comment` find option: the comment is /* ... */ PREPENDED to the statement",
    ("django", "per_row_transaction_reads"): "with transaction.atomic() per customer: BEGIN; SELECT; COMMIT (PG) / SET autocommit=0; SELECT; COMMIT; SET autocommit=1 (MariaDB)",
    ("django", "per_row_transaction_writes"): "with transaction.atomic(): Order.objects.create() per row: BEGIN; INSERT ... RETURNING; COMMIT (PG) / SET autocommit=0; INSERT; COMMIT; SET autocommit=1 (MariaDB)",
    ("django", "per_row_transaction_fixed"): "one atomic(): prefetch_related (a SELECT of the customers, one of their orders) and bulk_create",
    ("django", "pooled_requests"): "CONN_MAX_AGE=600, autocommit, request_started/request_finished around each request",
    ("django", "tagged_requests"): "google-cloud-sqlcommenter's Django format: controller (the view name), framework, route, traceparent; keys sorted, values url-quoted (Python's quote() keeps '/'), appended after a space by a connection.execute_wrapper",
    ("sqlalchemy", "per_row_transaction_reads"): "session.commit() after each customer: expire_on_commit re-SELECTs the customer by id before its orders (a second per-row loop); PG: BEGIN; SELECT customer; SELECT orders; COMMIT per row; MariaDB: no BEGIN, COMMIT ends each",
    ("sqlalchemy", "per_row_transaction_writes"): "session.add(); session.commit() per row: BEGIN; INSERT ... RETURNING; COMMIT (PG) / INSERT; COMMIT (MariaDB)",
    ("sqlalchemy", "per_row_transaction_fixed"): "with session.begin(): selectinload, and insert() with a list",
    ("sqlalchemy", "pooled_requests"): "a Session per request: BEGIN ... ROLLBACK around each (PG), ROLLBACK after each (MariaDB); no request is outside a transaction",
    ("sqlalchemy", "tagged_requests"): "sqlcommenter's SQLAlchemy format: controller, db_driver, db_framework, route, traceparent (Flask-style endpoint and route); appended by a before_cursor_execute event, so the driver's own BEGIN and ROLLBACK carry no tag",
    ("rails", "per_row_transaction_reads"): "Customer.transaction { c.orders.to_a } per customer: BEGIN; SELECT; COMMIT",
    ("rails", "per_row_transaction_writes"): "create! per row: BEGIN; INSERT; COMMIT",
    ("rails", "per_row_transaction_fixed"): "one ActiveRecord::Base.transaction: includes(:orders) and insert_all",
    ("rails", "pooled_requests"): "connection_pool.with_connection per request, no transaction",
    ("rails", "tagged_requests"): "marginalia's format (Rails 7 query log tags' default too): /*application:Shop,controller:customers,action:show*/ appended after a space to every statement the adapter runs, BEGIN/COMMIT included; no trace id: the tag text repeats across requests (requests 1 and 3 carry the same comment)",
    ("sequelize", "per_row_transaction_reads"): "sequelize.transaction(t => c.getOrders({transaction: t})) per customer: START TRANSACTION; SELECT; COMMIT",
    ("sequelize", "per_row_transaction_writes"): "sequelize.transaction(t => Order.create(..., {transaction: t})) per row: START TRANSACTION; INSERT; COMMIT",
    ("sequelize", "per_row_transaction_fixed"): "one sequelize.transaction: include: and bulkCreate",
    ("sequelize", "pooled_requests"): "one Sequelize instance, its pool's idle connection reused, no transaction",
    ("sequelize", "tagged_requests"): "@google-cloud/sqlcommenter-sequelize's format: db_driver, route, traceparent (express routes: no controller/action), appended by a wrapper around the dialect's Query.run; values encodeURIComponent'd",
    ("typeorm", "per_row_transaction_reads"): "dataSource.transaction(m => m.find(...)) per customer: START TRANSACTION; SELECT; COMMIT",
    ("typeorm", "per_row_transaction_writes"): "repo.save() per row: START TRANSACTION; INSERT; COMMIT",
    ("typeorm", "per_row_transaction_fixed"): "one dataSource.transaction: find with relations, and insert() of a list",
    ("typeorm", "pooled_requests"): "one DataSource, its pool's idle connection reused, no transaction",
    ("typeorm", "tagged_requests"): "sqlcommenter format: db_driver, route, traceparent, appended by a hook on every query runner's query() (START TRANSACTION/COMMIT too); values encodeURIComponent'd",
}


def traceparent(orm, n):
    trace = hashlib.md5(("%s-trace-%d" % (orm, n)).encode()).hexdigest()
    span = hashlib.md5(("%s-span-%d" % (orm, n)).encode()).hexdigest()[:16]
    return "00-%s-%s-01" % (trace, span)


def rows():
    for orm in ORMS:
        for db in DBS:
            for name, expected, table, stmt, iters, notes in SCENARIOS:
                if name in SKIPPED.get(orm, ()):
                    continue
                extra = ORM_NOTES.get((orm, name))
                if extra:
                    notes = notes + "; " + extra
                if name == "tagged_requests" and orm != "rails":
                    notes += "; traceparents of requests 1-5: %s; the N+1 request is the second" % ", ".join(
                        traceparent(orm, 100 + n) for n in range(1, 6))
                if name == "marked_requests":
                    notes += "; N+1 traceparents: %s, %s; clean: %s, %s" % (
                        traceparent(orm, 1), traceparent(orm, 3), traceparent(orm, 2), traceparent(orm, 4))
                marker = "-" if name == "startup" else "SELECT 'scenario: %s'" % name
                yield [orm, db, name, expected, table, stmt, str(iters), marker, ",".join(FILES[db]), notes]


def check():
    problems = 0
    for orm in ORMS:
        for db in DBS:
            for f in FILES[db]:
                path = os.path.join(OUT, "%s-%s" % (orm, db), f)
                if not os.path.exists(path):
                    print("missing: %s" % path)
                    problems += 1
                    continue
                text = open(path, encoding="utf-8").read()
                for name, *_ in SCENARIOS:
                    if name == "startup":
                        continue
                    present = ("scenario: %s'" % name) in text or ('scenario: %s\\"' % name) in text \
                        or ("scenario: %s''" % name) in text
                    wanted = name not in SKIPPED.get(orm, ())
                    if present != wanted:
                        print("%s: marker %s %s" % (path, name, "missing" if wanted else "unexpected"))
                        problems += 1
    return problems


if __name__ == "__main__":
    if "--check-only" not in sys.argv:
        with open(os.path.join(OUT, "expectations.tsv"), "w", encoding="utf-8") as out:
            out.write("\t".join(["orm", "db", "scenario", "expected", "table", "statement", "iterations", "marker",
                                 "files", "notes"]) + "\n")
            for r in rows():
                out.write("\t".join(r) + "\n")
    n = check()
    print("markers checked: %d problem(s)" % n)
    sys.exit(1 if n else 0)
