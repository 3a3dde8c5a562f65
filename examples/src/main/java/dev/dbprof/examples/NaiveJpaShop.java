package dev.dbprof.examples;

import dev.dbprof.capture.Units;
import dev.dbprof.examples.jpa.Customer;
import dev.dbprof.examples.jpa.OrderItem;
import dev.dbprof.examples.jpa.Product;
import dev.dbprof.examples.jpa.PurchaseOrder;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Hibernate used the way the getting-started guides suggest: lazy associations walked in loops,
 * IDENTITY ids, no batch size, {@code getResultCount()}; {@link FixedJpaShop} is its twin.
 */
final class NaiveJpaShop implements ShopSteps {

  private final SessionFactory sessions;
  private final Credentials credentials;

  NaiveJpaShop(DataSource pool, Credentials credentials) {
    this.sessions = JpaBootstrap.sessionFactory(Mode.NAIVE, pool);
    this.credentials = credentials;
  }

  /** n-plus-one: each customer's lazy orders collection is initialised by its own SELECT. */
  @Override
  public Totals customerOverview() {
    return sessions.fromTransaction(session -> {
      long orders = 0;
      BigDecimal value = BigDecimal.ZERO;
      for (Customer customer : session.createSelectionQuery("from Customer order by id", Customer.class)
          .setMaxResults(Workload.CUSTOMERS_LISTED).getResultList()) {
        for (PurchaseOrder order : customer.getOrders()) {
          orders++;
          value = value.add(order.getTotal());
        }
      }
      return new Totals(orders, value);
    });
  }

  /** n-plus-one, interleaved: per order its lazy customer, its lazy items, each item's lazy product. */
  @Override
  public Totals shippingLabels() {
    return sessions.fromTransaction(session -> {
      long lines = 0;
      BigDecimal quantity = BigDecimal.ZERO;
      for (PurchaseOrder order : session.createSelectionQuery(
          "from PurchaseOrder order by id desc", PurchaseOrder.class)
          .setMaxResults(Workload.LABELLED_ORDERS).getResultList()) {
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

  /**
   * unbatched-writes: IDENTITY ids force an INSERT per persist(); without a batch size the dirty
   * products are flushed as one UPDATE each. n-plus-one: find() per line.
   */
  @Override
  public Totals importOrder() {
    return sessions.fromTransaction(session -> {
      Customer customer = customerByEmail(session);
      PurchaseOrder order = new PurchaseOrder(customer, Workload.IMPORTED_STATUS, Workload.IMPORTED_AT);
      session.persist(order);
      BigDecimal total = BigDecimal.ZERO;
      int items = 0;
      for (Workload.Line line : Workload.importLines()) {
        Product product = session.find(Product.class, line.productId());
        session.persist(new OrderItem(order, product, line.quantity(), product.getPrice()));
        product.takeStock(line.quantity());
        total = total.add(product.getPrice().multiply(BigDecimal.valueOf(line.quantity())));
        items++;
      }
      order.setTotal(total);
      return new Totals(items, total);
    });
  }

  /**
   * connection-churn: a session on a new physical connection per query; count-subquery:
   * {@code getResultCount()} on a distinct query wraps it in {@code select count(*) from (…)}.
   */
  @Override
  public StatusSearch searchByStatus() throws SQLException {
    SortedMap<String, Long> counts = new TreeMap<>();
    long pageRows = 0;
    for (String status : Workload.SEARCHED_STATUSES) { // each status is one user's search: its own request
      try (Units.Scope search = Units.begin("GET /orders?status=" + status)) {
        try (Connection connection = credentials.openUnpooled();
            Session session = sessions.withOptions().connection(connection).openSession()) {
          // Hibernate counts a plain query with a plain count(*); "distinct", added here as
          // people do against join duplicates, makes it wrap the query in a subquery.
          counts.put(status, session.createSelectionQuery(
              "select distinct o from PurchaseOrder o where o.status = :status", PurchaseOrder.class)
              .setParameter("status", status).getResultCount());
        }
        try (Connection connection = credentials.openUnpooled();
            Session session = sessions.withOptions().connection(connection).openSession()) {
          pageRows += session.createSelectionQuery(
              "from PurchaseOrder where status = :status order by createdAt desc", PurchaseOrder.class)
              .setParameter("status", status).setMaxResults(Workload.PAGE_SIZE).getResultList().size();
        }
      }
    }
    return new StatusSearch(counts, pageRows);
  }

  /** duplicate-query: a query (unlike find()) always goes to the database, so this runs twice. */
  @Override
  public String productPage() {
    return sessions.fromTransaction(session -> {
      String title = ShopQueries.describe(loadProduct(session));
      String priceBox = ShopQueries.describe(loadProduct(session));
      return title.equals(priceBox) ? title : title + " / " + priceBox;
    });
  }

  private static Product loadProduct(Session session) {
    return session.createSelectionQuery("from Product where id = :id", Product.class)
        .setParameter("id", Workload.FEATURED_PRODUCT_ID).getSingleResult();
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
