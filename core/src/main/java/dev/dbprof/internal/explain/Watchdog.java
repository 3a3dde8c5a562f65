package dev.dbprof.internal.explain;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds the time the advisor works by its budget: connecting, preparing the session and every
 * {@link IndexAdvisor#advise} call count, the time in between (while the analysis reads its
 * inputs) does not. A read that waits on a frozen network ignores every statement timeout, so
 * when the budget runs out during work the connection is aborted: its socket closes and the
 * blocked call returns with an error.
 */
final class Watchdog implements AutoCloseable {

  private final Duration budget;
  /** Work time before the current stretch; guarded by {@code this}. */
  private long spentNanos;
  /** When the current stretch of work began, or -1 while idle; guarded by {@code this}. */
  private long workingSince = -1;
  private volatile boolean fired;
  private volatile boolean closed;
  private Thread timer;

  /** Starts counting at once: connecting is work. */
  Watchdog(Duration budget) {
    this.budget = budget;
    working();
  }

  /** The work that follows counts against the budget. */
  synchronized void working() {
    if (workingSince < 0) {
      workingSince = System.nanoTime();
      notifyAll();
    }
  }

  /** Nothing runs on the connection until the next {@link #working}. */
  synchronized void idle() {
    if (workingSince >= 0) {
      spentNanos += System.nanoTime() - workingSince;
      workingSince = -1;
      notifyAll();
    }
  }

  /** When the budget runs out if the work goes on without a break. */
  synchronized long deadlineNanos() {
    long from = workingSince >= 0 ? workingSince : System.nanoTime();
    return from + budget.toNanos() - spentNanos;
  }

  Duration budget() {
    return budget;
  }

  /** Whether the budget ran out and the connection was aborted. */
  boolean fired() {
    return fired;
  }

  /**
   * Opens the connection on a helper thread and waits for it until the deadline; a connection
   * that arrives later is closed at once.
   *
   * @throws TimeoutException when the budget ran out first
   */
  Connection connect(Callable<Connection> opener) throws SQLException, TimeoutException {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    daemon("dbprof-advisor-connect", () -> {
      try {
        Connection connection = opener.call();
        if (!result.complete(connection)) {
          closeQuietly(connection); // the budget ran out while it was being opened
        }
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
      }
    }).start();
    try {
      return result.get(Math.max(0, deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      fired = true;
      if (!result.completeExceptionally(e) && !result.isCompletedExceptionally()) {
        closeQuietly(result.join()); // it arrived just as the budget ran out
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fired = true;
      throw new SQLException("interrupted while connecting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SQLException(cause == null ? "no details" : cause.getMessage(), cause);
    }
  }

  /** From now until {@link #close}, the connection is aborted when the budget runs out during work. */
  synchronized void guard(Connection connection) {
    timer = daemon("dbprof-advisor-watchdog", () -> {
      synchronized (this) {
        try {
          while (!closed) {
            if (workingSince < 0) {
              wait();
              continue;
            }
            long left = deadlineNanos() - System.nanoTime();
            if (left <= 0) {
              fired = true;
              abort(connection);
              return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          // closed
        }
      }
    });
    timer.start();
  }

  private static void abort(Connection connection) {
    // some drivers try to cancel politely first over a new connection, which a frozen network
    // also blocks: abort from a thread of its own so that nothing waits on it
    Executor own = task -> daemon("dbprof-advisor-abort", task).start();
    own.execute(() -> {
      try {
        connection.abort(own);
      } catch (SQLException | RuntimeException ignored) {
        // already closed
      }
    });
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException | RuntimeException ignored) {
        // nothing left to release
      }
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
