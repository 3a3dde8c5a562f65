package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The capture's process-wide state: one writer per capture file, flushed and closed at
 * shutdown. {@link #flush()} and {@link #closeAll()} are for tests, demos and applications that
 * want the file complete before they read it.
 */
public final class Capture {

  static final String VERSION = readVersion();

  private static final Map<Path, CaptureWriter> WRITERS = new ConcurrentHashMap<>();
  private static final Map<List<String>, CallSiteFinder> CALL_SITES = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOK = new AtomicBoolean();
  private static final long FLUSH_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);
  private static final long CLOSE_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

  private Capture() {
  }

  /** Blocks until every event recorded before this call is written to its capture file. */
  public static void flush() {
    for (CaptureWriter w : new ArrayList<>(WRITERS.values())) {
      try {
        w.flush(FLUSH_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Writes what is queued and closes every capture file. Connections opened afterwards start
   * new writers (appending to their files); connections still open from before stop recording.
   */
  public static void closeAll() {
    for (Path path : new ArrayList<>(WRITERS.keySet())) {
      CaptureWriter w = WRITERS.remove(path);
      if (w != null) {
        w.close(CLOSE_TIMEOUT_MS);
      }
    }
  }

  /** The writer of a path, started on first use. */
  static CaptureWriter writer(CaptureSettings settings) {
    Path path = settings.out().toAbsolutePath().normalize();
    CaptureWriter w = WRITERS.get(path);
    if (w == null || w.isClosed()) {
      installShutdownHook();
      w = WRITERS.compute(path, (p, old) -> old == null || old.isClosed()
          ? CaptureWriter.start(p, settings.params(), settings.queueSize()) : old);
    }
    return w;
  }

  static CaptureListener listener(CaptureSettings settings, String url, boolean checkout) {
    CallSiteFinder sites = CALL_SITES.computeIfAbsent(settings.appPackages(), CallSiteFinder::new);
    return new CaptureListener(writer(settings), sites, url, checkout);
  }

  /**
   * Wraps a freshly opened connection, or a pool's checkout when {@code checkout}. Never fails the
   * application: if the capture cannot be set up, the driver's own connection is returned.
   */
  static Connection wrap(Connection raw, CaptureSettings settings, ConnectionInformation info, String url,
      boolean checkout) {
    if (raw == null) {
      return null;
    }
    CaptureListener listener;
    try {
      listener = listener(settings, url, checkout);
    } catch (Throwable t) {
      return raw;
    }
    return LargeUpdateWrappers.wrap(raw, listener, info);
  }

  private static void installShutdownHook() {
    if (HOOK.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(Capture::closeAll, "dbprof-capture-shutdown"));
      } catch (IllegalStateException | SecurityException e) {
        // already shutting down, or not allowed: daemon writers still flush on closeAll()
      }
    }
  }

  private static String readVersion() {
    try (InputStream in = Capture.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (Exception e) {
      // fall through
    }
    return "unknown";
  }
}
