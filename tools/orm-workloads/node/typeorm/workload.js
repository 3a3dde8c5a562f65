// TypeORM 0.3 shop workload: the dbprof ORM scenarios (see ../../README.md), one "request" each.
// Environment: SHOP_DB (pg|mariadb), SHOP_HOST, SHOP_PORT, SHOP_USER, SHOP_PASSWORD, SHOP_NAME.
require("reflect-metadata");
const { Between, DataSource, EntitySchema, In, LessThan, MoreThan } = require("typeorm");
const { DB, conn, sleep, range, cities, pauses, markedRequests, tagsOf, pooledRequests, pooledPauses, taggedRequests,
  taggedPauses, sqlComment, traceparent, cartIds } = require("../common");

const ORM = "typeorm";
const FRAMEWORK = "typeorm%3A" + require("fs").readFileSync(require.resolve("typeorm").replace(/index\.js$/, "package.json"), "utf8").match(/"version": *"([^"]+)"/)[1];

const Customer = new EntitySchema({
  name: "Customer", tableName: "customers",
  columns: {
    id: { type: Number, primary: true, generated: true },
    name: { type: "varchar", length: 100 },
    email: { type: "varchar", length: 200 },
    city: { type: "varchar", length: 50 },
  },
  relations: { orders: { type: "one-to-many", target: "Order", inverseSide: "customer" } },
});
const Product = new EntitySchema({
  name: "Product", tableName: "products",
  columns: {
    id: { type: Number, primary: true, generated: true },
    name: { type: "varchar", length: 100 },
    price: { type: "decimal", precision: 10, scale: 2 },
  },
});
const Order = new EntitySchema({
  name: "Order", tableName: "orders",
  columns: {
    id: { type: Number, primary: true, generated: true },
    customer_id: { type: Number },
    status: { type: "varchar", length: 20 },
    total: { type: "decimal", precision: 10, scale: 2 },
  },
  relations: {
    customer: { type: "many-to-one", target: "Customer", inverseSide: "orders", joinColumn: { name: "customer_id" } },
    items: { type: "one-to-many", target: "OrderItem", inverseSide: "order" },
  },
});
const OrderItem = new EntitySchema({
  name: "OrderItem", tableName: "order_items",
  columns: {
    id: { type: Number, primary: true, generated: true },
    order_id: { type: Number },
    product_id: { type: Number },
    quantity: { type: "int" },
  },
  relations: {
    order: { type: "many-to-one", target: "Order", inverseSide: "items", joinColumn: { name: "order_id" }, onDelete: "CASCADE" },
    product: { type: "many-to-one", target: "Product", joinColumn: { name: "product_id" } },
  },
});

const options = (synchronize) => ({
  type: DB === "pg" ? "postgres" : "mariadb", // mariadb through mysql2
  host: conn.host, port: conn.port, username: conn.username, password: conn.password, database: conn.database,
  entities: [Customer, Product, Order, OrderItem],
  synchronize,
  logging: false,
});

const ds = new DataSource(options(true)); // a pool (10 connections by default), one used at a time here
let customers, products, orders, items;

const marker = (name) => ds.query(`SELECT 'scenario: ${name}'`);
async function scenario(name) {
  await sleep(300);
  await marker(name);
}

async function seed() {
  await ds.initialize(); // synchronize: true creates the schema
  customers = ds.getRepository(Customer);
  products = ds.getRepository(Product);
  orders = ds.getRepository(Order);
  items = ds.getRepository(OrderItem);
  await ds.transaction(async (m) => { // a seeder: one entity at a time, one transaction
    for (const i of range(1, 100)) {
      await m.save(Customer, { name: `Customer ${i}`, email: `customer${i}@example.com`, city: cities[i % 5] });
    }
  });
  await products.insert(range(1, 40).map((j) => ({ name: `Product ${j}`, price: `${5 + (j * 7) % 50}.99` })));
  await orders.insert(range(1, 200).map((k) => ({ customer_id: (k - 1) % 60 + 1, status: ["new", "paid", "shipped"][k % 3], total: `${(k * 13) % 200}.50` })));
  await items.insert(range(1, 400).map((m) => ({ order_id: (m - 1) % 200 + 1, product_id: (m * 7) % 40 + 1, quantity: m % 5 + 1 })));
}

