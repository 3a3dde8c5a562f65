package dev.dbprof.examples;

import java.util.SortedMap;

/** The shop's use cases; each runs as its own unit of work, as separate requests would. */
interface ShopSteps extends AutoCloseable {

  /** The first customers with all their orders. */
  Totals customerOverview() throws Exception;

  /** Shipping labels (customer, items, product names) for the newest orders. */
  Totals shippingLabels() throws Exception;

  /** Imports one order with {@link Workload#IMPORT_LINES} items and takes the stock. */
  Totals importOrder() throws Exception;

  /** Searches each rare status: the number of matches, then the first page. */
  StatusSearch searchByStatus() throws Exception;

  /** The product page: name, price and stock of the featured product. */
  String productPage() throws Exception;

  record StatusSearch(SortedMap<String, Long> ordersPerStatus, long pageRows) {
  }

  @Override
  default void close() {
  }
}
