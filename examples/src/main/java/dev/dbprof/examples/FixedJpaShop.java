package dev.dbprof.examples;

import dev.dbprof.capture.Units;
import dev.dbprof.examples.jpa.Customer;
import dev.dbprof.examples.jpa.OrderItem;
import dev.dbprof.examples.jpa.Product;
import dev.dbprof.examples.jpa.PurchaseOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * {@link NaiveJpaShop}'s work with each anti-pattern fixed: JOIN FETCH, pooled SEQUENCE ids with
 * {@code hibernate.jdbc.batch_size} and ordered inserts/updates, a JPQL {@code count}, one load per entity.
 */
final class FixedJpaShop implements ShopSteps {

  private final SessionFactory sessions;

  FixedJpaShop(DataSource pool) {
    this.sessions = JpaBootstrap.sessionFactory(Mode.FIXED, pool);
  }

  /** The page of customer ids first (a fetch join cannot be paged), then one JOIN FETCH. */
  @Override
  public Totals customerOverview() {
    return sessions.fromTransaction(session -> {
      List<Long> ids = session.createSelectionQuery("select id from Customer order by id", Long.class)
          .setMaxResults(Workload.CUSTOMERS_LISTED).getResultList();
      long orders = 0;
      BigDecimal value = BigDecimal.ZERO;
      for (Customer customer : session.createSelectionQuery(
          "select c from Customer c left join fetch c.orders where c.id in :ids order by c.id",
          Customer.class).setParameter("ids", ids).getResultList()) {
        for (PurchaseOrder order : customer.getOrders()) {
          orders++;
          value = value.add(order.getTotal());
        }
      }
      return new Totals(orders, value);
    });
  }

  /** Orders, customers, items and products in one JOIN FETCH. */
  @Override
  public Totals shippingLabels() {
    return sessions.fromTransaction(session -> {
      List<Long> ids = session.createSelectionQuery("select id from PurchaseOrder order by id desc", Long.class)
          .setMaxResults(Workload.LABELLED_ORDERS).getResultList();
      long lines = 0;
      BigDecimal quantity = BigDecimal.ZERO;
      for (PurchaseOrder order : session.createSelectionQuery(
          "select o from PurchaseOrder o join fetch o.customer"
              + " join fetch o.items i join fetch i.product where o.id in :ids order by o.id desc",
          PurchaseOrder.class).setParameter("ids", ids).getResultList()) {
        order.getCustomer().getName();
        for (OrderItem item : order.getItems()) {
          item.getProduct().getName();
          lines++;
          quantity = quantity.add(BigDecimal.valueOf(item.getQuantity()));
        }
      }
      return new Totals(lines, quantity);
    });
  }

  /** Products in one query; items (SEQUENCE ids) and stock updates flushed as JDBC batches. */
  @Override
  public Totals importOrder() {
    return sessions.fromTransaction(session -> {
      Customer customer = customerByEmail(session);
      PurchaseOrder order = new PurchaseOrder(customer, Workload.IMPORTED_STATUS, Workload.IMPORTED_AT);
      session.persist(order);
      List<Workload.Line> lines = Workload.importLines();
      session.createSelectionQuery("from Product where id in :ids", Product.class)
          .setParameter("ids", lines.stream().map(Workload.Line::productId).toList())
          .getResultList();
      BigDecimal total = BigDecimal.ZERO;
      for (Workload.Line line : lines) {
        // Already in the persistence context: find() does not query again.
        Product product = session.find(Product.class, line.productId());
        session.persist(new OrderItem(order, product, line.quantity(), product.getPrice()));
        product.takeStock(line.quantity());
        total = total.add(product.getPrice().multiply(BigDecimal.valueOf(line.quantity())));
      }
      order.setTotal(total);
      return new Totals(lines.size(), total);
    });
  }

  /** The pool, a JPQL count(o), and the fixed schema's index; one transaction per search. */
  @Override
  public StatusSearch searchByStatus() {
    SortedMap<String, Long> counts = new TreeMap<>();
    long pageRows = 0;
    for (String status : Workload.SEARCHED_STATUSES) { // each status is one user's search: its own request
      try (Units.Scope search = Units.begin("GET /orders?status=" + status)) {
        pageRows += sessions.fromTransaction(session -> {
          counts.put(status, session.createSelectionQuery(
              "select count(o) from PurchaseOrder o where o.status = :status", Long.class)
              .setParameter("status", status).getSingleResult());
          return session.createSelectionQuery(
              "from PurchaseOrder where status = :status order by createdAt desc", PurchaseOrder.class)
              .setParameter("status", status).setMaxResults(Workload.PAGE_SIZE).getResultList().size();
        });
      }
    }
    return new StatusSearch(counts, pageRows);
  }

  /** Loaded once; the second use reads the same object. */
  @Override
  public String productPage() {
    return sessions.fromTransaction(session ->
        ShopQueries.describe(session.find(Product.class, Workload.FEATURED_PRODUCT_ID)));
  }

  @Override
  public void close() {
    sessions.close();
  }

  private static Customer customerByEmail(Session session) {
    return session.createSelectionQuery("from Customer where email = :email", Customer.class)
        .setParameter("email", Workload.IMPORTING_CUSTOMER_EMAIL).getSingleResult();
  }
}
