package dev.dbprof.examples;

/** Which data-access style the shop is written in. */
public enum Variant {
  /** Plain JDBC on HikariCP. */
  JDBC,
  /** Hibernate ORM 7 (JPA) on HikariCP. */
  JPA
}
