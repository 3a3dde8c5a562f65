package dev.dbprof.capture.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.capture.Capture;
import dev.dbprof.capture.CaptureFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up work recognised on real stacks: Hibernate's schema tool creating and dropping the tables
 * ({@code hibernate-schema}), while the application's own statements through the same session
 * factory carry no runner. (Spring's ScriptUtils is in the contract workload.)
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
}
