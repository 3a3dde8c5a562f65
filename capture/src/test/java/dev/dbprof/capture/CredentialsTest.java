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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "jdbc:postgresql://localhost:5432/shop?user=app&password=s3cret&ssl=true | jdbc:postgresql://localhost:5432/shop?ssl=true",
    "jdbc:postgresql://localhost/shop?ssl=true&user=app&password=s3cret | jdbc:postgresql://localhost/shop?ssl=true",
    "jdbc:mysql://app:s3cret@db.example:3306/shop | jdbc:mysql://db.example:3306/shop",
    "jdbc:mariadb://app@db.example/shop?sslMode=verify-full&trustStorePassword=s3cret | jdbc:mariadb://db.example/shop?sslMode=verify-full",
    "jdbc:h2:mem:test;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL | jdbc:h2:mem:test;MODE=PostgreSQL",
    "jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=s3cret | jdbc:sqlserver://db:1433;databaseName=shop",
    "jdbc:oracle:thin:app/s3cret@db.example:1521/shop | jdbc:oracle:thin:@db.example:1521/shop",
    "jdbc:postgresql://localhost/shop | jdbc:postgresql://localhost/shop",
  })
  void urlsLoseTheirCredentials(String url, String expected) {
    assertThat(UrlRedactor.redact(url)).isEqualTo(expected).doesNotContain("s3cret");
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
