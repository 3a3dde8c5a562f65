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

module.exports = { DB, conn, sleep, traceparent, range, cities, pauses, markedRequests, tagsOf };
