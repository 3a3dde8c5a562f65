package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units of work marked with {@link Units}, and trace ids of OpenTelemetry spans, in the capture file. */
class UnitsTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir
  Path dir;

  private Path out;

  private DataSource dataSource() {
    out = dir.resolve("units.jsonl");
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:units_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out));
  }

  private static void run(DataSource ds, String... sqls) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String sql : sqls) {
        st.execute(sql);
      }
    }
  }

  private CaptureFile file() throws Exception {
    Capture.flush();
    return CaptureFile.read(out);
  }

  @Test
  void everyStatementOfTheThreadCarriesTheOpenUnitAndANestedBeginIsPartOfIt() throws Exception {
    DataSource ds = dataSource();
    run(ds, "select 1");
    try (Units.Scope unit = Units.begin("job: nightly")) {
      run(ds, "select 2");
      try (Units.Scope nested = Units.begin("a step of the job")) {
        run(ds, "select 3");
      }
      assertThat(Units.isOpen()).as("the nested close ends nothing").isTrue();
      run(ds, "select 4");
    }
    assertThat(Units.isOpen()).isFalse();
    run(ds, "select 5");

    CaptureFile file = file();
    List<Map<String, Object>> units = file.ofType("unit");
    assertThat(units).extracting(u -> u.get("phase")).containsExactly("begin", "end");
    String id = (String) units.get(0).get("id");
    assertThat(units.get(0)).containsEntry("name", "job: nightly")
        .containsEntry("thread", Thread.currentThread().getName()).doesNotContainKey("ns");
    assertThat(units.get(1)).containsEntry("id", id).doesNotContainKey("name");
    assertThat((Long) units.get(1).get("ns")).isPositive();
    assertThat(file.ofType("stmt")).extracting(s -> s.get("sql") + " " + s.get("unit"))
        .containsExactly("select 1 null", "select 2 " + id, "select 3 " + id, "select 4 " + id, "select 5 null");
    // the begin line comes just before the unit's first statement, the end after its last
    List<String> order = file.events().stream().map(e -> e.get("type") + ":" + e.getOrDefault("sql", "")).toList();
    assertThat(order.indexOf("unit:")).isEqualTo(order.indexOf("stmt:select 2") - 1);
    assertThat(order.lastIndexOf("unit:")).isGreaterThan(order.indexOf("stmt:select 4"));
  }

  @Test
  void commitsAndRollbacksCarryTheUnitAndUnitIdsDiffer() throws Exception {
    DataSource ds = dataSource();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Units.Scope unit = Units.begin("GET /owners/" + i); Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("select " + i);
        }
        c.commit();
        c.rollback();
      }
    }
    CaptureFile file = file();
    for (Map<String, Object> begin : file.where(l -> "begin".equals(l.get("phase")))) {
      ids.add((String) begin.get("id"));
    }
    assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    assertThat(file.ofType("commit")).extracting(e -> e.get("unit")).containsExactlyElementsOf(ids);
    assertThat(file.ofType("rollback")).extracting(e -> e.get("unit")).containsExactlyElementsOf(ids);
    // connections are no work of a unit: they carry none
    assertThat(file.ofType("open")).allSatisfy(e -> assertThat(e).doesNotContainKey("unit"));
  }

  @Test
  void aUnitWithoutStatementsWritesNothingAndNamesAreEscapedAndCapped() throws Exception {
    DataSource ds = dataSource();
    run(ds, "select 0");
    try (Units.Scope idle = Units.begin("nothing to do")) {
      assertThat(Units.isOpen()).isTrue();
    }
    String longName = "\"quoted\"\n\ttab \\ é中😀 " + "x".repeat(400);
    try (Units.Scope unit = Units.begin(longName)) {
      run(ds, "select 1");
    }
    try (Units.Scope unnamed = Units.begin(null)) {
      run(ds, "select 2");
    }
    CaptureFile file = file();
    List<Map<String, Object>> begins = file.where(l -> "begin".equals(l.get("phase")));
    assertThat(begins).hasSize(2);
    assertThat(begins.get(0).get("name")).isEqualTo(longName.substring(0, Units.MAX_NAME_CHARS));
    assertThat(begins.get(1)).doesNotContainKey("name");
    assertThat(file.text()).doesNotContain("nothing to do");
  }

  @Test
  void aUnitBelongsToItsThreadAndMayBeClosedFromAnother() throws Exception {
    DataSource ds = dataSource();
    Units.Scope[] handed = new Units.Scope[1];
    Thread worker = new Thread(() -> {
      handed[0] = Units.begin("async job");
      try {
        run(ds, "select 'worker'");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, "worker");
    worker.start();
    worker.join(TimeUnit.MINUTES.toMillis(1));
    assertThat(Units.isOpen()).as("not this thread's unit").isFalse();
    run(ds, "select 'main'");
    handed[0].close(); // from this thread: ends the worker's unit
    handed[0].close(); // twice: nothing more

    CaptureFile file = file();
    assertThat(file.ofType("stmt")).extracting(s -> s.get("sql") + " " + (s.get("unit") != null))
        .containsExactly("select 'worker' true", "select 'main' false");
    assertThat(file.ofType("unit")).extracting(u -> u.get("phase")).containsExactly("begin", "end");
  }

  @Test
  void aUnitWhoseStatementsGoToTwoFilesIsInBoth() throws Exception {
    DataSource first = dataSource();
    Path firstOut = out;
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:units_second;DB_CLOSE_DELAY=-1");
    Path secondOut = dir.resolve("second.jsonl");
    DataSource second = DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(secondOut));
    try (Units.Scope unit = Units.begin("two databases")) {
      run(first, "select 1");
      run(second, "select 2");
      run(first, "select 3");
    }
    Capture.flush();
    CaptureFile one = CaptureFile.read(firstOut);
    CaptureFile two = CaptureFile.read(secondOut);
    String id = (String) one.ofType("unit").get(0).get("id");
    for (CaptureFile file : List.of(one, two)) {
      assertThat(file.ofType("unit")).extracting(u -> u.get("phase") + " " + u.get("id"))
          .containsExactly("begin " + id, "end " + id);
      assertThat(file.ofType("stmt")).allSatisfy(st -> assertThat(st).containsEntry("unit", id));
    }
    assertThat(one.ofType("stmt")).hasSize(2);
  }

  @Test
  void withoutAUnitTheCurrentSpansTraceIdIsWritten() throws Exception {
    DataSource ds = dataSource();
    Span span = Span.wrap(SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
        TraceState.getDefault()));
    run(ds, "select 'no span'");
    try (Scope traced = span.makeCurrent()) {
      run(ds, "select 'traced'");
      try (Units.Scope unit = Units.begin("marked")) {
        run(ds, "select 'marked'");
      }
    }
    try (Scope invalid = Span.getInvalid().makeCurrent()) {
      run(ds, "select 'invalid span'");
    }
    assertThat(Traces.available()).isTrue();

    CaptureFile file = file();
    assertThat(file.ofType("stmt")).extracting(s -> s.get("sql") + " " + s.get("trace") + " " + (s.get("unit") != null))
        .containsExactly("select 'no span' null false", "select 'traced' " + TRACE_ID + " false",
            "select 'marked' null true", "select 'invalid span' null false");
  }

  /** A span started by the SDK's tracer, as instrumentation (or Micrometer's OpenTelemetry bridge) starts them. */
  @Test
  void aSpanOfTheSdksTracerGivesItsTraceId() throws Exception {
    DataSource ds = dataSource();
    String traceId;
    try (io.opentelemetry.sdk.trace.SdkTracerProvider tracers = io.opentelemetry.sdk.trace.SdkTracerProvider.builder().build()) {
      Span request = tracers.get("dbprof-test").spanBuilder("GET /owners/{id}").startSpan();
      traceId = request.getSpanContext().getTraceId();
      try (Scope current = request.makeCurrent()) {
        Span child = tracers.get("dbprof-test").spanBuilder("repository").startSpan();
        try (Scope inner = child.makeCurrent()) {
          run(ds, "select 'in a child span'");
        } finally {
          child.end();
        }
        run(ds, "select 'in the request span'");
      } finally {
        request.end();
      }
    }
    assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(file().ofType("stmt")).extracting(s -> s.get("trace")).containsExactly(traceId, traceId);
  }

  /** A JVM without the OpenTelemetry API: the capture records as before, without trace ids. */
  @Test
  void theCaptureWorksWithoutOpenTelemetryOnTheClassPath() throws Exception {
    Path childOut = dir.resolve("child.jsonl");
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("opentelemetry")) {
        classPath.add(entry);
      }
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, classPath),
        "-Ddbprof.out=" + childOut, UnitsChild.class.getName())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(stderr, StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8))
        .contains("no OpenTelemetry", "traces available: false");

    CaptureFile file = CaptureFile.read(childOut);
    assertThat(file.ofType("stmt")).extracting(s -> s.get("sql") + " " + s.get("unit") + " " + s.get("trace"))
        .containsExactly("select 1 null null", "select 2 1 null");
    assertThat(file.ofType("unit")).hasSize(2);
  }
}
