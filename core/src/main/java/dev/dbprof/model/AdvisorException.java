package dev.dbprof.model;

/** The advisor cannot work at all (database unreachable, unsupported product); message is one sentence. */
public final class AdvisorException extends RuntimeException {

  public AdvisorException(String message, Throwable cause) {
    super(message, cause);
  }
}
