package dev.dbprof.examples;

import java.util.SortedMap;

/**
 * The business outcome of one shop run. Naive and fixed runs on fresh schemas produce equal
 * results: the modes differ only in how they talk to the database.
 *
 * @param customerOverview orders (rows) and their total value over the listed customers
 * @param shippingLabels label lines (rows) and quantity (amount) for the newest orders
 * @param importedOrder items imported (rows) and the order's total
 * @param ordersPerStatus how many orders each searched status has (the page count)
 * @param statusPageRows rows shown on the first result page of each status search, summed
 * @param featuredProduct the product page's title line
 */
public record ShopResult(
    Totals customerOverview,
    Totals shippingLabels,
    Totals importedOrder,
    SortedMap<String, Long> ordersPerStatus,
    long statusPageRows,
    String featuredProduct) {
}
