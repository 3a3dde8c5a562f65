package dev.dbprof.model;

/** A line that could not be read: where it is and why it was skipped. */
public record Problem(String path, long line, String reason) {

  @Override
  public String toString() {
    return path + ":" + line + ": " + reason;
  }
}
