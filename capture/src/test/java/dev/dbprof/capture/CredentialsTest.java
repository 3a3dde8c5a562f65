package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
  }

  @Test
  void credentialsNeverReachTheCaptureFile() throws Exception {
    String url = Databases.newPostgresDatabase(); // …?user=postgres
    String withSecret = url + "&password=Tr0ub4dorPw&ApplicationName=capture";
    Path out = dir.resolve("credentials.jsonl");
    System.setProperty("dbprof.out", out.toString());
    Properties props = new Properties();
    props.setProperty("password", "C0rrectHorsePw");
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:" + withSecret.substring(5), props);
        Statement st = c.createStatement()) {
      st.execute("select 1");
    }
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:h2:mem:creds;USER=admin;PASSWORD=H2secretPw");
        Statement st = c.createStatement()) {
      st.execute("select 1");
    }
    Capture.flush();
    CaptureFile file = CaptureFile.read(out);
    assertThat(file.text()).doesNotContain("Tr0ub4dorPw", "C0rrectHorsePw", "H2secretPw", "user=postgres",
        "USER=admin");
    assertThat((String) file.lines().get(0).get("url")).endsWith("?ApplicationName=capture");
    assertThat(file.ofType("stmt")).hasSize(2);
  }
}