async function nPlusOne() {
  await scenario("n_plus_one");
  for (const c of await customers.find({ order: { id: "ASC" }, take: 20 })) {
    await orders.find({ where: { customer_id: c.id }, order: { id: "ASC" } });
  }

  await scenario("n_plus_one_fixed");
  await customers.find({ relations: { orders: true }, order: { id: "ASC" }, take: 20 });
}

async function inserts() {
  await scenario("txn_per_iteration_insert");
  for (const i of range(1, 30)) await products.save({ name: `Loop product ${i}`, price: "9.99" });

  await scenario("txn_per_iteration_insert_fixed");
  await products.save(range(1, 30).map((i) => ({ name: `Bulk product ${i}`, price: "9.99" })));
}

async function updates() {
  await scenario("update_loop");
  for (const p of await products.find({ where: { id: In(range(1, 20)) }, order: { id: "ASC" } })) {
    p.price = (Number(p.price) + 1).toFixed(2);
    await products.save(p);
  }

  await scenario("update_loop_fixed");
  await products.update({ id: In(range(21, 40)) }, { price: () => "price + 1" });
}

async function getById() {
  const ids = range(21, 45);
  await scenario("get_by_id_loop");
  for (const id of ids) await customers.findOneBy({ id });

  await scenario("get_by_id_loop_fixed");
  await customers.findBy({ id: In(ids) });
}

async function pagination() {
  await scenario("pagination");
  await customers.count();
  for (let page = 0; page < 8; page++) await customers.find({ order: { id: "ASC" }, take: 10, skip: page * 10 });
  // count_with_limit / count_distinct_subquery: TypeORM's count()/getCount() write COUNT(DISTINCT id)
  // themselves and ignore take/limit: both skipped for TypeORM.
}

async function duplicates() {
  const q = () => products.find({ where: { price: LessThan(20) }, order: { id: "ASC" } });
  await scenario("duplicate_query");
  await q();
  await q();

  await scenario("duplicate_query_fixed");
  await q();
}

async function backToBack() {
  await scenario("back_to_back_requests");
  const reqs = [
    () => customers.findOneBy({ id: 1 }),
    () => products.find({ order: { id: "ASC" }, take: 5 }),
    async () => { await orders.findOneBy({ id: 3 }); await items.findBy({ order_id: 3 }); },
    async () => { await customers.findOneBy({ id: 2 }); await orders.countBy({ customer_id: 2 }); },
    () => products.find({ where: { price: MoreThan(30) }, order: { id: "ASC" }, take: 5 }),
    () => orders.findOneBy({ id: 4 }),
  ];
  for (let i = 0; i < reqs.length; i++) {
    await reqs[i]();
    if (i < pauses.length) await sleep(pauses[i]);
  }
}

async function deletes() {
  await scenario("delete_cascade_loop");
  for (const o of await orders.find({ where: { id: In(range(151, 165)) }, order: { id: "ASC" } })) {
    await orders.remove(o); // its own transaction; the items go by ON DELETE CASCADE
  }

  await scenario("delete_cascade_loop_fixed");
  await orders.delete({ id: In(range(166, 180)) });
}

async function churn() {
  await scenario("connection_per_request");
  for (const i of range(1, 12)) {
    const r = await new DataSource(options(false)).initialize(); // a DataSource per request
    await r.getRepository(Customer).findOneBy({ id: i });
    await r.getRepository(Order).find({ where: { customer_id: i }, order: { id: "ASC" }, take: 3 });
    await r.destroy();
    await sleep(50);
  }

  await scenario("connection_per_request_fixed");
  for (const i of range(1, 12)) {
    await customers.findOneBy({ id: i });
    await orders.find({ where: { customer_id: i }, order: { id: "ASC" }, take: 3 });
    await sleep(50);
  }
}

