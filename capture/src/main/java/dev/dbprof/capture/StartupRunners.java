package dev.dbprof.capture;

/**
 * The start-up runners the call-site walk recognises by class name, without depending on them:
 * their statements are the application's schema and seed work, not its requests.
 */
final class StartupRunners {

  static final String SPRING_SQL_INIT = "spring-sql-init";
  static final String FLYWAY = "flyway";
  static final String LIQUIBASE = "liquibase";
  static final String HIBERNATE_SCHEMA = "hibernate-schema";

  /** Package prefixes, each with its runner's name. */
  private static final String[][] PREFIXES = {
    // ScriptUtils, ResourceDatabasePopulator, DataSourceInitializer, DatabasePopulatorUtils
    {"org.springframework.jdbc.datasource.init.", SPRING_SQL_INIT},
    // Spring Boot's spring.sql.init (DataSourceScriptDatabaseInitializer and its base class)
    {"org.springframework.boot.jdbc.init.", SPRING_SQL_INIT},
    {"org.springframework.boot.sql.init.", SPRING_SQL_INIT},
    {"org.flywaydb.", FLYWAY},
    {"liquibase.", LIQUIBASE},
    // SchemaManagementTool, SchemaCreatorImpl, SchemaDropperImpl, the schema migrators, SchemaExport
    {"org.hibernate.tool.schema.", HIBERNATE_SCHEMA},
    {"org.hibernate.tool.hbm2ddl.", HIBERNATE_SCHEMA},
  };

  private static final FrameSite[] UNKNOWN_SITES = {
    new FrameSite("", "", null, -1, SPRING_SQL_INIT), new FrameSite("", "", null, -1, FLYWAY),
    new FrameSite("", "", null, -1, LIQUIBASE), new FrameSite("", "", null, -1, HIBERNATE_SCHEMA),
  };

  private StartupRunners() {
  }

  /** The runner a frame of this class belongs to, or null. */
  static String of(String className) {
    char first = className.isEmpty() ? ' ' : className.charAt(0);
    if (first != 'o' && first != 'l') {
      return null;
    }
    for (String[] prefix : PREFIXES) {
      if (className.startsWith(prefix[0])) {
        return prefix[1];
      }
    }
    return null;
  }

  /** The site of a start-up statement with no application frame below its runner. */
  static FrameSite unknownSite(String runner) {
    for (FrameSite site : UNKNOWN_SITES) {
      if (site.startup.equals(runner)) {
        return site;
      }
    }
    return new FrameSite("", "", null, -1, runner);
  }
}
