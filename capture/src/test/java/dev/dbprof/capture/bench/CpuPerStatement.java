package dev.dbprof.capture.bench;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.Units;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Locale;

/**
 * CPU time of the application thread per statement, per mode. On a busy shared machine wall
 * time (what JMH measures) mostly shows the scheduler; the application thread's own CPU time
 * shows what the capture costs it. The writer thread's work is not included (it runs beside).
 * Usage: {@code CpuPerStatement [statementsPerRound] [rounds] [mode…]}. Mode {@code dbprof-unit} runs
 * every round in one unit of work ({@link Units}), {@code dbprof-traced} under a current OpenTelemetry
 * span; {@code bench.sh} leaves the OpenTelemetry API off the class path but for
 * {@code dbprof-otel} (on the class path, no span) and {@code dbprof-traced}. Modes {@code raw-deep} and
 * {@code dbprof-deep} issue every statement {@value FrameworkFrames#DEPTH} frames below the loop, as an
 * application does through Spring Data and Hibernate, so the call-site walk has as far to go.
 */
public final class CpuPerStatement {

  private CpuPerStatement() {
  }

  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    String[] modes = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length)
        : new String[] {"raw", "p6spy-noop", "dbprof", "dbprof-none", "p6spy-file"};
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String mode : modes) {
      Path dir = Files.createTempDirectory("dbprof-cpu");
      double best = Double.MAX_VALUE;
      try (AutoCloseable context = context(mode);
          Connection c = BenchSetup.dataSource(mode, BenchSetup.h2(), dir).getConnection();
          PreparedStatement ps = c.prepareStatement(BenchSetup.SELECT)) {
        for (int round = 0; round < rounds; round++) {
          long cpu = mx.getCurrentThreadCpuTime();
          boolean deep = mode.endsWith("-deep");
          for (int i = 0; i < perRound; i++) {
            if (deep) {
              FrameworkFrames.select(FrameworkFrames.DEPTH, ps, i % BenchSetup.ROWS);
            } else {
              BenchSetup.select(ps, i % BenchSetup.ROWS);
            }
          }
          double ns = (mx.getCurrentThreadCpuTime() - cpu) / (double) perRound;
          if (round >= rounds / 2) { // the first half warms up
            best = Math.min(best, ns);
          }
        }
      }
      Capture.closeAll();
      System.out.printf(Locale.ROOT, "%-12s %7.0f ns CPU per statement (best of last %d rounds)%n",
          mode, best, rounds - rounds / 2);
    }
  }

  /** The unit or span the mode's statements run in, or nothing. */
  private static AutoCloseable context(String mode) {
    return switch (mode) {
      case "dbprof-unit" -> Units.begin("benchmark");
      case "dbprof-traced" -> Traced.span();
      default -> () -> { };
    };
  }

  /** Its own class: the others never load the OpenTelemetry API. */
  private static final class Traced {
    static AutoCloseable span() {
      return io.opentelemetry.api.trace.Span.wrap(io.opentelemetry.api.trace.SpanContext.create(
          "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", io.opentelemetry.api.trace.TraceFlags.getSampled(),
          io.opentelemetry.api.trace.TraceState.getDefault())).makeCurrent();
    }
  }
}
