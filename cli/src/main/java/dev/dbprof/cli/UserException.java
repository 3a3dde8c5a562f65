package dev.dbprof.cli;

/** A problem the user can fix (bad option value, unreadable file): one sentence, exit code 2. */
final class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UserException(String message) {
    super(message);
  }
}
