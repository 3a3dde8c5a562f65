package dev.dbprof.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbprof's one credential redactor: the capture file's header, the readers, the index advisor and
 * every error message go through it, so that they all agree on what a credential is. JDK only,
 * since the capture runs inside the user's application.
 */
public final class Redactor {

  /** {@code //user:secret@host} and {@code //user@host}; up to the last {@code @} of the authority. */
  private static final Pattern USERINFO = Pattern.compile("//[^/?#;\\s]*@");
  /** Oracle thin {@code jdbc:oracle:thin:scott/tiger@host}. */
  private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:)[^@/\\s]*/[^@\\s]*@");
  /** {@code key=value} after {@code ?}, {@code &}, {@code ;} or {@code :} (Db2). */
  private static final Pattern PROPERTY = Pattern.compile("([?&;:])([^=?&;:/]+)=([^&;]*)");
  /** A {@code key=value} anywhere in a message, as drivers echo URLs and properties. */
  private static final Pattern MESSAGE_PROPERTY =
      Pattern.compile("(^|[\\s?&;:,(\\[{\"'])([A-Za-z0-9_.%-]+)(\\s*=\\s*)([^&;,)\\]}\\s\"']*)");
  private static final String MASK = "***";

  private Redactor() {
  }

  /** {@code url} without user names, passwords, tokens or any other credential; null stays null. */
  public static String url(String url) {
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
        if (m.group(1).equals("?")) {
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

  /**
   * {@code message} (a driver's, which may echo the URL or the password) with every credential
   * masked: URL user info, Oracle {@code user/password@}, {@code password=}-like pairs, and each of
   * {@code knownSecrets} wherever it appears. A known secret that is a JDBC URL is shown as
   * {@link #url} shows it, and every credential in it is masked wherever it appears (drivers print
   * the pieces, decoded too). Null becomes "".
   */
  public static String message(String message, String... knownSecrets) {
    if (message == null) {
      return "";
    }
    String out = message;
    if (knownSecrets != null) {
      for (String secret : knownSecrets) {
        if (isJdbcUrl(secret)) {
          out = out.replace(secret, url(secret)); // an echoed URL stays readable, without its credentials
        }
      }
    }
    for (String secret : secretsOf(knownSecrets)) {
      out = mask(out, secret);
    }
    out = ORACLE.matcher(out).replaceAll("$1" + MASK + "@");
    out = USERINFO.matcher(out).replaceAll("//" + MASK + "@");
    Matcher m = MESSAGE_PROPERTY.matcher(out);
    StringBuilder sb = new StringBuilder(out.length());
    while (m.find()) {
      String replacement = isSecretKey(m.group(2)) && !m.group(4).isEmpty()
          ? m.group(1) + m.group(2) + m.group(3) + MASK : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The known secrets, longest first (so that a secret inside another goes with it), URLs opened up. */
  private static List<String> secretsOf(String... knownSecrets) {
    Set<String> secrets = new LinkedHashSet<>();
    if (knownSecrets != null) {
      for (String secret : knownSecrets) {
        if (secret == null || secret.isEmpty()) {
          continue;
        }
        if (isJdbcUrl(secret)) {
          credentialsIn(secret, secrets);
        } else {
          secrets.add(secret);
        }
      }
    }
    List<String> all = new ArrayList<>();
    for (String secret : secrets) {
      all.add(secret);
      String decoded = decoded(secret);
      if (!decoded.equals(secret)) {
        all.add(decoded); // drivers print decoded values
      }
    }
    all.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return all;
  }

  private static boolean isJdbcUrl(String text) {
    return text != null && text.regionMatches(true, 0, "jdbc:", 0, 5);
  }

  private static void credentialsIn(String url, Set<String> secrets) {
    Matcher userInfo = USERINFO.matcher(url);
    if (userInfo.find()) {
      String info = url.substring(userInfo.start() + 2, userInfo.end() - 1);
      int colon = info.indexOf(':');
      if (colon >= 0 && colon + 1 < info.length()) {
        secrets.add(info.substring(colon + 1));
      }
    }
    Matcher oracle = Pattern.compile("(?i)jdbc:oracle:[a-z]+:[^@/\\s]*/([^@\\s]+)@").matcher(url);
    if (oracle.find()) {
      secrets.add(oracle.group(1));
    }
    Matcher property = PROPERTY.matcher(url);
    while (property.find()) {
      if (isSecretKey(property.group(2)) && !property.group(3).isEmpty()) {
        secrets.add(property.group(3));
      }
    }
  }

  /** Replaces {@code secret} in {@code text}; a very short one only where it stands alone, not inside words. */
  private static String mask(String text, String secret) {
    if (secret.length() >= 4) {
      return text.replace(secret, MASK);
    }
    return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])")
        .matcher(text).replaceAll(MASK);
  }

  /** Whether a URL or connection property named {@code key} is a credential, the user's name included. */
  static boolean isCredential(String key) {
    String k = normalizedKey(key);
    return k.equals("user") || k.equals("username") || k.equals("uid") || k.equals("user id")
        || k.equals("userid") || k.equals("login") || isSecretKey(key);
  }

  /** Whether a property named {@code key} holds a secret: a password, token, key or the like. */
  static boolean isSecretKey(String key) {
    String k = normalizedKey(key);
    return k.contains("password") || k.contains("passwd") || k.contains("passphrase") || k.equals("pwd")
        || k.equals("pass") || k.contains("secret") || k.contains("token") || k.contains("credential")
        || k.equals("sslkey") || k.contains("apikey") || k.contains("api_key") || k.contains("api-key")
        || k.contains("accesskey") || k.contains("access_key") || k.equals("auth") || k.contains("authorization");
  }

  private static String normalizedKey(String key) {
    return decoded(key.trim()).toLowerCase(Locale.ROOT);
  }

  private static String decoded(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
