package dev.dbprof.examples;

import dev.dbprof.examples.jpa.Product;

/** Formatting both modes share; every statement lives in the class whose mode it shows, so call sites name it. */
final class ShopQueries {

  private ShopQueries() {
  }

  static String describe(Product product) {
    return product.getSku() + " " + product.getName() + " " + product.getPrice()
        + " (" + product.getStock() + " in stock)";
  }
}
