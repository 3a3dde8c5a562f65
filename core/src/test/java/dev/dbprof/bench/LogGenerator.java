package dev.dbprof.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the same generated workload in every input format dbprof reads; see {@link Workload}.
 * Deterministic: the same seed and count give byte-identical files, whatever formats are asked
 * for. Run through {@code bench/generate.sh}.
 *
 * <pre>LogGenerator --statements 1000000 --seed 42 --out DIR [--formats dbprof,p6spy,...]</pre>
 */
public final class LogGenerator {

  private LogGenerator() {
  }

  public static void main(String[] args) throws IOException {
    long statements = 1_000_000;
    long seed = 42;
    Path dir = Path.of(".");
    List<String> formats = List.of(LogWriters.FORMATS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--statements" -> statements = Long.parseLong(args[++i].replace("_", ""));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--out" -> dir = Path.of(args[++i]);
        case "--formats" -> formats = Arrays.asList(args[++i].split(","));
        default -> {
          System.err.println("usage: LogGenerator --statements N --seed S --out DIR [--formats "
              + String.join(",", LogWriters.FORMATS) + "]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(dir);
    long start = System.nanoTime();
    generate(statements, seed, dir, formats);
    System.err.printf("generated %,d statements in %s into %s (%.1f s)%n", statements, formats, dir,
        (System.nanoTime() - start) / 1e9);
  }

  /** Every format the generator writes, by dbprof's format id. */
  public static List<String> formats() {
    return List.of(LogWriters.FORMATS);
  }

  /** Writes {@code statements} statements in each format into {@code dir}; returns the files. */
  public static List<Path> generate(long statements, long seed, Path dir, List<String> formats) throws IOException {
    List<LogWriters.LogWriter> writers = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try {
      for (String format : formats) {
        Path file = dir.resolve(LogWriters.fileName(format));
        files.add(file);
        writers.add(LogWriters.create(format, new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)));
      }
      new Workload(seed, s -> {
        try {
          for (LogWriters.LogWriter w : writers) {
            w.write(s);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).run(statements);
    } finally {
      for (LogWriters.LogWriter w : writers) {
        w.close();
      }
    }
    return files;
  }
}
