package dev.dbprof.capture;

import static dev.dbprof.capture.CaptureFormat.BATCH;
import static dev.dbprof.capture.CaptureFormat.CONN;
import static dev.dbprof.capture.CaptureFormat.COUNT;
import static dev.dbprof.capture.CaptureFormat.DB;
import static dev.dbprof.capture.CaptureFormat.DROPPED;
import static dev.dbprof.capture.CaptureFormat.FORMAT;
import static dev.dbprof.capture.CaptureFormat.HEADER;
import static dev.dbprof.capture.CaptureFormat.ID;
import static dev.dbprof.capture.CaptureFormat.NS;
import static dev.dbprof.capture.CaptureFormat.PARAMS;
import static dev.dbprof.capture.CaptureFormat.PARAM_MODE;
import static dev.dbprof.capture.CaptureFormat.PHASE;
import static dev.dbprof.capture.CaptureFormat.PID;
import static dev.dbprof.capture.CaptureFormat.ROWS;
import static dev.dbprof.capture.CaptureFormat.SITE;
import static dev.dbprof.capture.CaptureFormat.SIZE;
import static dev.dbprof.capture.CaptureFormat.SQL;
import static dev.dbprof.capture.CaptureFormat.SQLS;
import static dev.dbprof.capture.CaptureFormat.START;
import static dev.dbprof.capture.CaptureFormat.STARTUP;
import static dev.dbprof.capture.CaptureFormat.STATE;
import static dev.dbprof.capture.CaptureFormat.STATEMENT;
import static dev.dbprof.capture.CaptureFormat.THREAD;
import static dev.dbprof.capture.CaptureFormat.TOOL;
import static dev.dbprof.capture.CaptureFormat.TOOL_NAME;
import static dev.dbprof.capture.CaptureFormat.TOOL_VERSION;
import static dev.dbprof.capture.CaptureFormat.TRACE;
import static dev.dbprof.capture.CaptureFormat.TS;
import static dev.dbprof.capture.CaptureFormat.TYPE;
import static dev.dbprof.capture.CaptureFormat.UNIT;
import static dev.dbprof.capture.CaptureFormat.UNIT_ID;
import static dev.dbprof.capture.CaptureFormat.UNIT_NAME;
import static dev.dbprof.capture.CaptureFormat.URL;
import static dev.dbprof.capture.CaptureFormat.VERSION;

