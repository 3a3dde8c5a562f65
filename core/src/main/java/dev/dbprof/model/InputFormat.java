package dev.dbprof.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every input format dbprof reads, with its stable id (used in {@code --input-format} and in the
 * JSON report's {@code summary.inputs[].format}) and what the format can and cannot tell.
 */
public enum InputFormat {
  DBPROF("dbprof", true, true, true, true),
  P6SPY("p6spy", true, false, true, true),
  P6SPY_MULTILINE("p6spy-multiline", true, false, true, true),
  P6SPY_CUSTOM("p6spy-custom", true, false, true, true),
  PG_STDERR("pg-stderr", false, false, true, true),
  PG_CSVLOG("pg-csvlog", false, false, true, true),
  PG_JSONLOG("pg-jsonlog", false, false, true, true),
  MYSQL_GENERAL("mysql-general", false, false, true, false),
  MYSQL_SLOW("mysql-slow", false, false, true, true);

  private final String id;
  private final boolean knowsBatches;
  private final boolean knowsCallSites;
  private final boolean knowsTransactions;
  private final boolean knowsDurations;

  InputFormat(String id, boolean knowsBatches, boolean knowsCallSites, boolean knowsTransactions,
      boolean knowsDurations) {
    this.id = id;
    this.knowsBatches = knowsBatches;
    this.knowsCallSites = knowsCallSites;
    this.knowsTransactions = knowsTransactions;
    this.knowsDurations = knowsDurations;
  }

  public String id() {
    return id;
  }

  /** Whether a JDBC batch shows as one event (client-side capture) rather than N statements. */
  public boolean knowsBatches() {
    return knowsBatches;
  }

  public boolean knowsCallSites() {
    return knowsCallSites;
  }

  public boolean knowsTransactions() {
    return knowsTransactions;
  }

  public boolean knowsDurations() {
    return knowsDurations;
  }

  public static Optional<InputFormat> byId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst();
  }
}
