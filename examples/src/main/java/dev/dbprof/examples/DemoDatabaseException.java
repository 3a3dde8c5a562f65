package dev.dbprof.examples;

/** The embedded database could not start or be used; the message is one sentence for the user. */
public final class DemoDatabaseException extends RuntimeException {

  DemoDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
