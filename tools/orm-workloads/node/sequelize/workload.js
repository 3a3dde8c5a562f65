// Sequelize 6 shop workload: the dbprof ORM scenarios (see ../../README.md), one "request" each.
// Environment: SHOP_DB (pg|mariadb), SHOP_HOST, SHOP_PORT, SHOP_USER, SHOP_PASSWORD, SHOP_NAME.
const { Sequelize, DataTypes, Op, QueryTypes } = require("sequelize");
const { DB, conn, sleep, range, cities, pauses, markedRequests, tagsOf, pooledRequests, pooledPauses, taggedRequests,
  taggedPauses, sqlComment, traceparent, cartIds } = require("../common");

const ORM = "sequelize";
const FRAMEWORK = "sequelize%3A" + require("sequelize/package.json").version;

function open() {
  const sequelize = new Sequelize(conn.database, conn.username, conn.password, {
    host: conn.host,
    port: conn.port,
    dialect: DB === "pg" ? "postgres" : "mysql", // MariaDB through mysql2
    logging: false,
    pool: { max: 5, min: 0, idle: 10000 },
  });
  const Customer = sequelize.define("Customer", {
    name: { type: DataTypes.STRING(100), allowNull: false },
    email: { type: DataTypes.STRING(200), allowNull: false },
    city: { type: DataTypes.STRING(50), allowNull: false },
  }, { tableName: "customers", timestamps: false });
  const Product = sequelize.define("Product", {
    name: { type: DataTypes.STRING(100), allowNull: false },
    price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
  }, { tableName: "products", timestamps: false });
  const Order = sequelize.define("Order", {
    status: { type: DataTypes.STRING(20), allowNull: false },
    total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
  }, { tableName: "orders", timestamps: false });
  const OrderItem = sequelize.define("OrderItem", {
    quantity: { type: DataTypes.INTEGER, allowNull: false },
  }, { tableName: "order_items", timestamps: false });
  Customer.hasMany(Order, { as: "orders", foreignKey: { name: "customer_id", allowNull: false } });
  Order.belongsTo(Customer, { as: "customer", foreignKey: { name: "customer_id", allowNull: false } });
  Order.hasMany(OrderItem, { as: "items", foreignKey: { name: "order_id", allowNull: false }, onDelete: "CASCADE" });
  OrderItem.belongsTo(Order, { foreignKey: { name: "order_id", allowNull: false }, onDelete: "CASCADE" });
  OrderItem.belongsTo(Product, { foreignKey: { name: "product_id", allowNull: false } });
  return { sequelize, Customer, Product, Order, OrderItem };
}

const app = open();
const { sequelize, Customer, Product, Order, OrderItem } = app;

// sqlcommenter-style tags through a query wrapper (Sequelize 6 has no comment option for finders)
let currentTags = null;
let currentComment = null; // tagged_requests: the sqlcommenter comment, as @google-cloud/sqlcommenter-sequelize adds it
const Query = sequelize.dialect.Query;
const run = Query.prototype.run;
Query.prototype.run = function (sql, ...rest) {
  if (currentTags && typeof sql === "string") sql = sql.replace(/;\s*$/, "") + ` /*${currentTags}*/`;
  if (currentComment && typeof sql === "string") sql = sql.replace(/;\s*$/, "") + currentComment;
  return run.call(this, sql, ...rest);
};

const marker = (name) => sequelize.query(`SELECT 'scenario: ${name}'`, { type: QueryTypes.SELECT });
async function scenario(name) {
  await sleep(300);
  await marker(name);
}

