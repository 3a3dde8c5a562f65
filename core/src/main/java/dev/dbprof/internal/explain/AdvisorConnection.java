package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorException;
import dev.dbprof.model.AdvisorNote;
import dev.dbprof.options.AdvisorOptions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The advisor's one database session and the watchdog that bounds it: connecting with driver
 * timeouts no longer than the budget, the session's own limits, the refusal of a privileged
 * account, and the leftovers of an interrupted run dropped.
 */
final class AdvisorConnection implements AutoCloseable {

  final DatabaseSession session;
  final Watchdog watchdog;
  /** What opening the session found worth saying (leftovers dropped), repeated by each advise call. */
  final List<AdvisorNote> openingNotes;

  private AdvisorConnection(DatabaseSession session, Watchdog watchdog, List<AdvisorNote> openingNotes) {
    this.session = session;
    this.watchdog = watchdog;
    this.openingNotes = List.copyOf(openingNotes);
  }

  /** See {@link IndexAdvisor#open}. */
  static AdvisorConnection open(String jdbcUrl, String user, String password, AdvisorOptions options) {
    String url = plainUrl(jdbcUrl);
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    // messages name the URL as the user wrote it, not with the timeouts bounded
    String target = boundedTimeouts(url, props, options);
    Watchdog watchdog = new Watchdog(options.budget());
    Connection connection;
    try {
      connection = watchdog.connect(() -> DriverManager.getConnection(target, props));
    } catch (TimeoutException e) {
      throw new AdvisorException(AdvisorTexts.connectTimedOut(url, options.budget()), null);
    } catch (SQLException | RuntimeException e) {
      if (System.nanoTime() >= watchdog.deadlineNanos()) {
        // the driver's own timeout, capped to the budget, beat the watchdog to it: the budget ended it
        throw new AdvisorException(AdvisorTexts.connectTimedOut(url, options.budget()), null);
      }
      throw new AdvisorException(AdvisorTexts.cannotConnect(url, password, e), null);
    }
    watchdog.guard(connection);
    try {
      DatabaseMetaData meta = connection.getMetaData();
      Dialect dialect = Dialect.of(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
      if (dialect == null) {
        throw new AdvisorException(AdvisorTexts.unsupportedDatabase(url, meta.getDatabaseProductName()), null);
      }
      DatabaseSession.Connector reconnect = () -> DriverManager.getConnection(target, props);
      DatabaseSession session = dialect == Dialect.POSTGRESQL
          ? new PostgresSession(connection, options)
          : new MySqlSession(connection, options, dialect, reconnect);
      if (options.role() != null) {
        session.setRole(options.role());
      }
      session.applySessionLimits();
      if (!options.allowSuperuser()) {
        refusePowerfulAccount(session, url);
      }
      List<AdvisorNote> opening = new ArrayList<>();
      String cleanup = session.dropLeftovers();
      if (cleanup != null) {
        opening.add(new AdvisorNote(null, cleanup));
      }
      watchdog.idle(); // until the analysis asks for advice
      return new AdvisorConnection(session, watchdog, opening);
    } catch (SQLException | RuntimeException e) {
      watchdog.close();
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
      if (e instanceof AdvisorException advisor) {
        throw advisor;
      }
      if (watchdog.fired()) {
        throw new AdvisorException(AdvisorTexts.preparingTimedOut(url, options.budget()), null);
      }
      throw new AdvisorException(AdvisorTexts.cannotPrepare(url, password, e), null);
    }
  }

  private static void refusePowerfulAccount(DatabaseSession session, String url) throws SQLException {
    List<String> privileges = session.dangerousPrivileges();
    if (!privileges.isEmpty()) {
      throw new AdvisorException(AdvisorTexts.tooPowerful(url, privileges), null);
    }
  }

  @Override
  public void close() {
    watchdog.close();
    try {
      session.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing left to release
    }
  }

  private static String plainUrl(String url) {
    if (url == null) {
      throw new AdvisorException(AdvisorTexts.NO_URL, null);
    }
    String u = url.strip();
    for (String wrapper : List.of("jdbc:dbprof:", "jdbc:p6spy:")) {
      if (u.regionMatches(true, 0, wrapper, 0, wrapper.length())) {
        return "jdbc:" + u.substring(wrapper.length());
      }
    }
    return u;
  }

  private static void putIfAbsent(Properties props, String lowerUrl, String key, String value) {
    if (!lowerUrl.contains(key.toLowerCase(Locale.ROOT) + "=")) {
      props.setProperty(key, value);
    }
  }

  /**
   * Connect, login and socket timeouts for the driver: the user's own values where the URL sets
   * them, but never beyond the budget; ours otherwise. The socket timeout outlasts the statement
   * timeout, so a slow but live server answers with its own timeout error first.
   */
  static String boundedTimeouts(String url, Properties props, AdvisorOptions options) {
    long budgetMs = Math.max(1000, options.budget().toMillis());
    long connectMs = Math.min(10_000, budgetMs);
    long socketMs = Math.min(budgetMs, options.statementTimeout().toMillis() + 5_000);
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      // pgjdbc counts these in seconds
      long budgetS = (budgetMs + 999) / 1000;
      url = capped(url, "connectTimeout", budgetS);
      url = capped(url, "loginTimeout", budgetS);
      url = capped(url, "socketTimeout", budgetS);
      putIfAbsent(props, lower, "connectTimeout", Long.toString((connectMs + 999) / 1000));
      putIfAbsent(props, lower, "loginTimeout", Long.toString((connectMs + 999) / 1000));
      putIfAbsent(props, lower, "socketTimeout", Long.toString((socketMs + 999) / 1000));
      // GENERIC_PLAN needs the $n placeholders as text, not as parameters of the extended protocol;
      // simple mode would also run several statements at once, which the guard refuses up front
      props.setProperty("preferQueryMode", "simple");
    } else if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      url = capped(url, "connectTimeout", budgetMs);
      url = capped(url, "socketTimeout", budgetMs);
      putIfAbsent(props, lower, "connectTimeout", Long.toString(connectMs));
      putIfAbsent(props, lower, "socketTimeout", Long.toString(socketMs));
    }
    return url;
  }

  /** The URL with {@code key=N} lowered to {@code max} where N is larger or 0 (which means never). */
  private static String capped(String url, String key, long max) {
    Matcher m = Pattern.compile("(?i)([?&;]" + key + "=)(\\d{1,18})(?![\\d.])").matcher(url);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long value = Long.parseLong(m.group(2));
      long bounded = value == 0 || value > max ? max : value;
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + bounded));
    }
    m.appendTail(out);
    return out.toString();
  }
}
