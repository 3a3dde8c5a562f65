// Shared by the Sequelize and TypeORM workloads: connection settings, pauses, traceparents.
const crypto = require("crypto");

const DB = process.env.SHOP_DB || "pg";
const conn = {
  host: process.env.SHOP_HOST || "127.0.0.1",
  port: Number(process.env.SHOP_PORT || (DB === "pg" ? 5432 : 3306)),
  username: process.env.SHOP_USER || "shop",
  password: process.env.SHOP_PASSWORD || "shop",
  database: process.env.SHOP_NAME || "shop",
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const md5 = (s) => crypto.createHash("md5").update(s).digest("hex");
const traceparent = (orm, n) => `00-${md5(`${orm}-trace-${n}`)}-${md5(`${orm}-span-${n}`).slice(0, 16)}-01`;
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const cities = ["Lyon", "Oslo", "Porto", "Graz", "Turku"];
const pauses = [80, 120, 60, 150, 100];
const markedRequests = [
  ["customers", "index", "%2Fcustomers", true, 0],
  ["products", "index", "%2Fproducts", false, 0],
  ["customers", "index", "%2Fcustomers", true, 10],
  ["orders", "show", "%2Forders%2F%3Cid%3E", false, 0],
];
const tagsOf = (orm, framework, n, [controller, action, route]) =>
  `controller='${controller}',action='${action}',framework='${framework}',route='${route}',traceparent='${traceparent(orm, n)}'`;


// pooled_requests and tagged_requests (issue 15): four clean requests of 5, 5, 2 and 1 statements, and tagged, the
// same with a N+1 request second; [route, kind, customer, order]
const pooledRequests = [["/customers/:id", "full", 11, 21], ["/customers/:id", "full", 12, 22],
  ["/customers/:id/orders", "orders", 13], ["/customers/:id/summary", "summary", 14]];
const pooledPauses = [40, 70, 30];
const taggedRequests = [["/customers/:id", "full", 15, 25], ["/customers", "index"], ["/customers/:id", "full", 16, 26],
  ["/customers/:id/orders", "orders", 17], ["/customers/:id/summary", "summary", 18]];
const taggedPauses = [50, 30, 70, 40];
// what @google-cloud/sqlcommenter-* append: ` /*key='value',...*/`, keys sorted, values encodeURIComponent'd
const sqlComment = (meta) => " /*" + Object.keys(meta).sort()
  .map((k) => `${encodeURIComponent(k)}='${encodeURIComponent(meta[k]).replace(/'/g, "\\'")}'`).join(",") + "*/";
const cartIds = [3, 1, 4, 15, 9, 2, 6, 5, 35, 8, 7, 39]; // loop_without_source: ids known in code

module.exports = { DB, conn, sleep, traceparent, range, cities, pauses, markedRequests, tagsOf, pooledRequests,
  pooledPauses, taggedRequests, taggedPauses, sqlComment, cartIds };
