package dev.dbprof.examples;

import dev.dbprof.examples.jpa.Customer;
import dev.dbprof.examples.jpa.Product;
import dev.dbprof.examples.jpa.PurchaseOrder;
import java.util.List;
import java.util.Locale;

/**
 * Pages read without any transaction (open-in-view off, no {@code @Transactional}, a pool in
 * autocommit): each request's statements commit themselves on whichever pooled connection it gets.
 */
final class StorefrontService {

  private final Transactions transactions;

  StorefrontService(Transactions transactions) {
    this.transactions = transactions;
  }

  /** {@code GET /customers/{id}}: the customer and their orders, two queries. */
  String customerPage(long customerId) {
    return transactions.withoutTransaction(session -> {
      Customer customer = session.find(Customer.class, customerId);
      List<PurchaseOrder> orders = session.createQuery(
          "select o from PurchaseOrder o where o.customer.id = :customer order by o.createdAt desc",
          PurchaseOrder.class).setParameter("customer", customerId).getResultList();
      return String.format(Locale.ROOT, "%s: %d orders", customer.getName(), orders.size());
    });
  }

  /** {@code GET /products/{id}}: one query. */
  String productPage(long productId) {
    return transactions.withoutTransaction(session -> session.find(Product.class, productId).getName());
  }
}
