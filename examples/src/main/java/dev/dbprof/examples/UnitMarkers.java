package dev.dbprof.examples;

/**
 * Where the request shop tells the profiler which request its statements belong to. The capture's
 * unit-marker API is not there yet, so this runs the work unmarked; it is the one place to wire it
 * (a begin/end marker around {@code work}, named after the request).
 */
final class UnitMarkers {

  private UnitMarkers() {
  }

  static void unit(String name, Runnable work) {
    work.run();
  }
}
