package dev.dbprof.examples;

/**
 * The servers the request shop runs on, as Hibernate is told them without asking the server, and
 * the driver property that sends a JDBC batch of INSERTs as multi-row INSERTs (so a batch is one
 * statement in the server's log too).
 */
enum RequestDatabase {
  POSTGRESQL("PostgreSQL", 17, 0, "reWriteBatchedInserts"),
  // through MySQL Connector/J: MariaDB's own driver has no batch rewriting since 3.0
  MARIADB("MariaDB", 10, 11, "rewriteBatchedStatements");

  final String product;
  final int majorVersion;
  final int minorVersion;
  final String rewriteBatchesProperty;

  RequestDatabase(String product, int majorVersion, int minorVersion, String rewriteBatchesProperty) {
    this.product = product;
    this.majorVersion = majorVersion;
    this.minorVersion = minorVersion;
    this.rewriteBatchesProperty = rewriteBatchesProperty;
  }
}
