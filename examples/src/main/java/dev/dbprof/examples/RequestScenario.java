package dev.dbprof.examples;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request shop's scenarios: each a few requests, as a web application would serve them back
 * to back, written the way an application gets them wrong or right. {@link RequestShop} runs them.
 */
enum RequestScenario {

  /** {@code findById} in a loop over 30 ids, no service transaction: N+1, one transaction per iteration. */
  FIND_BY_ID_TRANSACTION_PER_CALL(Mode.NAIVE, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("GET /orders/recent/customers",
          () -> services.recentOrderCustomers().lookedUpOneByOne(LOOP)));
    }
  },

  /** The same loop inside one service transaction: N+1 in one transaction. */
  FIND_BY_ID_ONE_TRANSACTION(Mode.NAIVE, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("GET /orders/recent/customers",
          () -> services.recentOrderCustomers().lookedUpOneByOneInOneTransaction(LOOP)));
    }
  },

  /** One transaction, the lazy association batch-fetched 16 at a time: clean. */
  BATCH_FETCH_ONE_TRANSACTION(Mode.NAIVE, true, Map.of("hibernate.default_batch_fetch_size", "16")) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("GET /orders/recent/customers",
          () -> services.recentOrderCustomers().batchFetchedInOneTransaction(LOOP)));
    }
  },

  /** One transaction, the customers joined into the orders query ({@code join fetch}): clean. */
  JOIN_FETCH_ONE_TRANSACTION(Mode.NAIVE, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("GET /orders/recent/customers",
          () -> services.recentOrderCustomers().joinFetchedInOneTransaction(LOOP)));
    }
  },

  /** {@code save} in a loop with IDENTITY ids, each its own transaction: unbatched writes, one transaction each. */
  SAVE_TRANSACTION_PER_CALL(Mode.NAIVE, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("POST /orders",
          () -> services.orderImport().saveEachItem(CUSTOMER, 1, LOOP, CREATED)));
    }
  },

  /** The same loop in one transaction, IDENTITY ids: unbatched writes in one transaction. */
  SAVE_ONE_TRANSACTION_IDENTITY(Mode.NAIVE, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("POST /orders",
          () -> services.orderImport().saveAllItemsInOneTransaction(CUSTOMER, 1, LOOP, CREATED)));
    }
  },

  /** One transaction, SEQUENCE ids, {@code hibernate.jdbc.batch_size=50}: one batch, clean. */
  SAVE_BATCHED_ONE_TRANSACTION(Mode.FIXED, true, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      return List.of(new Request("POST /orders",
          () -> services.orderImport().saveAllItemsInOneTransaction(CUSTOMER, 1, LOOP, CREATED)));
    }
  },

  /**
   * Four clean requests back to back on one pooled connection, no transaction anywhere: the last
   * one repeats the first (a reload). Nothing to report.
   */
  BACK_TO_BACK_REQUESTS_ONE_CONNECTION(Mode.NAIVE, false, Map.of()) {
    @Override
    List<Request> requests(Services services) {
      StorefrontService storefront = services.storefront();
      return List.of(
          new Request("GET /customers/{id}", () -> storefront.customerPage(7)),
          new Request("GET /customers/{id}", () -> storefront.customerPage(12)),
          new Request("GET /products/{id}", () -> storefront.productPage(3)),
          new Request("GET /customers/{id}", () -> storefront.customerPage(7)));
    }
  };

  /** Loop length of every loop scenario. */
  static final int LOOP = 30;
  private static final long CUSTOMER = 5;
  private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00Z");

  /** IDENTITY ids and no batching ({@code NAIVE}) or SEQUENCE ids and JDBC batches ({@code FIXED}). */
  final Mode mapping;
  /** Whether the service code uses transactions; without, the pool runs in autocommit. */
  final boolean transactional;
  final Map<String, String> hibernateProperties;

  RequestScenario(Mode mapping, boolean transactional, Map<String, String> hibernateProperties) {
    this.mapping = mapping;
    this.transactional = transactional;
    this.hibernateProperties = hibernateProperties;
  }

  abstract List<Request> requests(Services services);

  /** One request: its route (the unit marker's name) and the work. */
  record Request(String route, Runnable work) {
  }

  /** The services of one running shop. */
  record Services(RecentOrderCustomersService recentOrderCustomers, OrderImportService orderImport,
      StorefrontService storefront) {
  }
}
