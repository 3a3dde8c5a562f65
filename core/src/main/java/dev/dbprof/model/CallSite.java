package dev.dbprof.model;

/** The first application frame that issued a statement. {@code line} is 0 when unknown. */
public record CallSite(String className, String method, String file, int line) {

  /** Stable text form used in keys and reports: {@code com.acme.Shop.list(Shop.java:42)}. */
  @Override
  public String toString() {
    String where = file == null ? "" : line > 0 ? file + ":" + line : file;
    return className + "." + method + "(" + where + ")";
  }
}