import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One capture file and its daemon writer thread. Application threads only {@link #offer}: a
 * lock-free linked queue (each event is its own node) bounded by a counter, so they never block
 * and never throw. When the queue is full, or the file cannot be written, events are dropped and
 * counted; the count goes into a {@code dropped} line as soon as a write succeeds.
 *
 * <p>The file is opened and written on the writer thread only. A file that blocks (a FIFO nobody
 * reads, a stalled network disk) blocks that thread alone: {@link #flush} and {@link #close}
 * stop waiting once the writer has made no progress for {@value #STALL_MS} ms, and {@code close}
 * then reports on stderr how many events never reached the file.
 */
final class CaptureWriter {

  private static final long FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
  private static final long BUSY_PARK_NS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int BUFFER_CHARS = 64 * 1024;
  /** How long a flush or close waits for a writer that makes no progress at all. */
  static final long STALL_MS = 1000;
  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(PendingEvent.class, "next", PendingEvent.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Path path;
  final ParamMode params;
  private final int capacity;
  private final int wakeAt;

  // Producer side.
  private final AtomicReference<PendingEvent> tail;
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAdder queueDrops = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private volatile boolean sleeping;
  private volatile boolean closing;
  private volatile boolean closed;
  private volatile String db;
  private volatile String url;
  private volatile boolean described;

  // Writer thread only.
  private PendingEvent head;
  private final Thread thread;
  private final Params.Hasher hasher;
  private final StringBuilder buf = new StringBuilder(BUFFER_CHARS + 4096);
  private int eventsInBuf;
  private FileChannel channel;
  private Object fileKey;
  private long nextOpenAttempt;
  private long lastWrite = System.nanoTime();
  private long lastCheck = System.nanoTime();
  private long writtenSinceCheck;
  private long carriedDrops;
  private boolean everWritten;
  private String lastError;

  /** Encoded JSON of recurring strings (SQL texts, thread names) and parameter hashes. */
  private final java.util.HashMap<String, String> jsonCache = new java.util.HashMap<>();
  private final java.util.HashMap<String, String> hashCache = new java.util.HashMap<>();
  private static final int CACHE_LIMIT = 4096;

  // Read by tests and the shutdown report after the writer stopped.
  private volatile long droppedTotal;
  private volatile long writtenTotal;
  /** Bumped by the writer thread whenever it gets anything done (an open tried, bytes written). */
  private volatile long progress;

  private CaptureWriter(Path path, ParamMode params, int capacity) {
    this.path = path;
    this.params = params;
    this.capacity = capacity;
    this.wakeAt = Math.max(1, Math.min(capacity / 4, 8192));
    PendingEvent stub = new PendingEvent.FlushMarker();
    this.head = stub;
    this.tail = new AtomicReference<>(stub);
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    this.hasher = new Params.Hasher(salt);
    this.thread = new Thread(this::run, "dbprof-capture-writer");
    this.thread.setDaemon(true);
  }

  static CaptureWriter start(Path path, ParamMode params, int capacity) {
    CaptureWriter w = new CaptureWriter(path, params, capacity);
    w.thread.start();
    return w;
  }

  // ---- application threads ----

  /** Enqueues or counts a drop. Never blocks, never throws. */
  void offer(PendingEvent e) {
    if (closed || pending.get() >= capacity) {
      queueDrops.increment();
      return;
    }
    int n = pending.incrementAndGet();
    accepted.increment();
    link(e);
    if (n >= wakeAt && sleeping) {
      LockSupport.unpark(thread);
    }
  }

  /** Counts an event that could not even be built (a failure inside the listener). */
  void lost() {
    queueDrops.increment();
  }

  private void link(PendingEvent e) {
    PendingEvent prev = tail.getAndSet(e);
    NEXT.setRelease(prev, e);
  }

  boolean needsDescription() {
    return !described;
  }

  /** Header facts from the first connection; later calls are ignored. */
  synchronized void describe(String database, String redactedUrl) {
    if (!described) {
      db = database;
      url = redactedUrl;
      described = true;
    }
  }

  /**
   * Blocks until everything offered before this call is written (or dropped and counted), for at
   * most {@code timeoutMillis}, and no longer than {@value #STALL_MS} ms of a writer without progress.
   */
  boolean flush(long timeoutMillis) throws InterruptedException {
    if (closed || !thread.isAlive()) {
      return false;
    }
    PendingEvent.FlushMarker marker = new PendingEvent.FlushMarker();
    link(marker);
    LockSupport.unpark(thread);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    long seen = progress;
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (marker.written.await(Math.max(0, Math.min(left, STALL_MS)), TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (left <= STALL_MS || progress == seen) {
        return false;
      }
      seen = progress;
    }
  }

  /**
   * Writes what is queued, closes the file and reports on stderr if it could not be written. Waits
   * at most {@code timeoutMillis}, and no longer than {@value #STALL_MS} ms of a writer without
   * progress (blocked opening or writing the file): then it says on stderr what was lost.
   */
  void close(long timeoutMillis) {
    closing = true;
    LockSupport.unpark(thread);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    long seen = progress;
    try {
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        thread.join(Math.max(1, Math.min(left, STALL_MS)));
        if (!thread.isAlive()) {
          return;
        }
        if (progress == seen) {
          break;
        }
        if (left <= STALL_MS) {
          return; // still writing when the time ran out: the daemon writer goes on while it can
        }
        seen = progress;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // The writer is stuck inside a system call; nothing it holds can be written any more.
    long lost = accepted.sum() + queueDrops.sum() - writtenTotal;
    droppedTotal = lost;
    System.err.println("dbprof: capture file " + path + " blocked every write for " + STALL_MS
        + " ms (a FIFO nobody reads, or a stalled disk); " + lost + " events dropped");
  }

  boolean isClosed() {
    return closing;
  }

  long droppedTotal() {
    return droppedTotal;
  }

  long writtenTotal() {
    return writtenTotal;
  }

  // ---- writer thread ----

  private void run() {
    long park = BUSY_PARK_NS;
    while (true) {
      try {
        boolean stopping = closing;
        int drained = drain();
        long now = System.nanoTime();
        if (buf.length() >= BUFFER_CHARS
            || (now - lastWrite >= FLUSH_INTERVAL_NS && hasSomethingToWrite())) {
          writeOut(now);
        }
        if (channel != null && now - lastCheck >= CHECK_INTERVAL_NS) {
          checkFileStillThere(now);
        }
        if (stopping && tail.get() == head) {
          finish();
          return;
        }
        if (drained == 0) {
          sleeping = true;
          if (tail.get() == head && !closing) {
            LockSupport.parkNanos(this, park);
          }
          sleeping = false;
          park = Math.min(park * 2, IDLE_PARK_NS);
        } else {
          park = BUSY_PARK_NS;
        }
      } catch (Throwable t) {
        // Never let the writer die; whatever was in the buffer is lost and counted.
        lastError = String.valueOf(t);
        discardBuffer();
        LockSupport.parkNanos(this, BUSY_PARK_NS);
      }
    }
  }

  private boolean hasSomethingToWrite() {
    return buf.length() > 0 || carriedDrops > 0 || queueDrops.sum() > 0;
  }

  /** Encodes queued events into the buffer; returns how many were taken. */
  private int drain() {
    int taken = 0;
    int counted = 0;
    PendingEvent e;
    while ((e = poll()) != null) {
      taken++;
      if (e instanceof PendingEvent.FlushMarker marker) {
        writeOut(System.nanoTime());
        marker.written.countDown();
        continue;
      }
      counted++;
      try {
        encode(e);
        eventsInBuf++;
      } catch (RuntimeException ex) {
        carriedDrops++;
        droppedTotal++;
      }
      if (buf.length() >= BUFFER_CHARS) {
        writeOut(System.nanoTime());
      }
      if (counted == 1024) {
        pending.addAndGet(-counted);
        counted = 0;
      }
    }
    if (counted > 0) {
      pending.addAndGet(-counted);
    }
    return taken;
  }

  private PendingEvent poll() {
    PendingEvent next = (PendingEvent) NEXT.getAcquire(head);
    if (next == null) {
      return null;
    }
    head = next;
    return next;
  }

  private void writeOut(long now) {
    lastWrite = now;
    long queued = queueDrops.sumThenReset();
    droppedTotal += queued;
    long drops = queued + carriedDrops;
    carriedDrops = 0;
    if (drops > 0) {
      buf.append("{\"" + TYPE + "\":\"" + DROPPED + "\",\"" + TS + "\":")
          .append(Clock.epochMicros(now)).append(",\"" + COUNT + "\":").append(drops).append("}\n");
    }
    if (buf.length() == 0) {
      return;
    }
    int events = eventsInBuf;
    try {
      if (!ensureOpen(now)) {
        lose(events, drops);
        return;
      }
      byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
      writeFully(bytes);
      progress++;
      everWritten = true;
      writtenTotal += events;
      writtenSinceCheck += events;
      buf.setLength(0);
      eventsInBuf = 0;
    } catch (IOException | RuntimeException ex) {
      lastError = describe(ex);
      closeChannel();
      lose(events, drops);
    }
  }

  private void lose(int events, long drops) {
    carriedDrops += events + drops;
    droppedTotal += events;
    buf.setLength(0);
    eventsInBuf = 0;
  }

  private void discardBuffer() {
    carriedDrops += eventsInBuf;
    droppedTotal += eventsInBuf;
    buf.setLength(0);
    eventsInBuf = 0;
  }

  private boolean ensureOpen(long now) {
    if (channel != null) {
      return true;
    }
    if (now < nextOpenAttempt) {
      return false;
    }
    nextOpenAttempt = now + CHECK_INTERVAL_NS;
    FileChannel opened = null;
    try {
      progress++;
      Path parent = path.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      progress++;
      channel = opened;
      fileKey = fileKey();
      lastCheck = now;
      writtenSinceCheck = 0;
      writeFully(header().getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException | RuntimeException ex) {
      lastError = describe(ex);
      closeChannel();
      return false;
    }
  }

  /** A deleted or replaced file would swallow every later line: reopen, count what vanished. */
  private void checkFileStillThere(long now) {
    lastCheck = now;
    Object key;
    try {
      key = fileKey();
    } catch (NoSuchFileException e) {
      key = null;
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (key == null || (fileKey != null && !fileKey.equals(key))) {
      lastError = "capture file was deleted or replaced";
      carriedDrops += writtenSinceCheck;
      droppedTotal += writtenSinceCheck;
      writtenTotal -= writtenSinceCheck;
      writtenSinceCheck = 0;
      closeChannel();
      nextOpenAttempt = 0;
    } else {
      writtenSinceCheck = 0;
    }
  }

  private Object fileKey() throws IOException {
    Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    return key == null ? Boolean.TRUE : key;
  }

  private void writeFully(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private void closeChannel() {
    FileChannel c = channel;
    channel = null;
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing more to lose
      }
    }
  }

  private void finish() {
    closed = true;
    nextOpenAttempt = 0;
    writeOut(System.nanoTime());
    closeChannel();
    long dropped = droppedTotal + queueDrops.sum();
    droppedTotal = dropped;
    if (!everWritten && (dropped > 0 || lastError != null)) {
      System.err.println("dbprof: could not write capture file " + path + " ("
          + lastError + "); " + dropped + " events dropped");
    } else if (carriedDrops > 0) {
      System.err.println("dbprof: " + dropped + " events dropped from capture file " + path
          + " (" + lastError + ")");
    }
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  // The field names come from CaptureFormat as constants: "{\"" + TYPE + "\":" is one literal for
  // the compiler, so naming them costs the hot path nothing.

  private String header() {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"" + TYPE + "\":\"" + HEADER + "\",\"" + FORMAT + "\":\"" + VERSION + "\",\""
        + TOOL + "\":\"" + TOOL_NAME + "\",\"" + TOOL_VERSION + "\":");
    Json.string(sb, Capture.VERSION);
    sb.append(",\"" + START + "\":").append(Clock.epochMicros(System.nanoTime()));
    String database = db;
    if (database != null) {
      sb.append(",\"" + DB + "\":");
      Json.string(sb, database);
    }
    String u = url;
    if (u != null) {
      sb.append(",\"" + URL + "\":");
      Json.string(sb, u);
    }
    sb.append(",\"" + PARAM_MODE + "\":\"").append(params.name().toLowerCase(Locale.ROOT))
        .append("\",\"" + PID + "\":").append(ProcessHandle.current().pid()).append("}\n");
    return sb.toString();
  }

  private void encode(PendingEvent e) {
    int mark = buf.length();
    try {
      if (e instanceof PendingEvent.Stmt s) {
        common(STATEMENT, e);
        buf.append(",\"" + NS + "\":").append(s.ns).append(",\"" + SQL + "\":");
        cachedString(s.sql);
        params(s.params);
        rows(s.rows);
        state(s.state);
        site(s.site);
        unitOrTrace(e);
      } else if (e instanceof PendingEvent.Batch b) {
        common(BATCH, e);
        buf.append(",\"" + NS + "\":").append(b.ns).append(",\"" + SQL + "\":");
        cachedString(b.sql);
        if (b.sqls != null && b.sqls.size() > 1) {
          buf.append(",\"" + SQLS + "\":[");
          for (int i = 0; i < b.sqls.size(); i++) {
            if (i > 0) {
              buf.append(',');
            }
            Json.string(buf, b.sqls.get(i));
          }
          buf.append(']');
        }
        buf.append(",\"" + SIZE + "\":").append(b.size);
        rows(b.rows);
        state(b.state);
        site(b.site);
        unitOrTrace(e);
      } else if (e instanceof PendingEvent.Simple s) {
        common(s.type, e);
        buf.append(",\"" + NS + "\":").append(s.ns);
        state(s.state);
        unitOrTrace(e);
      } else if (e instanceof PendingEvent.Unit u) {
        buf.append("{\"" + TYPE + "\":\"" + UNIT + "\",\"" + PHASE + "\":\"").append(u.phase)
            .append("\",\"" + ID + "\":");
        Json.string(buf, u.id);
        if (u.name != null) {
          buf.append(",\"" + UNIT_NAME + "\":");
          Json.string(buf, u.name);
        }
        buf.append(",\"" + TS + "\":").append(u.ts).append(",\"" + THREAD + "\":");
        cachedString(u.thread);
        if (u.ns >= 0) {
          buf.append(",\"" + NS + "\":").append(u.ns);
        }
      }
      buf.append("}\n");
    } catch (RuntimeException ex) {
      buf.setLength(mark);
      throw ex;
    }
  }

  private void common(String type, PendingEvent e) {
    buf.append("{\"" + TYPE + "\":\"").append(type).append("\",\"" + TS + "\":").append(e.ts)
        .append(",\"" + CONN + "\":").append(e.conn).append(",\"" + THREAD + "\":");
    cachedString(e.thread);
  }

  /** Appends a JSON string, reusing the encoding of texts seen before (SQL repeats a lot). */
  private void cachedString(String text) {
    String json = jsonCache.get(text);
    if (json == null) {
      int mark = buf.length();
      Json.string(buf, text);
      if (text.length() <= 4096) {
        if (jsonCache.size() >= CACHE_LIMIT) {
          jsonCache.clear();
        }
        jsonCache.put(text, buf.substring(mark));
      }
      return;
    }
    buf.append(json);
  }

  private String hash(String text) {
    String h = hashCache.get(text);
    if (h == null) {
      h = hasher.hash(text);
      if (text.length() <= 256) {
        if (hashCache.size() >= CACHE_LIMIT) {
          hashCache.clear();
        }
        hashCache.put(text, h);
      }
    }
    return h;
  }

  private void params(Object[] values) {
    if (params == ParamMode.NONE || values == null) {
      if (params != ParamMode.NONE) {
        buf.append(",\"" + PARAMS + "\":[]");
      }
      return;
    }
    buf.append(",\"" + PARAMS + "\":[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        buf.append(',');
      }
      String text = Params.text(values[i]);
      if (text == null) {
        buf.append("null");
      } else if (params == ParamMode.HASH) {
        buf.append('"').append(hash(text)).append('"');
      } else {
        Json.string(buf, text.length() > Params.MAX_RAW_CHARS
            ? text.substring(0, Params.MAX_RAW_CHARS) + "…" : text);
      }
    }
    buf.append(']');
  }

  private void rows(long rows) {
    if (rows >= 0) {
      buf.append(",\"" + ROWS + "\":").append(rows);
    }
  }

  private void state(String state) {
    if (state != null) {
      buf.append(",\"" + STATE + "\":");
      Json.string(buf, state);
    }
  }

  private void site(FrameSite site) {
    if (site != null && site != FrameSite.UNKNOWN) {
      if (site.known()) {
        buf.append(",\"" + SITE + "\":").append(site.json());
      }
      if (site.startup != null) {
        buf.append(",\"" + STARTUP + "\":\"").append(site.startup).append('"'); // a runner name: plain ASCII
      }
    }
  }

  private void unitOrTrace(PendingEvent e) {
    if (e.unit != null) {
      buf.append(",\"" + UNIT_ID + "\":\"").append(e.unit).append('"'); // digits
    } else if (e.trace != null) {
      buf.append(",\"" + TRACE + "\":");
      Json.string(buf, e.trace); // from the tracer: escaped all the same
    }
  }
}
