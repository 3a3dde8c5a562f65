package dev.dbprof.internal.sql;

import dev.dbprof.model.StatementFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fingerprints per second on one thread over an ORM-like mix, against JSqlParser analyses per
 * second over the distinct shapes of the same mix. Run with {@code core/bench.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FingerprintBench {

  /** About fifty statement shapes as Hibernate, SQLAlchemy, Django, Rails and hand-written code send them. */
  static final String[] SHAPES = {
    "select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total,o1_0.created_at from orders o1_0 where o1_0.id=?",
    "select o1_0.id,o1_0.customer_id,o1_0.status from orders o1_0 where o1_0.customer_id=? order by o1_0.created_at desc",
    "select l1_0.order_id,l1_0.id,l1_0.product_id,l1_0.quantity,l1_0.price from order_lines l1_0 where l1_0.order_id=?",
    "select p1_0.id,p1_0.name,p1_0.price from products p1_0 where p1_0.id in (#IN)",
    "select c1_0.id,c1_0.email,c1_0.name from customers c1_0 where c1_0.email=?",
    "select count(*) from (select o1_0.id from orders o1_0 where o1_0.status=?) x",
    "insert into orders (customer_id,status,total,created_at,id) values (?,?,?,?,?)",
    "insert into order_lines (order_id,product_id,quantity,price,id) values (?,?,?,?,?)",
    "update orders set status=?,total=? where id=?",
    "delete from order_lines where order_id=?",
    "/* load com.shop.Order */ select order0_.id as id1_0_, order0_.customer_id as customer2_0_ from orders order0_ where order0_.id=?",
    "select order0_.id as id1_0_0_, lines1_.id as id1_1_1_ from orders order0_ left outer join order_lines lines1_ on order0_.id=lines1_.order_id where order0_.customer_id=?",
    "SELECT users.id AS users_id, users.name AS users_name, users.email AS users_email \nFROM users \nWHERE users.id = #NUM",
    "SELECT users.id AS users_id \nFROM users \nWHERE users.id IN (#IN)",
    "SELECT count(*) AS count_1 \nFROM (SELECT users.id AS users_id \nFROM users \nWHERE users.name LIKE #STR) AS anon_1",
    "INSERT INTO users (name, email, created_at) VALUES (#STR, #STR, #STR) RETURNING users.id",
    "UPDATE users SET name=#STR WHERE users.id = #NUM",
    "SELECT addresses.id AS addresses_id, addresses.user_id AS addresses_user_id \nFROM addresses \nWHERE #NUM = addresses.user_id",
    "SELECT \"shop_order\".\"id\", \"shop_order\".\"customer_id\", \"shop_order\".\"total\" FROM \"shop_order\" WHERE \"shop_order\".\"customer_id\" = #NUM LIMIT 21",
    "SELECT \"shop_order\".\"id\" FROM \"shop_order\" WHERE \"shop_order\".\"id\" IN (#IN)",
    "SELECT \"shop_product\".\"id\", \"shop_product\".\"name\" FROM \"shop_product\" WHERE \"shop_product\".\"name\"::text LIKE #STR ORDER BY \"shop_product\".\"name\" ASC",
    "INSERT INTO \"shop_order\" (\"customer_id\", \"total\", \"created\") VALUES (#NUM, #NUM.50, #STR) RETURNING \"shop_order\".\"id\"",
    "UPDATE \"shop_order\" SET \"total\" = #NUM.25 WHERE \"shop_order\".\"id\" = #NUM",
    "DELETE FROM \"django_session\" WHERE \"django_session\".\"expire_date\" < #STR",
    "SELECT \"users\".* FROM \"users\" WHERE \"users\".\"id\" = $1 LIMIT $2",
    "SELECT \"orders\".* FROM \"orders\" WHERE \"orders\".\"user_id\" = $1 ORDER BY \"orders\".\"created_at\" DESC LIMIT $2 OFFSET $3",
    "SELECT `users`.* FROM `users` WHERE `users`.`email` = #STR LIMIT 1",
    "SELECT `line_items`.* FROM `line_items` WHERE `line_items`.`order_id` IN (#IN)",
    "/*application:Shop,controller:orders,action:index*/ SELECT COUNT(*) FROM \"orders\" WHERE \"orders\".\"state\" = $1",
    "INSERT INTO \"orders\" (\"user_id\", \"state\", \"created_at\", \"updated_at\") VALUES ($1, $2, $3, $4) RETURNING \"id\"",
    "BEGIN",
    "COMMIT",
    "SELECT 1",
    "select * from products where name like #STR and price between #NUM and #NUM order by price limit 20 offset #NUM",
    "select p.id, p.name, sum(l.quantity) as sold from products p join order_lines l on l.product_id = p.id\n  join orders o on o.id = l.order_id\n where o.created_at > #STR\n group by p.id, p.name\n order by sold desc\n limit 10",
    "select * from customers where email = 'o''brien@example.com' or name = E'it\\'s' or note = 'C:\\\\dir'",
    "insert into audit_log (at, actor, action, detail) values (now(), #STR, #STR, #STR)",
    "insert into tags (post_id, tag) values (#NUM, #STR), (#NUM, #STR), (#NUM, #STR), (#NUM, #STR)",
    "update inventory set quantity = quantity - #NUM where product_id = #NUM and quantity >= #NUM",
    "delete from carts where updated_at < now() - interval '30 days'",
    "select * from events where payload->>'type' = #STR and tenant_id = #NUM and created_at >= #STR",
    "with recent as (select * from orders where created_at > #STR) select customer_id, count(*) from recent group by customer_id",
    "select id from jobs where state = 'queued' order by priority desc, id for update skip locked limit 1",
    "SELECT * FROM `sessions` WHERE `id` = #STR AND `expires` > #NUM -- session lookup",
    "select u.id, u.name from users u where u.id in (select user_id from memberships where group_id = #NUM)",
    "select * from notifications where user_id = :userId and read = false order by created_at desc",
    "update notifications set read = true where id in (#IN)",
    "select a.*, b.* from accounts a left join balances b on b.account_id = a.id where a.id = %s",
    "select * from prices where sku = %(sku)s and currency = %(cur)s",
    "set transaction isolation level read committed",
  };

  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final Fingerprinter scanOnly = new Fingerprinter(false);
  private final StatementAnalyzer analyzer = new StatementAnalyzer();
  private String[] statements;
  private String[] distinctSamples;
  private NormalizedSql[] distinctNormalized;
  private int next;
  private int nextDistinct;

  @Setup
  public void setUp() {
    statements = mix(10_000, 42);
    Map<String, String> byFingerprint = new LinkedHashMap<>();
    for (String statement : statements) {
      byFingerprint.putIfAbsent(fingerprinter.normalize(statement).fingerprint(), statement);
    }
    distinctSamples = byFingerprint.values().toArray(String[]::new);
    distinctNormalized = new NormalizedSql[distinctSamples.length];
    for (int i = 0; i < distinctSamples.length; i++) {
      distinctNormalized[i] = fingerprinter.normalize(distinctSamples[i]);
    }
  }

  /** A deterministic mix: every shape with fresh literals and IN lists of 1 to 60 items. */
  static String[] mix(int size, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(fill(SHAPES[random.nextInt(SHAPES.length)], random));
    }
    return out.toArray(String[]::new);
  }

  private static String fill(String shape, Random random) {
    StringBuilder text = new StringBuilder(shape.length() + 64);
    int i = 0;
    while (i < shape.length()) {
      if (shape.startsWith("#IN", i)) {
        int items = 1 + random.nextInt(60);
        for (int k = 0; k < items; k++) {
          text.append(k == 0 ? "" : ", ").append(random.nextBoolean() ? "?" : Integer.toString(random.nextInt(1_000_000)));
        }
        i += 3;
      } else if (shape.startsWith("#NUM", i)) {
        text.append(random.nextInt(100_000));
        i += 4;
      } else if (shape.startsWith("#STR", i)) {
        text.append('\'').append("value ").append(random.nextInt(10_000)).append(random.nextInt(10) == 0 ? "''s" : "").append('\'');
        i += 4;
      } else {
        text.append(shape.charAt(i++));
      }
    }
    return text.toString();
  }

  @Benchmark
  public NormalizedSql fingerprint() {
    String statement = statements[next];
    next = next + 1 == statements.length ? 0 : next + 1;
    return fingerprinter.normalize(statement);
  }

  /** The scan alone: {@link #fingerprint} matches most statements against templates of recent ones instead. */
  @Benchmark
  public NormalizedSql fingerprintScanOnly() {
    String statement = statements[next];
    next = next + 1 == statements.length ? 0 : next + 1;
    return scanOnly.normalize(statement);
  }

  @Benchmark
  public StatementFacts jsqlparserAnalyze() {
    int i = nextDistinct;
    nextDistinct = i + 1 == distinctSamples.length ? 0 : i + 1;
    return analyzer.analyze(distinctSamples[i], distinctNormalized[i]);
  }
}
