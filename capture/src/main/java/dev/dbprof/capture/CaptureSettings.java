package dev.dbprof.capture;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the capture writes and where. {@link #fromEnvironment()} reads the {@code dbprof.*} system
 * properties and {@code DBPROF_*} environment variables (the property wins); the {@code with…}
 * methods derive explicit settings, e.g. for {@link DbprofDataSource#wrap(javax.sql.DataSource,
 * CaptureSettings)}.
 *
 * @param out         capture file; one writer per absolute path in the process
 * @param params      how parameter values are recorded
 * @param appPackages package prefixes of application classes, for call sites; empty = guess
 * @param queueSize   events held in memory before new ones are dropped and counted
 */
public record CaptureSettings(Path out, ParamMode params, List<String> appPackages, int queueSize) {

  /** Parameter values in the capture file. */
  public enum ParamMode {
    /** Each value as text. */
    RAW,
    /** A salted SHA-256 per value: equal values compare equal, values cannot be read. */
    HASH,
    /** No values at all. */
    NONE
  }

  public static final String DEFAULT_OUT = "dbprof-capture.jsonl";
  public static final int DEFAULT_QUEUE_SIZE = 65_536;

  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  public CaptureSettings {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(params, "params");
    appPackages = List.copyOf(appPackages);
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be positive: " + queueSize);
    }
  }

  /** The defaults: {@code dbprof-capture.jsonl}, hashed parameters, guessed application frames. */
  public static CaptureSettings defaults() {
    return new CaptureSettings(Path.of(DEFAULT_OUT), ParamMode.HASH, List.of(), DEFAULT_QUEUE_SIZE);
  }

  /**
   * Settings from system properties and environment variables, read now. Never throws: a bad
   * value falls back to its default with one warning on stderr.
   */
  public static CaptureSettings fromEnvironment() {
    CaptureSettings d = defaults();
    String out = setting("dbprof.out", "DBPROF_OUT");
    String params = setting("dbprof.params", "DBPROF_PARAMS");
    String packages = setting("dbprof.appPackages", "DBPROF_APP_PACKAGES");
    String queue = setting("dbprof.queueSize", "DBPROF_QUEUE_SIZE");
    return new CaptureSettings(
        out == null ? d.out() : parsePath(out, d.out()),
        params == null ? d.params() : parseParams(params, d.params()),
        packages == null ? d.appPackages() : parsePackages(packages),
        queue == null ? d.queueSize() : parseQueue(queue, d.queueSize()));
  }

  public CaptureSettings withOut(Path newOut) {
    return new CaptureSettings(newOut, params, appPackages, queueSize);
  }

  public CaptureSettings withParams(ParamMode newParams) {
    return new CaptureSettings(out, newParams, appPackages, queueSize);
  }

  public CaptureSettings withAppPackages(String... prefixes) {
    return new CaptureSettings(out, params, List.of(prefixes), queueSize);
  }

  public CaptureSettings withQueueSize(int newQueueSize) {
    return new CaptureSettings(out, params, appPackages, newQueueSize);
  }

  private static String setting(String property, String variable) {
    try {
      String value = System.getProperty(property);
      if (value == null) {
        value = System.getenv(variable);
      }
      return value == null || value.isBlank() ? null : value.trim();
    } catch (SecurityException e) {
      return null;
    }
  }

  private static Path parsePath(String value, Path fallback) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      warnOnce("dbprof.out", value, fallback.toString());
      return fallback;
    }
  }

  private static ParamMode parseParams(String value, ParamMode fallback) {
    try {
      return ParamMode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      warnOnce("dbprof.params", value, fallback.name().toLowerCase(Locale.ROOT));
      return fallback;
    }
  }

  private static List<String> parsePackages(String value) {
    List<String> prefixes = new ArrayList<>();
    for (String part : value.split(",")) {
      String prefix = part.trim();
      if (!prefix.isEmpty()) {
        prefixes.add(prefix);
      }
    }
    return prefixes;
  }

  private static int parseQueue(String value, int fallback) {
    try {
      int size = Integer.parseInt(value);
      if (size > 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // falls through to the warning
    }
    warnOnce("dbprof.queueSize", value, Integer.toString(fallback));
    return fallback;
  }

  private static void warnOnce(String name, String value, String fallback) {
    if (WARNED.add(name + '=' + value)) {
      System.err.println("dbprof: ignoring " + name + "=" + value + ", using " + fallback);
    }
  }
}
