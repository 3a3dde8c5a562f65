package dev.dbprof.capture;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from a JDBC URL before it is written anywhere. */
final class UrlRedactor {

  /** {@code //user:secret@host} and {@code //user@host}. */
  private static final Pattern USERINFO = Pattern.compile("//[^/?#;@]*@");
  /** Oracle thin {@code jdbc:oracle:thin:scott/tiger@host}. */
  private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:)[^@/]*/[^@]*@");
  /** {@code key=value} pairs after {@code ?}, {@code &}, {@code ;} or {@code :} (Db2). */
  private static final Pattern PROPERTY = Pattern.compile("([?&;:])([^=?&;:/]+)=([^&;]*)");

  private UrlRedactor() {
  }

  static String redact(String url) {
    if (url == null) {
      return null;
    }
    String out = ORACLE.matcher(url).replaceFirst("$1@");
    out = USERINFO.matcher(out).replaceFirst("//");
    Matcher m = PROPERTY.matcher(out);
    StringBuilder sb = new StringBuilder(out.length());
    boolean removedFirstQuery = false;
    while (m.find()) {
      if (isCredential(m.group(2))) {
        // Keep a '?' so the next parameter still follows a query start.
        String sep = m.group(1);
        if (sep.equals("?")) {
          removedFirstQuery = true;
          m.appendReplacement(sb, "?");
        } else {
          m.appendReplacement(sb, "");
        }
      } else {
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
      }
    }
    m.appendTail(sb);
    String result = sb.toString();
    if (removedFirstQuery) {
      result = result.replace("?&", "?");
      if (result.endsWith("?")) {
        result = result.substring(0, result.length() - 1);
      }
    }
    return result;
  }

  static boolean isCredential(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    return k.equals("user") || k.equals("username") || k.equals("uid") || k.equals("user id")
        || k.equals("userid") || k.equals("login") || k.contains("password")
        || k.contains("passwd") || k.equals("pwd") || k.equals("pass")
        || k.contains("secret") || k.contains("token") || k.contains("credential")
        || k.equals("sslkey") || k.contains("apikey") || k.contains("api_key");
  }
}
