package dev.dbprof.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A simulated shop/blog application behind a pool of 24 connections, four requests in flight at
 * once, in the style of Hibernate 6 (aliases like {@code u1_0}): N+1 bursts, single-row insert
 * floods, checkouts in transactions with IN lists of 1 to 120 ids, searches with {@code LIKE ...
 * escape '!'}, multi-line report statements, about fifty shapes plus commit and rollback.
 *
 * <p>Everything follows from the seed: the same seed and count give the same statements, and a
 * shorter run is a prefix of a longer one. Every format writes the same statements.
 */
final class Workload {

  static final int CONNECTIONS = 24;
  static final int IN_FLIGHT = 4;
  /** 2026-11-24T05:00:00Z: the generated logs start here. */
  static final long START_MICROS = 1_795_496_400_000_000L;

  /** Values put into strings: quotes of both kinds, backslashes, JSON, comment and separator marks, non-ASCII. */
  private static final String[] WORDS = {
    "it's", "say \"hi\"", "C:\\temp\\new", "{\"k\":\"v\",\"n\":[1,2]}", "-- not a comment", "a;b",
    "x|y", "café", "日本語", "plain", "O'Brien & Sons", "50% off", "back\\slash", "SELECT * FROM users; -- nice try",
  };
  private static final String[] PATHS = {"/", "/posts", "/posts/42", "/search?q=a%27b", "/cart", "/checkout", "/u/anna"};
  private static final String[] STATUS = {"new", "paid", "shipped", "cancelled"};

  private final SplittableRandom random;
  private final Consumer<Statement> out;
  private final List<Request> inFlight = new ArrayList<>();
  private final boolean[] busy = new boolean[CONNECTIONS];
  private long clock = START_MICROS;
  private long emitted;

  Workload(long seed, Consumer<Statement> out) {
    this.random = new SplittableRandom(seed);
    this.out = out;
  }

  /** Emits exactly {@code count} statements (commits and rollbacks count). */
  void run(long count) {
    while (emitted < count) {
      while (inFlight.size() < IN_FLIGHT) {
        inFlight.add(newRequest());
      }
      int pick = random.nextInt(inFlight.size());
      Request request = inFlight.get(pick);
      Statement.Kind kind = request.next();
      clock += 1 + random.nextInt(5000);
      emit(request, kind);
      if (request.steps.isEmpty()) {
        busy[request.connection] = false;
        inFlight.remove(pick);
      }
    }
  }

  private void emit(Request request, Statement.Kind kind) {
    Step step = request.current;
    long elapsed = step.sql == null ? 20 + random.nextInt(200) : elapsed(step.baseMicros);
    out.accept(new Statement(kind, request.connection, request.slot, clock, elapsed, step.sql, step.params,
        step.rows, step.site));
    emitted++;
  }

  private long elapsed(int base) {
    double factor = 0.5 + random.nextDouble();
    if (random.nextInt(200) == 0) {
      factor *= 25; // the occasional slow one
    }
    return Math.max(5, (long) (base * factor));
  }

  /** One request of the application: its statements on one connection, in order. */
  private final class Request {
    final int connection;
    final int slot;
    final ArrayDeque<Step> steps = new ArrayDeque<>();
    Step current;

    Request(int connection, int slot) {
      this.connection = connection;
      this.slot = slot;
    }

    Statement.Kind next() {
      current = steps.poll();
      return current.kind;
    }
  }

  /** One statement to come; {@code sql} and the rest are null for commit and rollback. */
  private record Step(Statement.Kind kind, String sql, Object[] params, long rows, int baseMicros, String site) {
  }

  private Request newRequest() {
    int connection;
    do {
      connection = random.nextInt(CONNECTIONS);
    } while (busy[connection]);
    busy[connection] = true;
    Request r = new Request(connection, nextSlot());
    int kind = random.nextInt(100);
    if (kind < 34) {
      feed(r);
    } else if (kind < 44) {
      tracking(r);
    } else if (kind < 52) {
      checkout(r);
    } else if (kind < 60) {
      search(r);
    } else if (kind < 62) {
      report(r);
    } else {
      misc(r);
    }
    return r;
  }

  private int slot;

  private int nextSlot() {
    slot = (slot + 1) % 200;
    return slot;
  }

  // ---- requests ----------------------------------------------------------------------------

