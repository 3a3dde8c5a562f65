package dev.dbprof.examples;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The business work both modes do, so that they differ only in how they reach the database. */
final class Workload {

  static final int CUSTOMERS_LISTED = 25;
  static final int LABELLED_ORDERS = 20;
  static final int IMPORT_LINES = 32;
  static final List<String> SEARCHED_STATUSES =
      List.of("CANCELLED", "ON_HOLD", "PAYMENT_FAILED", "PENDING", "RETURNED");
  static final int PAGE_SIZE = 20;
  static final long FEATURED_PRODUCT_ID = 7;
  static final String IMPORTING_CUSTOMER_EMAIL = "customer42@example.com";
  static final String IMPORTED_STATUS = "PENDING";
  static final Instant IMPORTED_AT = Instant.parse("2026-06-01T12:00:00Z");

  record Line(long productId, int quantity) {
  }

  private Workload() {
  }

  /** Distinct products, so every line is one insert and one stock update. */
  static List<Line> importLines() {
    List<Line> lines = new ArrayList<>(IMPORT_LINES);
    for (int i = 0; i < IMPORT_LINES; i++) {
      lines.add(new Line(11 + i * 5L, i % 4 + 1));
    }
    return lines;
  }
}
