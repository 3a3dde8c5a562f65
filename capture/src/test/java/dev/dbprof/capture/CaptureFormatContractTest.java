package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture format's contract, writer side: a real JDBC workload through {@code jdbc:dbprof:}
 * on H2, once per parameter mode, must write exactly {@link #GOLDEN} once times, connection ids,
 * the process, the salt of hashes and the versions are normalised. Core's readers read the same
 * file ({@code dev.dbprof.internal.read.capture.CaptureFormatContractTest}), so a change of the writer that
 * the readers do not follow fails one of the two. Run with {@code -Ddbprof.updateGolden=true} to
 * rewrite the file, then review the diff (its call-site lines are those of {@link ContractWorkload}).
 */
class CaptureFormatContractTest {

  /** Read by core's contract test too, by this path from its own module directory. */
  static final Path GOLDEN = Path.of("src/test/resources/dev/dbprof/capture/capture-contract.jsonl");

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.params");
    System.clearProperty("dbprof.appPackages");
  }

  @Test
  void theWriterWritesExactlyTheGoldenLines() throws Exception {
    StringBuilder written = new StringBuilder();
    for (ParamMode mode : ParamMode.values()) {
      written.append(normalised(capture(mode)));
    }
    String actual = written.toString();
    if (Boolean.getBoolean("dbprof.updateGolden")) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void theGoldenFileHasEveryEventTypeAndEveryField() throws Exception {
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    for (String type : CaptureFormat.TYPES) {
      assertThat(golden).as(type).contains("\"" + CaptureFormat.TYPE + "\":\"" + type + "\"");
    }
    for (var fields : List.of(CaptureFormat.HEADER_FIELDS, CaptureFormat.EVENT_FIELDS,
        CaptureFormat.SITE_FIELDS)) {
      for (String field : fields) {
        assertThat(golden).as(field).contains("\"" + field + "\":");
      }
    }
    // and nothing it does not declare
    for (Map<String, Object> line : CaptureFile.read(GOLDEN).lines()) {
      boolean header = CaptureFormat.HEADER.equals(line.get(CaptureFormat.TYPE));
      assertThat(CaptureFormat.TYPES).contains((String) line.get(CaptureFormat.TYPE));
      assertThat(line.keySet()).as(line.toString()).isSubsetOf(
          header ? CaptureFormat.HEADER_FIELDS : CaptureFormat.EVENT_FIELDS);
      if (line.get(CaptureFormat.SITE) instanceof Map<?, ?> site) {
        assertThat(site.keySet().stream().map(String::valueOf)).as(line.toString())
            .isSubsetOf(CaptureFormat.SITE_FIELDS);
      }
    }
    for (ParamMode mode : ParamMode.values()) {
      assertThat(golden).contains("\"" + CaptureFormat.PARAM_MODE + "\":\""
          + mode.name().toLowerCase(Locale.ROOT) + "\"");
    }
  }

  @Test
  void theDocumentNamesExactlyTheDeclaredFieldsAndTypes() throws Exception {
    Map<String, List<String>> tables = documentedNames(Path.of("../docs/capture-format.md"));

    List<String> eventTypes = new ArrayList<>(CaptureFormat.TYPES);
    eventTypes.remove(CaptureFormat.HEADER);
    assertThat(tables).containsOnlyKeys(HEADER_TABLE, TYPE_TABLE, EVENT_TABLE, SITE_TABLE);
    assertThat(tables.get(HEADER_TABLE)).containsExactlyInAnyOrderElementsOf(CaptureFormat.HEADER_FIELDS);
    assertThat(tables.get(TYPE_TABLE)).containsExactlyInAnyOrderElementsOf(eventTypes);
    assertThat(tables.get(EVENT_TABLE)).containsExactlyInAnyOrderElementsOf(CaptureFormat.EVENT_FIELDS);
    assertThat(tables.get(SITE_TABLE)).containsExactlyInAnyOrderElementsOf(CaptureFormat.SITE_FIELDS);
  }

  private static final String HEADER_TABLE = "## Header (first line) | field | meaning |";
  private static final String TYPE_TABLE = "## Events (every other line) | type | extra fields |";
  private static final String EVENT_TABLE = "## Events (every other line) | field | value | in |";
  private static final String SITE_TABLE = "### Call site | field | meaning |";
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /**
   * The names in the first column of every table of the page, by heading and table header: each
   * name in backquotes, several in one cell allowed ({@code `commit`, `rollback`}).
   */
  private static Map<String, List<String>> documentedNames(Path page) throws java.io.IOException {
    Map<String, List<String>> tables = new java.util.TreeMap<>();
    String heading = "";
    String table = null;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        heading = line.trim();
        table = null;
      } else if (!line.startsWith("|")) {
        table = null;
      } else if (table == null) {
        table = heading + " " + line.trim();
      } else if (!line.startsWith("|---")) {
        String firstCell = line.substring(1, line.indexOf('|', 1));
        Matcher names = CODE.matcher(firstCell);
        while (names.find()) {
          tables.computeIfAbsent(table, k -> new ArrayList<>()).add(names.group(1));
        }
      }
    }
    return tables;
  }

  @Test
  void normalisingKeepsWhichHashesAreEqual() {
    String twoEqualOneOther = "{\"type\":\"stmt\",\"params\":[\"h:aaaaaaaaaaaa\",\"h:bbbbbbbbbbbb\","
        + "\"h:aaaaaaaaaaaa\"]}\n";

    assertThat(normalised(twoEqualOneOther))
        .isEqualTo("{\"type\":\"stmt\",\"params\":[\"h:000000000001\",\"h:000000000002\","
            + "\"h:000000000001\"]}\n");
  }

  /** The workload's capture file in one parameter mode, through the {@code jdbc:dbprof:} URL. */
  private Path capture(ParamMode mode) throws Exception {
    String name = mode.name().toLowerCase(Locale.ROOT);
    Path out = dir.resolve(name + ".jsonl");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.params", name);
    System.setProperty("dbprof.appPackages", ContractWorkload.class.getName());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // A thread of its own: its name goes into every line, whatever runs the tests.
    Thread thread = new Thread(() -> {
      try {
        ContractWorkload.run("jdbc:dbprof:h2:mem:contract_" + name);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "contract-workload");
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    Capture.flush();
    return out;
  }

  // ---- normalisation: what changes from run to run, and nothing else ----

  private static final Pattern TIME = Pattern.compile("\"(ts|start)\":-?\\d+");
  private static final Pattern ELAPSED = Pattern.compile("\"ns\":\\d+");
  private static final Pattern PID = Pattern.compile("\"pid\":\\d+");
  private static final Pattern VERSION = Pattern.compile("\"version\":\"[^\"]*\"");
  private static final Pattern DB = Pattern.compile("\"db\":\"([^ \"]+)[^\"]*\"");
  private static final Pattern CONN = Pattern.compile("\"conn\":(\\d+)");
  private static final Pattern UNIT = Pattern.compile("\"(id|unit)\":\"(\\d+)\"");
  private static final Pattern HASH = Pattern.compile("\"h:[0-9a-f]{12}\"");

  private static String normalised(Path file) {
    try {
      return normalised(Files.readString(file, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Times become a count of lines, elapsed times 1000, connection ids, unit ids and hashes their order of
   * appearance (equal values stay equal), the pid 1, versions and the database product's version
   * are dropped.
   */
  static String normalised(String text) {
    StringBuilder out = new StringBuilder();
    Map<String, Integer> conns = new HashMap<>();
    Map<String, Integer> hashes = new HashMap<>();
    Map<String, Integer> units = new HashMap<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      int micros = 1_000_000 * lineNumber;
      line = replace(TIME, line, m -> "\"" + m.group(1) + "\":" + micros);
      line = ELAPSED.matcher(line).replaceAll("\"ns\":1000");
      line = PID.matcher(line).replaceAll("\"pid\":1");
      line = VERSION.matcher(line).replaceAll("\"version\":\"0.0.0\"");
      line = replace(DB, line, m -> "\"db\":\"" + m.group(1) + "\"");
      line = replace(CONN, line, m -> "\"conn\":" + conns.computeIfAbsent(m.group(1), k -> conns.size() + 1));
      line = replace(UNIT, line, m -> "\"" + m.group(1) + "\":\""
          + units.computeIfAbsent(m.group(2), k -> units.size() + 1) + "\"");
      line = replace(HASH, line, m -> String.format(Locale.ROOT, "\"h:%012d\"",
          hashes.computeIfAbsent(m.group(), k -> hashes.size() + 1)));
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String replace(Pattern pattern, String line, Function<MatchResult, String> with) {
    return pattern.matcher(line).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
  }
}