async function seed() {
  await sequelize.sync();
  await sequelize.transaction(async (transaction) => { // seeders: one record at a time, one transaction
    for (const i of range(1, 100)) {
      await Customer.create({ name: `Customer ${i}`, email: `customer${i}@example.com`, city: cities[i % 5] }, { transaction });
    }
  });
  await Product.bulkCreate(range(1, 40).map((j) => ({ name: `Product ${j}`, price: `${5 + (j * 7) % 50}.99` })));
  await Order.bulkCreate(range(1, 200).map((k) => ({ customer_id: (k - 1) % 60 + 1, status: ["new", "paid", "shipped"][k % 3], total: `${(k * 13) % 200}.50` })));
  await OrderItem.bulkCreate(range(1, 400).map((m) => ({ order_id: (m - 1) % 200 + 1, product_id: (m * 7) % 40 + 1, quantity: m % 5 + 1 })));
}

async function nPlusOne() {
  await scenario("n_plus_one");
  for (const c of await Customer.findAll({ order: [["id", "ASC"]], limit: 20 })) {
    await c.getOrders({ order: [["id", "ASC"]] });
  }

  await scenario("n_plus_one_fixed");
  await Customer.findAll({ include: [{ model: Order, as: "orders" }], order: [["id", "ASC"]], limit: 20 });
}

async function inserts() {
  await scenario("txn_per_iteration_insert");
  for (const i of range(1, 30)) await Product.create({ name: `Loop product ${i}`, price: "9.99" });

  await scenario("txn_per_iteration_insert_fixed");
  await Product.bulkCreate(range(1, 30).map((i) => ({ name: `Bulk product ${i}`, price: "9.99" })));
}

async function updates() {
  await scenario("update_loop");
  for (const p of await Product.findAll({ where: { id: range(1, 20) }, order: [["id", "ASC"]] })) {
    p.price = (Number(p.price) + 1).toFixed(2);
    await p.save();
  }

  await scenario("update_loop_fixed");
  await Product.update({ price: sequelize.literal("price + 1") }, { where: { id: range(21, 40) } });
}

async function getById() {
  const ids = range(21, 45);
  await scenario("get_by_id_loop");
  for (const id of ids) await Customer.findByPk(id);

  await scenario("get_by_id_loop_fixed");
  await Customer.findAll({ where: { id: ids } });
}

async function pagination() {
  await scenario("pagination");
  await Customer.count();
  for (let page = 0; page < 8; page++) await Customer.findAll({ order: [["id", "ASC"]], limit: 10, offset: page * 10 });
  // count_with_limit / count_distinct_subquery: Sequelize's count() never wraps a subquery (it writes
  // COUNT(DISTINCT ...) itself) and ignores limit, so both are skipped for Sequelize.
}

async function duplicates() {
  const q = () => Product.findAll({ where: { price: { [Op.lt]: 20 } }, order: [["id", "ASC"]] });
  await scenario("duplicate_query");
  await q();
  await q();

  await scenario("duplicate_query_fixed");
  await q();
}

async function backToBack() {
  await scenario("back_to_back_requests");
  const reqs = [
    () => Customer.findByPk(1),
    () => Product.findAll({ order: [["id", "ASC"]], limit: 5 }),
    async () => { await Order.findByPk(3); await OrderItem.findAll({ where: { order_id: 3 } }); },
    async () => { await Customer.findByPk(2); await Order.count({ where: { customer_id: 2 } }); },
    () => Product.findAll({ where: { price: { [Op.gt]: 30 } }, order: [["id", "ASC"]], limit: 5 }),
    () => Order.findByPk(4),
  ];
  for (let i = 0; i < reqs.length; i++) {
    await reqs[i]();
    if (i < pauses.length) await sleep(pauses[i]);
  }
}

async function deletes() {
  await scenario("delete_cascade_loop");
  for (const o of await Order.findAll({ where: { id: range(151, 165) }, order: [["id", "ASC"]] })) {
    await o.destroy(); // the items go by the foreign key's ON DELETE CASCADE
  }

  await scenario("delete_cascade_loop_fixed");
  await Order.destroy({ where: { id: range(166, 180) } });
}

