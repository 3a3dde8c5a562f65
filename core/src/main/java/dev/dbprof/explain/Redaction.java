package dev.dbprof.explain;

import java.util.regex.Pattern;

/** Keeps passwords out of messages: from URLs and from whatever a driver says. */
final class Redaction {

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)=[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

  private Redaction() {}

  static String url(String url) {
    String out = URL_PASSWORD.matcher(url).replaceAll("$1=***");
    return USER_INFO.matcher(out).replaceAll("//$1:***@");
  }

  static String message(String message, String password) {
    if (message == null) {
      return "";
    }
    String out = URL_PASSWORD.matcher(message).replaceAll("$1=***");
    if (password != null && !password.isEmpty()) {
      out = out.replace(password, "***");
    }
    return out;
  }
}
