package dev.dbprof.examples;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code POST /orders}: an order and its items, saved through the repositories. */
final class OrderImportService {

  private final Transactions transactions;
  private final ShopRepositories repositories;

  OrderImportService(Transactions transactions, ShopRepositories repositories) {
    this.transactions = transactions;
    this.repositories = repositories;
  }

  /** No {@code @Transactional}: every {@code save} is its own transaction (with IDENTITY ids, its own INSERT). */
  long saveEachItem(long customerId, long firstProductId, int items, Instant createdAt) {
    long orderId = repositories.saveOrder(customerId, createdAt).getId();
    for (int i = 0; i < items; i++) {
      repositories.saveItem(orderId, firstProductId + i, 1 + i % 3, BigDecimal.valueOf(5 + i, 2));
    }
    return orderId;
  }

  /**
   * {@code @Transactional} around the same loop: with SEQUENCE ids and {@code hibernate.jdbc.batch_size}
   * the items go in one JDBC batch at commit; with IDENTITY ids they are still one INSERT each.
   */
  long saveAllItemsInOneTransaction(long customerId, long firstProductId, int items, Instant createdAt) {
    return transactions.transactional(session -> saveEachItem(customerId, firstProductId, items, createdAt));
  }
}
