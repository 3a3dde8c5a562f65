package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runners' frames by name. Spring's ScriptUtils (the contract workload), Hibernate's schema tool
 * and Flyway ({@code StartupWorkTest}) are tested on real stacks; Liquibase by its class names only
 * (the frames of {@code Liquibase.update()} are in its package).
 */
class StartupRunnersTest {

  @Test
  void eachRunnerIsKnownByItsFramesAndNothingElseIs() {
    assertThat(StartupRunners.of("org.springframework.jdbc.datasource.init.ScriptUtils")).isEqualTo("spring-sql-init");
    assertThat(StartupRunners.of("org.springframework.jdbc.datasource.init.ResourceDatabasePopulator"))
        .isEqualTo("spring-sql-init");
    assertThat(StartupRunners.of("org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer"))
        .isEqualTo("spring-sql-init");
    assertThat(StartupRunners.of("org.flywaydb.core.internal.command.DbMigrate")).isEqualTo("flyway");
    assertThat(StartupRunners.of("liquibase.executor.jvm.JdbcExecutor")).isEqualTo("liquibase");
    assertThat(StartupRunners.of("org.hibernate.tool.schema.internal.SchemaCreatorImpl")).isEqualTo("hibernate-schema");
    assertThat(StartupRunners.of("org.hibernate.tool.schema.internal.SchemaDropperImpl")).isEqualTo("hibernate-schema");
    assertThat(StartupRunners.of("org.hibernate.tool.hbm2ddl.SchemaExport")).isEqualTo("hibernate-schema");

    assertThat(StartupRunners.of("org.springframework.jdbc.core.JdbcTemplate")).isNull();
    assertThat(StartupRunners.of("org.hibernate.engine.jdbc.internal.ResultSetReturnImpl")).isNull();
    assertThat(StartupRunners.of("com.acme.flyway.Migrations")).isNull();
    assertThat(StartupRunners.of("")).isNull();
  }

  @Test
  void aRunnersFramesAreNeverTheApplicationsEvenWhenGuessing() {
    CallSiteFinder guessing = new CallSiteFinder(List.of());
    assertThat(guessing.isApplication("org.flywaydb.core.Flyway")).isFalse();
    assertThat(guessing.isApplication("liquibase.Liquibase")).isFalse();
  }
}
