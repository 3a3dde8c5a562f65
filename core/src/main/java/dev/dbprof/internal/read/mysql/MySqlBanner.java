package dev.dbprof.internal.read.mysql;

import java.util.regex.Pattern;

/** The three lines every MySQL/MariaDB log file starts with, again after each server restart. */
final class MySqlBanner {

  private static final Pattern VERSION = Pattern.compile("^\\S.*, Version: .*started with:\\s*$");
  private static final Pattern PORT = Pattern.compile("^Tcp port: \\d+\\s+Unix socket: .*$");
  private static final Pattern COLUMNS = Pattern.compile("^Time\\s+Id\\s+Command\\s+Argument\\s*$");

  private MySqlBanner() {}

  static boolean isBanner(String line) {
    // Cheap tests first: this runs on every line, and the version pattern backtracks on long ones.
    if (line.startsWith("Tcp port: ")) {
      return PORT.matcher(line).matches();
    }
    if (line.startsWith("Time")) {
      return COLUMNS.matcher(line).matches();
    }
    return endsWithStartedWith(line) && line.contains(", Version: ") && VERSION.matcher(line).matches();
  }

  /** "… started with:" and trailing white space: checked from the end, so a long statement costs nothing. */
  private static boolean endsWithStartedWith(String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return line.startsWith("started with:", end - "started with:".length());
  }
}