async function marked() {
  await scenario("marked_requests");
  for (let n = 1; n <= markedRequests.length; n++) {
    const req = markedRequests[n - 1];
    const [controller, , , loop, offset] = req;
    const comment = tagsOf(ORM, FRAMEWORK, n, req); // TypeORM's own `comment` find option
    if (loop) {
      for (const c of await customers.find({ order: { id: "ASC" }, take: 10, skip: offset, comment })) {
        await orders.find({ where: { customer_id: c.id }, order: { id: "ASC" }, comment });
      }
    } else if (controller === "products") {
      await customers.findOne({ where: { id: 5 }, comment });
      await products.find({ order: { id: "ASC" }, take: 5, comment });
    } else {
      await orders.findOne({ where: { id: 7 }, comment });
      await items.find({ where: { order_id: 7 }, comment });
    }
    await sleep(100);
  }
}

async function perRowTransactions() {
  await scenario("per_row_transaction_reads");
  for (const c of await customers.find({ where: { id: Between(41, 60) }, order: { id: "ASC" } })) {
    await ds.transaction((m) => m.find(Order, { where: { customer_id: c.id, status: "paid" }, order: { id: "ASC" } }));
  }

  await scenario("per_row_transaction_writes");
  for (const i of range(1, 24)) {
    await orders.save({ customer_id: 70, status: "new", total: `${i}.25` }); // START TRANSACTION; INSERT; COMMIT
  }

  await scenario("per_row_transaction_fixed");
  await ds.transaction(async (m) => {
    await m.find(Customer, { where: { id: Between(41, 60), orders: { status: "paid" } }, relations: { orders: true },
      order: { id: "ASC" } });
    await m.insert(Order, range(1, 24).map((i) => ({ customer_id: 71, status: "new", total: `${i}.25` })));
  });
}

async function loopWithoutSource() {
  await scenario("loop_without_source");
  for (const pk of cartIds) await items.findOneBy({ id: pk });
}

async function page(kind, c, o) {
  if (kind === "index") {
    for (const cu of await customers.find({ where: { id: Between(21, 30) }, order: { id: "ASC" } })) {
      await orders.find({ where: { customer_id: cu.id }, order: { id: "ASC" } });
    }
    return;
  }
  await customers.findOneBy({ id: c });
  if (kind === "summary") return;
  await orders.find({ where: { customer_id: c }, order: { id: "ASC" }, take: 3 });
  if (kind === "orders") return;
  await orders.findOneBy({ id: o });
  await items.findBy({ order_id: o });
  await products.find({ order: { id: "ASC" }, take: 5 });
}

async function pooled() {
  await scenario("pooled_requests");
  for (let i = 0; i < pooledRequests.length; i++) {
    const [, kind, c, o] = pooledRequests[i];
    await page(kind, c, o); // the pool's idle connection, no transaction
    if (i < pooledPauses.length) await sleep(pooledPauses[i]);
  }
}

// tagged_requests: a sqlcommenter comment appended by a hook on every query runner's query(), the way
// @google-cloud/sqlcommenter-knex / -sequelize wrap their ORM's query path (TypeORM has none of its own)
let currentComment = null;
function hookQueryRunners() {
  const create = ds.driver.createQueryRunner.bind(ds.driver);
  ds.driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    const query = runner.query.bind(runner);
    runner.query = (sql, ...rest) => query(currentComment ? sql + currentComment : sql, ...rest);
    return runner;
  };
}

async function tagged() {
  await scenario("tagged_requests");
  hookQueryRunners();
  const version = FRAMEWORK.split("%3A")[1];
  for (let i = 0; i < taggedRequests.length; i++) {
    const [route, kind, c, o] = taggedRequests[i];
    currentComment = sqlComment({ db_driver: "typeorm:" + version, route, traceparent: traceparent(ORM, 101 + i) });
    try {
      await page(kind, c, o);
    } finally {
      currentComment = null;
    }
    if (i < taggedPauses.length) await sleep(taggedPauses[i]);
  }
}

(async () => {
  await seed();
  await nPlusOne();
  await inserts();
  await updates();
  await getById();
  await pagination();
  await duplicates();
  await backToBack();
  await deletes();
  await churn();
  await marked();
  await perRowTransactions();
  await loopWithoutSource();
  await pooled();
  await tagged();
  await sleep(300);
  await ds.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
