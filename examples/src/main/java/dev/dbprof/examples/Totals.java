package dev.dbprof.examples;

import java.math.BigDecimal;

/** What one step of the shop saw: a number of rows and an amount, so that modes can be compared. */
public record Totals(long rows, BigDecimal amount) {

  public Totals {
    amount = amount.stripTrailingZeros();
  }
}
