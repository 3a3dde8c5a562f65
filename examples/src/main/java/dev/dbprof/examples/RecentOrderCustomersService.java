package dev.dbprof.examples;

import dev.dbprof.examples.jpa.PurchaseOrder;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /orders/recent/customers}: the names of the customers of the newest orders. */
final class RecentOrderCustomersService {

  private final Transactions transactions;
  private final ShopRepositories repositories;

  RecentOrderCustomersService(Transactions transactions, ShopRepositories repositories) {
    this.transactions = transactions;
    this.repositories = repositories;
  }

  /** No {@code @Transactional}: the orders query and every {@code findById} are transactions of their own. */
  List<String> lookedUpOneByOne(int count) {
    List<String> names = new ArrayList<>();
    for (PurchaseOrder order : repositories.newestOrders(count)) {
      names.add(repositories.findCustomer(order.getCustomer().getId()).getName());
    }
    return names;
  }

  /** The same loop with {@code @Transactional} on the service: one transaction, still one query per id. */
  List<String> lookedUpOneByOneInOneTransaction(int count) {
    return transactions.transactional(session -> lookedUpOneByOne(count));
  }

  /**
   * {@code @Transactional}, the lazy {@code customer} touched in the loop and Hibernate's
   * {@code default_batch_fetch_size=16}: the customers come 16 at a time ({@code = any (?)} on
   * PostgreSQL, {@code in (?, …)} on MariaDB).
   */
  List<String> batchFetchedInOneTransaction(int count) {
    return transactions.transactional(session -> {
      List<String> names = new ArrayList<>();
      for (PurchaseOrder order : ShopRepositories.newestOrders(session, count)) {
        names.add(order.getCustomer().getName());
      }
      return names;
    });
  }

  /** {@code @Transactional}, the orders loaded with {@code join fetch o.customer}: one query. */
  List<String> joinFetchedInOneTransaction(int count) {
    return transactions.transactional(session -> {
      List<String> names = new ArrayList<>();
      for (PurchaseOrder order : ShopRepositories.newestOrdersWithCustomers(session, count)) {
        names.add(order.getCustomer().getName());
      }
      return names;
    });
  }
}
