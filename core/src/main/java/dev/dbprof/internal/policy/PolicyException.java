package dev.dbprof.internal.policy;

/** A policy or baseline file that cannot be used; the message is one sentence naming the file and the key. */
public final class PolicyException extends RuntimeException {

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
