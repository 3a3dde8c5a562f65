package dev.dbprof.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the naive mode opens its unpooled connections. */
record Credentials(String jdbcUrl, String user, String password) {

  /** A new physical connection, bypassing the pool (rule {@code connection-churn}). */
  Connection openUnpooled() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  @Override
  public String toString() {
    return "Credentials[" + jdbcUrl + ", " + user + "]";
  }
}
