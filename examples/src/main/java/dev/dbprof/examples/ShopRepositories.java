package dev.dbprof.examples;

import dev.dbprof.examples.jpa.Customer;
import dev.dbprof.examples.jpa.OrderItem;
import dev.dbprof.examples.jpa.Product;
import dev.dbprof.examples.jpa.PurchaseOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;

/**
 * The request shop's repositories, each call transactional as a Spring Data repository method is:
 * inside a service transaction it joins it, outside it runs in a transaction of its own.
 */
final class ShopRepositories {

  private final Transactions transactions;

  ShopRepositories(Transactions transactions) {
    this.transactions = transactions;
  }

  List<PurchaseOrder> newestOrders(int count) {
    return transactions.transactional(session -> newestOrders(session, count));
  }

  static List<PurchaseOrder> newestOrders(Session session, int count) {
    return session.createQuery("select o from PurchaseOrder o order by o.createdAt desc, o.id desc",
        PurchaseOrder.class).setMaxResults(count).getResultList();
  }

  static List<PurchaseOrder> newestOrdersWithCustomers(Session session, int count) {
    return session.createQuery("select o from PurchaseOrder o join fetch o.customer order by o.createdAt desc, o.id desc",
        PurchaseOrder.class).setMaxResults(count).getResultList();
  }

  Customer findCustomer(long id) {
    return transactions.transactional(session -> session.find(Customer.class, id));
  }

  PurchaseOrder saveOrder(long customerId, Instant createdAt) {
    return transactions.transactional(session -> {
      PurchaseOrder order = new PurchaseOrder(session.getReference(Customer.class, customerId), "NEW", createdAt);
      session.persist(order);
      return order;
    });
  }

  OrderItem saveItem(long orderId, long productId, int quantity, BigDecimal unitPrice) {
    return transactions.transactional(session -> {
      OrderItem item = new OrderItem(session.getReference(PurchaseOrder.class, orderId),
          session.getReference(Product.class, productId), quantity, unitPrice);
      session.persist(item);
      return item;
    });
  }
}
