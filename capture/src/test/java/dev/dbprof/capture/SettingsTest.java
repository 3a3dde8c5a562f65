package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.CaptureSettings.ParamMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @AfterEach
  void clearProperties() {
    for (String p : List.of("dbprof.out", "dbprof.params", "dbprof.appPackages", "dbprof.queueSize")) {
      System.clearProperty(p);
    }
  }

  @Test
  void defaultsWhenNothingIsSet() {
    // The build does not set DBPROF_* variables; if it ever does, this test says so.
    assertThat(System.getenv("DBPROF_OUT")).isNull();
    CaptureSettings s = CaptureSettings.fromEnvironment();
    assertThat(s.out()).isEqualTo(Path.of("dbprof-capture.jsonl"));
    assertThat(s.params()).isEqualTo(ParamMode.HASH);
    assertThat(s.appPackages()).isEmpty();
    assertThat(s.queueSize()).isEqualTo(CaptureSettings.DEFAULT_QUEUE_SIZE);
  }

  @Test
  void systemPropertiesAreReadEachTime() {
    System.setProperty("dbprof.out", "/tmp/a.jsonl");
    System.setProperty("dbprof.params", "Raw");
    System.setProperty("dbprof.appPackages", " com.acme. , org.shop. ,,");
    System.setProperty("dbprof.queueSize", "128");
    CaptureSettings s = CaptureSettings.fromEnvironment();
    assertThat(s.out()).isEqualTo(Path.of("/tmp/a.jsonl"));
    assertThat(s.params()).isEqualTo(ParamMode.RAW);
    assertThat(s.appPackages()).containsExactly("com.acme.", "org.shop.");
    assertThat(s.queueSize()).isEqualTo(128);
    System.setProperty("dbprof.out", "/tmp/b.jsonl");
    assertThat(CaptureSettings.fromEnvironment().out()).isEqualTo(Path.of("/tmp/b.jsonl"));
  }

  @Test
  void badValuesFallBackToDefaults() {
    System.setProperty("dbprof.params", "plaintext");
    System.setProperty("dbprof.queueSize", "-3");
    CaptureSettings s = CaptureSettings.fromEnvironment();
    assertThat(s.params()).isEqualTo(ParamMode.HASH);
    assertThat(s.queueSize()).isEqualTo(CaptureSettings.DEFAULT_QUEUE_SIZE);
  }
}