  /** A user's feed: the user, their posts, then per post its comments and tags (N+1). */
  private void feed(Request r) {
    long user = id(50_000);
    int posts = 3 + random.nextInt(18);
    sql(r, 300, 1, "BlogService.showUser", "select u1_0.id,u1_0.name,u1_0.email,u1_0.created_at from users u1_0 where u1_0.id=?", user);
    sql(r, 900, posts, "BlogService.feed",
        "select p1_0.id,p1_0.title,p1_0.body,p1_0.user_id,p1_0.created_at from posts p1_0 "
        + "where p1_0.user_id=? order by p1_0.created_at desc limit ?", user, (long) posts);
    for (int i = 0; i < posts; i++) {
      long post = id(2_000_000);
      sql(r, 250, random.nextInt(8), "PostView.comments",
          "select c1_0.id,c1_0.post_id,c1_0.author,c1_0.body,c1_0.created_at from comments c1_0 where c1_0.post_id=?", post);
      if (random.nextInt(2) == 0) {
        sql(r, 280, random.nextInt(4), "PostView.tags",
            "select t1_0.id,t1_0.name from post_tags pt1_0 join tags t1_0 on t1_0.id=pt1_0.tag_id where pt1_0.post_id=?", post);
      }
    }
    if (random.nextInt(3) == 0) {
      sql(r, 150, 1, "BlogService.touch", "update posts set view_count=view_count+1 where id=?", id(2_000_000));
    }
  }

  /** Tracking: events or page views inserted one row at a time, in a transaction or not. */
  private void tracking(Request r) {
    boolean tx = random.nextBoolean();
    int rows = 5 + random.nextInt(40);
    long user = id(50_000);
    for (int i = 0; i < rows; i++) {
      if (random.nextInt(100) < 60) {
        sql(r, 120, 1, "Tracker.event", "insert into events (user_id,kind,payload,created_at) values (?,?,?,?)",
            user, pick(new String[] {"click", "view", "scroll"}), random.nextInt(10) == 0 ? null : json(), timestamp());
      } else {
        sql(r, 110, 1, "Tracker.pageView", "insert into page_views (user_id,path,referrer,viewed_at) values (?,?,?,?)",
            user, pick(PATHS), random.nextInt(4) == 0 ? null : "https://example.com/" + word(), timestamp());
      }
    }
    if (tx) {
      end(r);
    }
  }

  /** A checkout: products by an IN list, the order, its items, inventory with optimistic locks. */
  private void checkout(Request r) {
    long customer = id(80_000);
    sql(r, 200, 1, "CheckoutService.customer", "select c1_0.id,c1_0.name,c1_0.email from customers c1_0 where c1_0.id=?", customer);
    int items = 1 + random.nextInt(random.nextInt(4) == 0 ? 120 : 8);
    Object[] ids = new Object[items];
    for (int i = 0; i < items; i++) {
      ids[i] = id(100_000);
    }
    sql(r, 400 + 20 * items, items, "CheckoutService.products",
        "select p1_0.id,p1_0.name,p1_0.price,p1_0.stock from products p1_0 where p1_0.id in (" + marks(items) + ")", ids);
    sql(r, 180, 1, "CheckoutService.order", "insert into orders (customer_id,status,total,created_at) values (?,?,?,?)",
        customer, "new", price(), timestamp());
    int lines = Math.min(items, 10);
    long order = id(5_000_000);
    for (int i = 0; i < lines; i++) {
      sql(r, 130, 1, "CheckoutService.item", "insert into order_items (order_id,product_id,quantity,price) values (?,?,?,?)",
          order, ids[i], (long) (1 + random.nextInt(5)), price());
      sql(r, 160, random.nextInt(20) == 0 ? 0 : 1, "Inventory.take",
          "update inventory set quantity=quantity-?,version=version+1 where product_id=? and version=?",
          (long) (1 + random.nextInt(5)), ids[i], (long) random.nextInt(1000));
    }
    sql(r, 140, 1, "Audit.record", "insert into audit_log (actor,action,details,created_at) values (?,?,?,?)",
        "customer:" + customer, "checkout", word() + " " + word(), timestamp());
    sql(r, 120, 1, "Notifier.send", "insert into notifications (user_id,message,created_at) values (?,?,?)",
        customer, "Order placed: " + word(), timestamp());
    if (random.nextInt(100) < 4) {
      r.steps.add(new Step(Statement.Kind.ROLLBACK, null, null, 0, 0, null));
    } else {
      end(r);
    }
  }

