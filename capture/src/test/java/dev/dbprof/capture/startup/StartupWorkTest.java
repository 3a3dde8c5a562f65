package dev.dbprof.capture.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureFile;
import dev.dbprof.capture.CaptureSettings;
import dev.dbprof.capture.DbprofDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up work recognised on real stacks: Hibernate's schema tool creating and dropping the tables
 * ({@code hibernate-schema}) and a Flyway migration ({@code flyway}), while the application's own
 * statements carry no runner. (Spring's ScriptUtils is in the contract workload.)
 */
class StartupWorkTest {

  private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("dbprof.out");
    System.clearProperty("dbprof.appPackages");
  }

  @Test
  void hibernatesSchemaToolIsStartupWorkAndTheApplicationsStatementsAreNot() throws Exception {
    HIBERNATE_LOG.setLevel(Level.WARNING);
    Path out = dir.resolve("startup.jsonl");
    System.setProperty("dbprof.out", out.toString());
    System.setProperty("dbprof.appPackages", StartupWorkTest.class.getName());
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("startup")
        .managedClasses(Pet.class)
        .property("hibernate.connection.url", "jdbc:dbprof:h2:mem:startup;DB_CLOSE_DELAY=-1")
        .property("hibernate.hbm2ddl.auto", "create-drop");
    try (SessionFactory sessions = (SessionFactory) config.createEntityManagerFactory()) {
      sessions.inTransaction(session -> session.persist(new Pet(1, "Rex")));
    }
    Capture.flush();

    CaptureFile file = CaptureFile.read(out);
    List<Map<String, Object>> statements = file.ofType("stmt");
    List<Map<String, Object>> schema = statements.stream()
        .filter(s -> ((String) s.get("sql")).matches("(?is)(create|drop|alter) .*")).toList();
    assertThat(schema).as(file.text()).isNotEmpty()
        .allSatisfy(s -> assertThat(s).containsEntry("startup", "hibernate-schema"));
    assertThat(schema).anySatisfy(s -> assertThat((String) s.get("sql")).containsIgnoringCase("create table pet"));
    List<Map<String, Object>> inserts = file.ofType("batch").isEmpty() ? statements.stream()
        .filter(s -> ((String) s.get("sql")).startsWith("insert into")).toList() : file.ofType("batch");
    assertThat(inserts).isNotEmpty().allSatisfy(s -> {
      assertThat(s).doesNotContainKey("startup");
      assertThat(s.get("site")).asString().contains("StartupWorkTest");
    });
  }

  @Test
  void aFlywayMigrationIsStartupWorkAndTheApplicationsStatementsAreNot() throws Exception {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__owners.sql"),
        "create table owners (id int primary key, name varchar(40));\n"
            + "insert into owners values (1, 'seed');\n", StandardCharsets.UTF_8);
    Path out = dir.resolve("flyway.jsonl");
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:flyway_startup;DB_CLOSE_DELAY=-1");
    DataSource ds = DbprofDataSource.wrap(h2, CaptureSettings.defaults().withOut(out)
        .withAppPackages(StartupWorkTest.class.getName()));

    Flyway.configure().dataSource(ds).locations("filesystem:" + migrations).load().migrate();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("insert into owners values (2, 'application')");
    }
    Capture.flush();

    CaptureFile file = CaptureFile.read(out);
    List<Map<String, Object>> statements = file.ofType("stmt");
    assertThat(statements.stream().filter(s -> ((String) s.get("sql")).contains("owners")))
        .extracting(s -> s.get("sql") + " " + s.get("startup"))
        .containsExactly("create table owners (id int primary key, name varchar(40)) flyway",
            "insert into owners values (1, 'seed') flyway", "insert into owners values (2, 'application') null");
    // Flyway's own bookkeeping (its schema history table) is start-up work as well
    assertThat(statements.stream().filter(s -> ((String) s.get("sql")).contains("flyway_schema_history")))
        .isNotEmpty().allSatisfy(s -> assertThat(s).containsEntry("startup", "flyway"));
  }
}