async function churn() {
  await scenario("connection_per_request");
  for (const i of range(1, 12)) {
    const r = open(); // a new Sequelize (and connection) per request, closed at its end
    await r.Customer.findByPk(i);
    await r.Order.findAll({ where: { customer_id: i }, order: [["id", "ASC"]], limit: 3 });
    await r.sequelize.close();
    await sleep(50);
  }

  await scenario("connection_per_request_fixed");
  for (const i of range(1, 12)) {
    await Customer.findByPk(i);
    await Order.findAll({ where: { customer_id: i }, order: [["id", "ASC"]], limit: 3 });
    await sleep(50);
  }
}

async function marked() {
  await scenario("marked_requests");
  for (let n = 1; n <= markedRequests.length; n++) {
    const req = markedRequests[n - 1];
    const [controller, , , loop, offset] = req;
    currentTags = tagsOf(ORM, FRAMEWORK, n, req);
    try {
      if (loop) {
        for (const c of await Customer.findAll({ order: [["id", "ASC"]], limit: 10, offset })) {
          await c.getOrders({ order: [["id", "ASC"]] });
        }
      } else if (controller === "products") {
        await Customer.findByPk(5);
        await Product.findAll({ order: [["id", "ASC"]], limit: 5 });
      } else {
        await Order.findByPk(7);
        await OrderItem.findAll({ where: { order_id: 7 } });
      }
    } finally {
      currentTags = null;
    }
    await sleep(100);
  }
}

const byId = [["id", "ASC"]];

async function perRowTransactions() {
  await scenario("per_row_transaction_reads");
  for (const c of await Customer.findAll({ where: { id: { [Op.between]: [41, 60] } }, order: byId })) {
    await sequelize.transaction((transaction) =>
      c.getOrders({ where: { status: "paid" }, order: byId, transaction })); // one transaction each
  }

  await scenario("per_row_transaction_writes");
  for (const i of range(1, 24)) {
    await sequelize.transaction((transaction) =>
      Order.create({ customer_id: 70, status: "new", total: `${i}.25` }, { transaction }));
  }

  await scenario("per_row_transaction_fixed");
  await sequelize.transaction(async (transaction) => {
    await Customer.findAll({ where: { id: { [Op.between]: [41, 60] } },
      include: [{ model: Order, as: "orders", where: { status: "paid" }, required: false }], order: byId, transaction });
    await Order.bulkCreate(range(1, 24).map((i) => ({ customer_id: 71, status: "new", total: `${i}.25` })),
      { transaction });
  });
}

async function loopWithoutSource() {
  await scenario("loop_without_source");
  for (const pk of cartIds) await OrderItem.findByPk(pk);
}

async function page(kind, c, o) {
  if (kind === "index") {
    for (const cu of await Customer.findAll({ where: { id: { [Op.between]: [21, 30] } }, order: byId })) {
      await cu.getOrders({ order: byId });
    }
    return;
  }
  await Customer.findByPk(c);
  if (kind === "summary") return;
  await Order.findAll({ where: { customer_id: c }, order: byId, limit: 3 });
  if (kind === "orders") return;
  await Order.findByPk(o);
  await OrderItem.findAll({ where: { order_id: o } });
  await Product.findAll({ order: byId, limit: 5 });
}

async function pooled() {
  await scenario("pooled_requests");
  for (let i = 0; i < pooledRequests.length; i++) {
    const [, kind, c, o] = pooledRequests[i];
    await page(kind, c, o); // the pool's one idle connection, no transaction
    if (i < pooledPauses.length) await sleep(pooledPauses[i]);
  }
}

async function tagged() {
  await scenario("tagged_requests");
  for (let i = 0; i < taggedRequests.length; i++) {
    const [route, kind, c, o] = taggedRequests[i];
    currentComment = sqlComment({ db_driver: "sequelize:" + require("sequelize/package.json").version, route,
      traceparent: traceparent(ORM, 101 + i) });
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
  await sequelize.close();
})().catch((e) => { console.error(e); process.exit(1); });
