package dev.dbprof.capture;

import java.time.Instant;

/**
 * Epoch microseconds from {@link System#nanoTime()}: one cheap clock read per event, anchored
 * to the wall clock once when the class loads.
 */
final class Clock {

  private static final long BASE_NANOS;
  private static final long BASE_MICROS;

  static {
    Instant now = Instant.now();
    BASE_NANOS = System.nanoTime();
    BASE_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private Clock() {
  }

  static long epochMicros(long nanoTime) {
    return BASE_MICROS + Math.floorDiv(nanoTime - BASE_NANOS, 1_000L);
  }
}
