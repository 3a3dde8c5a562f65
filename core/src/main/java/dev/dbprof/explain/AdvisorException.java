package dev.dbprof.explain;

/** The advisor cannot work at all (database unreachable, unsupported product); message is one sentence. */
public final class AdvisorException extends RuntimeException {

  AdvisorException(String message, Throwable cause) {
    super(message, cause);
  }
}