  /** Search: LIKE with an escape, offset paging, an ORM count over a subquery, tags by id. */
  private void search(Request r) {
    String term = "%" + word().replace("%", "!%") + "%";
    sql(r, 2500, 1, "SearchService.count",
        "select count(*) from (select p1_0.id from products p1_0 where p1_0.name like ? escape '!') sub", term);
    int pages = 1 + random.nextInt(3);
    for (int p = 0; p < pages; p++) {
      sql(r, 3000, 20, "SearchService.page",
          "select p1_0.id,p1_0.name,p1_0.price from products p1_0 where p1_0.name like ? escape '!' "
          + "order by p1_0.name limit ? offset ?", term, 20L, (long) (20 * p));
    }
    int tags = 1 + random.nextInt(30);
    Object[] ids = new Object[tags];
    for (int i = 0; i < tags; i++) {
      ids[i] = id(5_000);
    }
    sql(r, 300, tags, "SearchService.tags", "select t1_0.id,t1_0.name from tags t1_0 where t1_0.id in (" + marks(tags) + ")", ids);
    if (random.nextInt(3) == 0) {
      sql(r, 45_000, 3, "SearchService.byStatus",
          "select o1_0.id,o1_0.status,o1_0.total from orders o1_0 where o1_0.status=? and o1_0.created_at>? "
          + "order by o1_0.created_at desc", pick(STATUS), timestamp());
    }
    if (random.nextInt(4) == 0) {
      sql(r, 60_000, 2, "SearchService.events", "select e1_0.id,e1_0.kind from events e1_0 where e1_0.payload like ?",
          "%" + word() + "%");
    }
    if (random.nextInt(4) == 0) {
      sql(r, 30_000, 1, "AccountService.byEmail", "select u1_0.id from users u1_0 where lower(u1_0.email)=?",
          word() + "@example.com");
    }
  }

  /** The reports: long multi-line statements, one of them a CTE. */
  private void report(Request r) {
    switch (random.nextInt(3)) {
      case 0 -> sql(r, 250_000, 12, "Reports.revenue", """
          with monthly as (
            select date_trunc('month', o.created_at) as month, sum(o.total) as revenue
            from orders o
            where o.status <> 'cancelled' and o.created_at >= ?
            group by 1
          )
          select month, revenue from monthly
          order by month""", timestamp());
      case 1 -> sql(r, 180_000, 10, "Reports.topCustomers", """
          select c.id, c.name, count(o.id) as orders, sum(o.total) as spent
            from customers c
            join orders o on o.customer_id = c.id
           where o.created_at between ? and ?
           group by c.id, c.name
           order by spent desc
           limit ?""", timestamp(), timestamp(), 10L);
      default -> sql(r, 90_000, 25, "Reports.tags", """
          select t.name, count(*) as uses
          from post_tags pt
          join tags t on t.id = pt.tag_id
          -- only tags used this year
          where pt.created_at > ?
          group by t.name
          having count(*) > ?
          order by uses desc""", timestamp(), (long) random.nextInt(50));
    }
  }

