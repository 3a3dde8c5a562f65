package dev.dbprof.bench;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.model.InputSummary;
import dev.dbprof.internal.read.Readers;
import dev.dbprof.internal.sql.Fingerprinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Statements per second through each reader on a generated log of {@value #STATEMENTS}
 * statements (warm page cache), one thread unless {@code threads=2}: {@code read} is the reader
 * alone (events to a black hole), {@code readAndFingerprint} adds the fingerprint of each
 * statement, {@code analyze} is the whole analysis without rendering. Run with
 * {@code core/bench.sh ReaderBench} (e.g. {@code -p format=pg-stderr}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class ReaderBench {

  static final int STATEMENTS = 200_000;

  @Param({"dbprof", "p6spy", "pg-stderr", "pg-csvlog", "pg-jsonlog", "mysql-slow", "mysql-general"})
  public String format;

  /** 1: read and analyze on one thread; 2: the reader on a thread of its own (the default on 2 cores). */
  @Param({"1"})
  public String threads;

  private Path dir;
  private String file;
  private final Fingerprinter fingerprinter = new Fingerprinter();

  @Setup(Level.Trial)
  public void generate() throws IOException {
    System.setProperty(Readers.THREADS_PROPERTY, threads);
    dir = Files.createTempDirectory("dbprof-readerbench");
    file = LogGenerator.generate(STATEMENTS, 42, dir, List.of(format)).get(0).toString();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(Path.of(file));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @OperationsPerInvocation(STATEMENTS)
  public InputSummary read(Blackhole hole) {
    return Readers.read(file, null, hole::consume);
  }

  @Benchmark
  @OperationsPerInvocation(STATEMENTS)
  public InputSummary readAndFingerprint(Blackhole hole) {
    return Readers.read(file, null, e -> {
      if (e.sql() != null) {
        hole.consume(fingerprinter.normalize(e.sql()));
      }
    });
  }

  @Benchmark
  @OperationsPerInvocation(STATEMENTS)
  public Object analyze() {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("bench"));
    int index = analyzer.addInput();
    InputSummary summary = Readers.read(file, null, e -> analyzer.accept(index, e), f -> analyzer.inputFormat(index, f));
    return analyzer.finish(List.of(summary));
  }
}
