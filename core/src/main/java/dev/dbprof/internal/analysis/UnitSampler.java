package dev.dbprof.internal.analysis;

import dev.dbprof.model.Execution;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.model.UnitSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * Keeps the busiest units of work (most round trips, then most time, then first seen) for the
 * report's timeline. Memory is bounded: {@link UnitSample#MAX_UNITS} units of at most
 * {@link UnitSample#MAX_STEPS} steps, whatever the workload.
 */
final class UnitSampler {

  private record Kept(long ordinal, int input, UnitSample sample) {}

  /** Worst first: the heap's head is the least busy kept unit, the next to go. */
  private static final Comparator<Kept> BUSIEST = Comparator
      .comparingLong((Kept k) -> k.sample().roundTrips())
      .thenComparingDouble(k -> k.sample().totalMs())
      .thenComparing(Comparator.comparingLong(Kept::ordinal).reversed());

  private final PriorityQueue<Kept> kept = new PriorityQueue<>(BUSIEST);
  private long ordinal;

  void offer(UnitOfWork unit) {
    long seen = ordinal++;
    List<Execution> executions = unit.executions();
    long nanos = 0;
    for (Execution e : executions) {
      if (e.timed()) {
        nanos += e.elapsedNanos();
      }
    }
    if (kept.size() == UnitSample.MAX_UNITS) {
      Kept least = kept.peek();
      long trips = least.sample().roundTrips();
      if (executions.size() < trips || executions.size() == trips && nanos / 1e6 <= least.sample().totalMs()) {
        return;
      }
      kept.poll();
    }
    long start = unit.startMicros();
    List<UnitSample.Step> steps = new ArrayList<>();
    for (Execution e : executions.subList(0, Math.min(executions.size(), UnitSample.MAX_STEPS))) {
      steps.add(new UnitSample.Step(e.shape().queryId(), start >= 0 && e.startMicros() >= 0 ? e.startMicros() - start : -1,
          e.timed() ? e.elapsedNanos() / 1e6 : -1, e.batchSize()));
    }
    kept.add(new Kept(seen, unit.input(), new UnitSample("", unit.session(), start, executions.size(), nanos / 1e6,
        unit.end().name().toLowerCase(Locale.ROOT).replace('_', '-'), steps, unit.name(),
        unit.boundary().name().toLowerCase(Locale.ROOT))));
  }

  /** The kept units, busiest first, with their input paths filled in. */
  List<UnitSample> busiest(List<InputSummary> inputs) {
    List<Kept> sorted = new ArrayList<>(kept);
    sorted.sort(BUSIEST.reversed());
    List<UnitSample> samples = new ArrayList<>();
    for (Kept k : sorted) {
      UnitSample s = k.sample();
      String path = k.input() >= 0 && k.input() < inputs.size() ? inputs.get(k.input()).path() : "";
      samples.add(new UnitSample(path, s.session(), s.startMicros(), s.roundTrips(), s.totalMs(), s.end(), s.steps(),
          s.name(), s.boundary()));
    }
    return samples;
  }
}
