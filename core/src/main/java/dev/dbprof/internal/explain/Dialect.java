package dev.dbprof.internal.explain;

import java.util.Locale;

/** The database product, decided from the live connection (never from the URL). */
public enum Dialect {
  POSTGRESQL,
  MYSQL,
  MARIADB;

  static Dialect of(String productName, String version) {
    String product = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    String v = version == null ? "" : version.toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.contains("mariadb") || v.contains("mariadb")) {
      return MARIADB;
    }
    if (product.contains("mysql")) {
      return MYSQL;
    }
    return null;
  }
}
