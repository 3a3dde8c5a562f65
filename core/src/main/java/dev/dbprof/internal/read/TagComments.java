package dev.dbprof.internal.read;

import dev.dbprof.capture.Redactor;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.UnitTag;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the tag comments that applications put into their SQL, so that a server log knows which
 * request a statement served and where in the code it came from, in any language:
 * <ul>
 *   <li>sqlcommenter ({@code /*controller='orders',route='%2Forders',traceparent='00-…-01'*&#47;}):
 *       {@code key='value'} pairs, comma separated, keys and values url-encoded, a {@code \'} inside a
 *       value;</li>
 *   <li>Rails query-log tags and marginalia ({@code /*application:Shop,controller:orders,action:index*&#47;}):
 *       {@code key:value} pairs, comma separated.</li>
 * </ul>
 * A comment is tags only when all of it follows one of these forms and it names the work: one of
 * {@code controller}, {@code controller_with_namespace}, {@code action}, {@code route}, {@code job}
 * or {@code traceparent}. Comments inside string literals are not read (a value the application
 * put into a statement must not pass for its tags).
 *
 * <p>What a statement gets, when its event has none yet: with a valid {@code traceparent}, a unit
 * tag {@code TRACE} with the trace id; without one, {@code TAG} with the tags as text (it repeats
 * from one request to the next); named by {@code controller#action}, else the route, else the
 * controller, action or job. And a call site: class = the controller (else the job, else the route),
 * method = the action (else the route when the class is the controller, else empty), no file.
 *
 * <p>A tag value is attacker text: a comment longer than {@value #MAX_COMMENT} characters or with
 * more than {@value #MAX_PAIRS} pairs is not read, a value is cut at {@value #MAX_VALUE}
 * characters, a value holding a control character is dropped, and so is a pair whose key names a
 * secret (password, token, …); secrets inside a value ({@code ?token=…}) are masked as the
 * {@link Redactor} masks them. Cheap where there is nothing to read: a statement without
 * {@code /*} costs one {@code indexOf}. One instance per input (it remembers the last
 * {@value #RECENT} comments it read; not thread-safe).
 */
final class TagComments {

  static final int MAX_COMMENT = 2048;
  static final int MAX_PAIRS = 24;
  static final int MAX_VALUE = 200;
  /** Comments looked at per statement; tags are in the first few. */
  private static final int MAX_COMMENTS = 4;

  private static final Set<String> WORK_KEYS =
      Set.of("controller", "controller_with_namespace", "action", "route", "job", "traceparent");
  /** Keys the tag writers use that name no secret: no need to ask the {@link Redactor}. */
  private static final Set<String> KNOWN_KEYS = Set.of("controller", "controller_with_namespace", "action",
      "route", "job", "traceparent", "tracestate", "framework", "db_framework", "db_driver", "application",
      "line", "hostname", "pid", "database", "db_host", "socket", "client_timezone");
  private static final Pattern SQLCOMMENTER_KEY = Pattern.compile("[A-Za-z0-9_.%-]+");
  private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String NO_TRACE = "0".repeat(32);

  /** What one comment gave: the unit and call site, or null for each when the comment gave none. */
  record Tags(UnitTag unit, CallSite callSite) {
  }

  private static final Tags NONE = new Tags(null, null);

  /** Comments seen lately and what they gave: requests on many connections interleave in a log. */
  private final Map<String, Tags> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Tags> eldest) {
      return size() > RECENT;
    }
  };
  private static final int RECENT = 256;

  /** {@code event} with the unit and call site its tag comment gives, where it has none of its own. */
  Event tagged(Event event) {
    String sql = event.sql();
    if (sql == null || event.unit() != null && event.callSite() != null || sql.indexOf("/*") < 0) {
      return event;
    }
    Tags tags = read(sql);
    Event out = event;
    if (out.unit() == null && tags.unit() != null) {
      out = out.withUnit(tags.unit());
    }
    if (out.callSite() == null && tags.callSite() != null) {
      out = out.withCallSite(tags.callSite());
    }
    return out;
  }

  /** The tags of the first tag comment of {@code sql} outside string literals, or {@link #NONE}. */
  Tags read(String sql) {
    int from = 0;
    for (int seen = 0; seen < MAX_COMMENTS; seen++) {
      int open = nextComment(sql, from);
      if (open < 0) {
        return NONE;
      }
      int close = sql.indexOf("*/", open + 2);
      if (close < 0) {
        return NONE;
      }
      if (close - open - 2 <= MAX_COMMENT) {
        Tags tags = ofComment(sql.substring(open + 2, close).strip());
        if (tags != NONE) {
          return tags;
        }
      }
      from = close + 2;
    }
    return NONE;
  }

  private Tags ofComment(String comment) {
    Tags tags = recent.get(comment);
    if (tags == null) {
      Map<String, String> pairs = sqlcommenter(comment);
      if (pairs == null) {
        pairs = railsTags(comment);
      }
      tags = pairs == null ? NONE : of(pairs);
      recent.put(comment, tags);
    }
    return tags;
  }

  /** Where the next {@code /*} outside quotes and line comments starts at or after {@code from}, or -1. */
  static int nextComment(String sql, int from) {
    int n = sql.length();
    for (int i = from; i < n - 1; i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuoted(sql, i, c);
        if (i < 0) {
          return -1;
        }
      } else if (c == '-' && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        if (eol < 0) {
          return -1;
        }
        i = eol;
      } else if (c == '/' && sql.charAt(i + 1) == '*') {
        return i;
      }
    }
    return -1;
  }

  /** The index of the quote closing the one at {@code open}, or -1; doubled quotes and backslashes escape. */
  private static int endOfQuoted(String sql, int open, char quote) {
    for (int i = open + 1; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\' && quote == '\'') {
        i++;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** {@code key='value',…} pairs, decoded, or null when the comment is not in that form. */
  static Map<String, String> sqlcommenter(String comment) {
    Map<String, String> pairs = new TreeMap<>();
    int n = comment.length();
    int i = 0;
    while (true) {
      int eq = comment.indexOf('=', i);
      if (eq < 0) {
        return null;
      }
      String key = comment.substring(i, eq).strip();
      if (!SQLCOMMENTER_KEY.matcher(key).matches()) {
        return null;
      }
      int j = skipSpaces(comment, eq + 1);
      if (j >= n || comment.charAt(j) != '\'') {
        return null;
      }
      StringBuilder value = new StringBuilder();
      boolean closed = false;
      for (j++; j < n; j++) {
        char c = comment.charAt(j);
        if (c == '\\' && j + 1 < n && comment.charAt(j + 1) == '\'') {
          value.append('\'');
          j++;
        } else if (c == '\'') {
          closed = true;
          break;
        } else {
          value.append(c);
        }
      }
      if (!closed || pairs.size() == MAX_PAIRS) {
        return null;
      }
      pairs.put(urlDecoded(key), urlDecoded(value.toString()));
      j = skipSpaces(comment, j + 1);
      if (j == n) {
        return pairs;
      }
      if (comment.charAt(j) != ',') {
        return null;
      }
      i = j + 1;
    }
  }

  /** {@code key:value,…} pairs (Rails query-log tags, marginalia), or null when the comment is not in that form. */
  static Map<String, String> railsTags(String comment) {
    Map<String, String> pairs = new TreeMap<>();
    for (String part : comment.split(",", -1)) {
      int colon = part.indexOf(':');
      if (colon < 0 || pairs.size() == MAX_PAIRS) {
        return null;
      }
      String key = part.substring(0, colon).strip();
      String value = part.substring(colon + 1).strip();
      if (!TAG_KEY.matcher(key).matches() || value.isEmpty()) {
        return null;
      }
      pairs.put(key, value);
    }
    return pairs;
  }

  /** The unit and call site that decoded {@code pairs} give; {@link #NONE} when they do not name the work. */
  static Tags of(Map<String, String> pairs) {
    Map<String, String> kept = new TreeMap<>();
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      String key = pair.getKey();
      String value = pair.getValue();
      if (hasControlCharacter(key) || hasControlCharacter(value) || isSecretKey(key)) {
        continue;
      }
      if (value.indexOf('=') >= 0 || value.indexOf('@') >= 0) { // what the Redactor's patterns need
        value = Redactor.message(value);
      }
      kept.put(key, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value);
    }
    if (kept.keySet().stream().noneMatch(WORK_KEYS::contains)) {
      return NONE;
    }
    String controller = kept.getOrDefault("controller_with_namespace", kept.get("controller"));
    String action = kept.get("action");
    String route = kept.get("route");
    String job = kept.get("job");
    String name = controller != null && action != null ? controller + "#" + action
        : first(route, controller, action, job);
    String trace = traceId(kept.get("traceparent"));
    UnitTag unit = trace != null ? new UnitTag(trace, name, UnitTag.Source.TRACE)
        : new UnitTag(text(kept), name, UnitTag.Source.TAG);
    String className = first(controller, job, route);
    CallSite site = null;
    if (className != null) {
      String method = action != null ? action : className.equals(route) || route == null ? "" : route;
      site = new CallSite(className, method, null, 0);
    } else if (action != null) {
      site = new CallSite("", action, null, 0);
    }
    return new Tags(unit, site);
  }

  /** The trace id of a valid W3C {@code traceparent}, or null. */
  static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var m = TRACEPARENT.matcher(traceparent);
    if (!m.matches() || m.group(1).equals("ff") || m.group(2).equals(NO_TRACE)) {
      return null;
    }
    return m.group(2);
  }

  /** The tags as one text, keys sorted: what a {@code TAG} unit is told apart by. */
  private static String text(Map<String, String> kept) {
    StringBuilder text = new StringBuilder();
    kept.forEach((k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append(':').append(v));
    return text.toString();
  }

  private static boolean isSecretKey(String key) {
    if (KNOWN_KEYS.contains(key)) {
      return false;
    }
    String probe = key + "=x";
    return !Redactor.message(probe).equals(probe);
  }

  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
        return true;
      }
    }
    return false;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /**
   * {@code text} with its {@code %XX} escapes decoded as UTF-8; a malformed escape stays as it is. A
   * doubled {@code %%} is one {@code %}: sqlcommenter doubles it for drivers that format with
   * {@code %}, and some drivers send it doubled.
   */
  static String urlDecoded(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    String s = text.replace("%%", "%");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
      int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
        continue;
      }
      flush(bytes, out);
      out.append(c);
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
