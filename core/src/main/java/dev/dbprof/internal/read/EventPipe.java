package dev.dbprof.internal.read;

import dev.dbprof.model.Event;
import dev.dbprof.internal.sql.Fingerprinter;
import dev.dbprof.internal.sql.NormalizedSql;
import dev.dbprof.internal.sql.SqlDialect;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Carries events from a reading thread to the thread that called {@link Readers#read}, in batches
 * and in order, so that reading and parsing use one core and the sink (the analyzer) the other.
 * The sink sees exactly the events, in exactly the order, that a one-thread read gives it.
 *
 * <p>When the sink is the slower side (two or more batches wait for it), the reading thread also
 * fingerprints the batch it is about to hand over and the results travel with it
 * (to the {@link EventSink}). Memory stays bounded: a few batches, each cut at a count of events or
 * of characters.
 */
final class EventPipe {

  private static final int BATCH_EVENTS = 256;
  private static final int BATCH_CHARS = 1 << 20;
  private static final int BATCHES = 8;
  private static final Batch END = new Batch();

  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
  private final Fingerprinter fingerprinter = new Fingerprinter();
  private Batch filling = new Batch();
  private volatile boolean cancelled;
  private final boolean alwaysPrenormalize;
  private volatile Throwable failure;
  private volatile boolean abandoned;
  /** The input's, as the analyzer uses it: a result handed over must be the one it would compute. */
  private final SqlDialect dialect;

  EventPipe(boolean alwaysPrenormalize, SqlDialect dialect) {
    this.alwaysPrenormalize = alwaysPrenormalize;
    this.dialect = dialect;
  }

  /** Reading side: adds one event. */
  void add(Event event) {
    filling.add(event);
    if (filling.size == BATCH_EVENTS || filling.chars >= BATCH_CHARS) {
      hand(filling);
      filling = new Batch();
    }
  }

  /** Reading side: the input has ended, normally or with {@code error} (null when normally). */
  void end(Throwable error) {
    failure = error;
    if (filling.size > 0) {
      hand(filling); // also after a failure: the sink gets what was read before it, as in one thread
    }
    filling = null;
    put(END);
  }

  /**
   * Reading side: the reading thread could not even end the pipe (e.g. out of memory while
   * handing over); the sink stops waiting and gets {@code error}.
   */
  void abandon(Throwable error) {
    failure = error;
    abandoned = true;
  }

  /** Sink side: hands every event to {@code sink} until the end; returns the reading side's failure. */
  Throwable drain(EventSink sink) throws InterruptedException {
    try {
      while (true) {
        Batch batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch == null) {
          if (abandoned && queue.isEmpty()) {
            return failure;
          }
          continue;
        }
        if (batch == END) {
          return failure;
        }
        for (int i = 0; i < batch.size; i++) {
          Event event = batch.events[i];
          sink.accept(event, batch.normalized == null ? null : batch.normalized[i]);
        }
      }
    } catch (RuntimeException | Error | InterruptedException e) {
      cancelled = true;
      queue.clear();
      throw e;
    }
  }

  private void hand(Batch batch) {
    if (alwaysPrenormalize || queue.remainingCapacity() <= BATCHES - 2) {
      // The sink is behind: do part of its work here while it catches up.
      batch.normalized = new NormalizedSql[batch.size];
      for (int i = 0; i < batch.size; i++) {
        Event event = batch.events[i];
        if (event.isExecution() && event.sql() != null && !event.sql().isBlank()) {
          batch.normalized[i] = fingerprinter.normalize(event.sql(), dialect);
        }
      }
    }
    put(batch);
  }

  private void put(Batch batch) {
    try {
      while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          throw new CancellationException("the analysis stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
    if (cancelled) {
      throw new CancellationException("the analysis stopped");
    }
  }

  private static final class Batch {
    final Event[] events = new Event[BATCH_EVENTS];
    NormalizedSql[] normalized;
    int size;
    long chars;

    void add(Event event) {
      events[size++] = event;
      if (event.sql() != null) {
        chars += event.sql().length();
      }
    }
  }
}
