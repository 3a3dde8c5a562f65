package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import dev.dbprof.model.InputSummary;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Not a test: measures read speed on generated inputs (no timing assertions in unit tests).
 * Run: {@code java -cp <test classpath> dev.dbprof.internal.read.ReaderThroughput [lines]}.
 */
public final class ReaderThroughput {

  private ReaderThroughput() {
  }

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("dbprof-throughput");
    Path capture = dir.resolve("capture.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(capture)) {
      out.write("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"tool\":\"dbprof-capture\","
          + "\"version\":\"0.1.0\",\"start\":1732420000123456,\"params\":\"hash\",\"pid\":1}\n");
      for (int i = 0; i < lines; i++) {
        out.write("{\"type\":\"stmt\",\"ts\":" + (1732420000124000L + i) + ",\"conn\":" + (i % 8)
            + ",\"thread\":\"http-nio-8080-exec-" + (i % 8) + "\",\"ns\":183000,"
            + "\"sql\":\"select p.id, p.name, p.owner_id from pets p where p.owner_id = ?\","
            + "\"params\":[\"h:3fa4c0d19b2" + (i % 10) + "\"],\"rows\":3,\"site\":{\"class\":"
            + "\"shop.PetRepository\",\"method\":\"findByOwner\",\"file\":\"PetRepository.java\","
            + "\"line\":31}}\n");
      }
    }
    Path p6spy = dir.resolve("spy.log");
    try (BufferedWriter out = Files.newBufferedWriter(p6spy)) {
      for (int i = 0; i < lines; i++) {
        out.write((1795493952841L + i) + "|0|statement|connection " + (i % 8)
            + "|url jdbc:postgresql://127.0.0.1:5432/shop|select p.id, p.name from pets p where "
            + "p.owner_id = ? and p.name <> ?|select p.id, p.name from pets p where p.owner_id = "
            + i + " and p.name <> 'x|y'\n");
      }
    }
    for (int round = 0; round < 3; round++) {
      measure(capture, lines);
      measure(p6spy, lines);
    }
    Files.delete(capture);
    Files.delete(p6spy);
    Files.delete(dir);
  }

  private static void measure(Path path, int lines) {
    long[] count = new long[1];
    // CPU time of this thread, because other builds share the machine's cores; wall time too.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    InputSummary summary = Readers.read(path.toString(), ReaderOptions.defaults(), e -> count[0]++);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf(Locale.ROOT,
        "%-8s %,d lines (%.0f MB), %,d events: %.2f s CPU (%,.0f lines/s), %.2f s wall%n",
        summary.formatId(), lines, path.toFile().length() / 1e6, count[0], cpu, lines / cpu,
        seconds);
  }
}
