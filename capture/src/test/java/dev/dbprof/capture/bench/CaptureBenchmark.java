package dev.dbprof.capture.bench;

import dev.dbprof.capture.Capture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per statement of a primary-key select on in-memory H2: the driver alone, p6spy's wrappers
 * with an empty listener, dbprof's capture (hashed and no parameters), and p6spy's own file
 * logging (FileLogger + SingleLineFormat). Run with {@code capture/bench.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaptureBenchmark {

  @Param({"raw", "p6spy-noop", "dbprof", "dbprof-none", "p6spy-file"})
  public String mode;

  private Connection connection;
  private PreparedStatement select;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("dbprof-bench");
    connection = BenchSetup.dataSource(mode, BenchSetup.h2(), dir).getConnection();
    select = connection.prepareStatement(BenchSetup.SELECT);
  }

  @Benchmark
  public String primaryKeySelect() throws SQLException {
    int id = next++;
    if (next == BenchSetup.ROWS) {
      next = 0;
    }
    return BenchSetup.select(select, id);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    select.close();
    connection.close();
    Capture.closeAll();
  }
}
