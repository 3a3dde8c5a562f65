package dev.dbprof.cli;

import java.util.Locale;

/** {@code --color auto|always|never}: auto means a terminal and no {@code NO_COLOR}. */
final class Colors {

  private Colors() {}

  static boolean enabled(String when) {
    return switch (when.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null;
      default -> throw new UserException("--color must be auto, always or never, not '" + when + "'.");
    };
  }
}
