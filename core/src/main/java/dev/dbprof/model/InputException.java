package dev.dbprof.model;

/**
 * An input that cannot be read at all: a missing or unreadable file, an unknown format, a capture
 * written by a newer dbprof. The message is one sentence that names the file (the CLI prints it and
 * exits with code 2). A bad line is never this: it is skipped and counted instead.
 */
public final class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
