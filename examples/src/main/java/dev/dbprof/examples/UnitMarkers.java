package dev.dbprof.examples;

import dev.dbprof.capture.Units;

/**
 * Where the request shop tells the profiler which request its statements belong to: a unit
 * begin/end marker around {@code work}, named after the request, as a web filter or a job runner
 * would write it.
 */
final class UnitMarkers {

  private UnitMarkers() {
  }

  static void unit(String name, Runnable work) {
    try (Units.Scope unit = Units.begin(name)) {
      work.run();
    }
  }
}