  /** One to three statements of the rest of the application. */
  private void misc(Request r) {
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      misc1(r);
    }
    if (random.nextInt(4) == 0) {
      end(r);
    }
  }

  private void misc1(Request r) {
    long user = id(50_000);
    long customer = id(80_000);
    long product = id(100_000);
    switch (random.nextInt(26)) {
      case 0 -> sql(r, 140, 1, "AccountService.login", "update users set last_login=? where id=?", timestamp(), user);
      case 1 -> sql(r, 900, random.nextInt(30), "SessionJanitor.purge", "delete from sessions where expires_at<?", timestamp());
      case 2 -> sql(r, 120, 1, "SessionStore.create", "insert into sessions (id,user_id,expires_at) values (?,?,?)",
          hex(), user, timestamp());
      case 3 -> sql(r, 90, 1, "SessionStore.find", "select s1_0.id,s1_0.user_id,s1_0.expires_at from sessions s1_0 where s1_0.id=?", hex());
      case 4 -> {
        int k = 1 + random.nextInt(60);
        Object[] ids = new Object[k];
        for (int i = 0; i < k; i++) {
          ids[i] = id(3_000_000);
        }
        sql(r, 200 + 10 * k, k, "Notifier.markRead", "update notifications set read=true where id in (" + marks(k) + ")", ids);
      }
      case 5 -> sql(r, 400, 10, "Notifier.unread", "select n1_0.id,n1_0.message from notifications n1_0 where n1_0.user_id=? "
          + "and n1_0.read=false order by n1_0.created_at desc limit ?", user, 10L);
      case 6 -> sql(r, 350, 1, "Notifier.count", "select count(*) from notifications n1_0 where n1_0.user_id=? and n1_0.read=false", user);
      case 7 -> sql(r, 150, 2, "AddressBook.list", "select a1_0.id,a1_0.street,a1_0.city,a1_0.zip from addresses a1_0 where a1_0.customer_id=?", customer);
      case 8 -> sql(r, 160, 1, "AccountService.email", "update customers set email=?,updated_at=? where id=?",
          word() + "@example.com", timestamp(), customer);
      case 9 -> sql(r, 100, 40, "Catalog.categories", "select c1_0.id,c1_0.name from categories c1_0 order by c1_0.name");
      case 10 -> sql(r, 1200, 20, "Catalog.page", "select p1_0.id,p1_0.name,p1_0.price from products p1_0 where p1_0.category_id=? "
          + "order by p1_0.price limit ? offset ?", id(200), 20L, (long) (20 * random.nextInt(50)));
      case 11 -> sql(r, 300, 5, "Reviews.latest", "select r1_0.id,r1_0.rating,r1_0.body from reviews r1_0 where r1_0.product_id=? "
          + "order by r1_0.created_at desc limit ?", product, 5L);
      case 12 -> sql(r, 150, 1, "Reviews.add", "insert into reviews (product_id,customer_id,rating,body,created_at) values (?,?,?,?,?)",
          product, customer, (long) (1 + random.nextInt(5)), word() + ", " + word(), timestamp());
      case 13 -> sql(r, 700, 1, "Reviews.average", "select avg(r1_0.rating) from reviews r1_0 where r1_0.product_id=?", product);
      case 14 -> sql(r, 120, 4, "Wishlist.list", "select w1_0.product_id from wishlist w1_0 where w1_0.customer_id=?", customer);
      case 15 -> sql(r, 110, 1, "Wishlist.remove", "delete from wishlist where customer_id=? and product_id=?", customer, product);
      case 16 -> sql(r, 110, 1, "Wishlist.add", "insert into wishlist (customer_id,product_id,added_at) values (?,?,?)",
          customer, product, timestamp());
      case 17 -> sql(r, 500, 10, "Orders.history", "select o1_0.id,o1_0.status,o1_0.total,o1_0.created_at from orders o1_0 "
          + "where o1_0.customer_id=? order by o1_0.created_at desc limit ?", customer, 10L);
      case 18 -> sql(r, 200, 3, "Orders.items", "select oi1_0.id,oi1_0.product_id,oi1_0.quantity,oi1_0.price from order_items oi1_0 "
          + "where oi1_0.order_id=?", id(5_000_000));
      case 19 -> sql(r, 150, 1, "Orders.status", "update orders set status=?,updated_at=? where id=?",
          pick(STATUS), timestamp(), id(5_000_000));
      case 20 -> sql(r, 60, 1, "Settings.get", "select s1_0.key,s1_0.value from settings s1_0 where s1_0.key=?", "feature." + word());
      case 21 -> sql(r, 30, 1, "Health.check", "select 1");
      case 22 -> sql(r, 2000, 10, "AccountService.find", "select u1_0.id,u1_0.name from users u1_0 where u1_0.name like ? escape '!' "
          + "limit ?", word().replace("%", "!%") + "%", 10L);
      case 23 -> sql(r, 140, 1, "Inventory.adjust", "update products set stock=stock-? where id=?", (long) random.nextInt(5), product);
      case 24 -> sql(r, 120, 1, "AccountService.attempt", "insert into login_attempts (user_id,ip,success,attempted_at) values (?,?,?,?)",
          user, "10.0." + random.nextInt(256) + "." + random.nextInt(256), random.nextBoolean(), timestamp());
      default -> sql(r, 1500, 1, "Orders.countForCustomer",
          "select count(*) from (select o1_0.id from orders o1_0 where o1_0.customer_id=?) sub", customer);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void sql(Request r, int baseMicros, long rows, String site, String sql, Object... params) {
    r.steps.add(new Step(Statement.Kind.SQL, sql, params, rows, baseMicros, site));
  }

  private void end(Request r) {
    r.steps.add(new Step(Statement.Kind.COMMIT, null, null, 0, 0, null));
  }

  private static String marks(int n) {
    StringBuilder s = new StringBuilder(2 * n);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "?" : ",?");
    }
    return s.toString();
  }

  private long id(int bound) {
    return 1 + random.nextInt(bound);
  }

  private String word() {
    return pick(WORDS);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String json() {
    return "{\"x\":" + random.nextInt(2000) + ",\"label\":\"" + word().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  private Decimal price() {
    return new Decimal(random.nextInt(100_000));
  }

  private Timestamp timestamp() {
    return new Timestamp(clock - random.nextInt(86_400) * 1_000_000L);
  }

  private String hex() {
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }

  /** A price in cents, written as a decimal literal. */
  record Decimal(long cents) {
    @Override
    public String toString() {
      return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
    }
  }

  /** A timestamp parameter, written as a string literal. */
  record Timestamp(long micros) {
  }
}
