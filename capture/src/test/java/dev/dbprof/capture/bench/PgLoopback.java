package dev.dbprof.capture.bench;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.Databases;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the capture adds to a primary-key SELECT on PostgreSQL over TCP on localhost (embedded
 * PostgreSQL 17): wall time per statement, every mode in every round, the order rotating, so
 * that drift in the machine's load spreads over all modes; the median round per mode is kept.
 * Usage: {@code PgLoopback [statementsPerRound] [rounds] [mode…]}.
 */
public final class PgLoopback {

  private PgLoopback() {
  }

  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    String[] modes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
        : new String[] {"raw", "p6spy-noop", "dbprof", "dbprof-none", "p6spy-file"};
    DataSource postgres = BenchSetup.postgres(Databases.newPostgresDatabase());
    Path dir = Files.createTempDirectory("dbprof-pg-bench");
    Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    List<Connection> connections = new ArrayList<>();
    for (String mode : modes) {
      Path own = Files.createDirectories(dir.resolve(mode));
      Connection c = BenchSetup.dataSource(mode, postgres, own).getConnection();
      connections.add(c);
      statements.put(mode, c.prepareStatement(BenchSetup.SELECT));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < modes.length; k++) {
        String mode = modes[(k + round) % modes.length];
        PreparedStatement ps = statements.get(mode);
        long wall = System.nanoTime();
        long cpu = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          BenchSetup.select(ps, i % BenchSetup.ROWS);
        }
        double wallNs = (System.nanoTime() - wall) / (double) perRound;
        double cpuNs = (mx.getCurrentThreadCpuTime() - cpu) / (double) perRound;
        if (round > 0) { // the first round warms every mode up
          samples.computeIfAbsent(mode, m -> new ArrayList<>()).add(new double[] {wallNs, cpuNs});
        }
      }
    }
    for (Connection c : connections) {
      c.close();
    }
    Capture.closeAll();
    double rawWall = median(samples.get(modes[0]), 0);
    System.out.printf(Locale.ROOT, "PostgreSQL over loopback, %,d statements per round, median of %d rounds%n",
        perRound, rounds - 1);
    for (String mode : modes) {
      double wallNs = median(samples.get(mode), 0);
      System.out.printf(Locale.ROOT, "%-12s %8.1f µs wall per statement (%+5.1f %% vs %s)  %6.1f µs app-thread CPU%n",
          mode, wallNs / 1000, (wallNs / rawWall - 1) * 100, modes[0], median(samples.get(mode), 1) / 1000);
    }
  }

  private static double median(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }
}
