package dev.dbprof.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The demo is the model of a program that embeds the engine: it reaches it through the API
 * (entry point, options, model, rules, renderers) and never into {@code dev.dbprof.internal}, so
 * what it does any integration can do.
 */
class DemoUsesOnlyTheApiTest {

  @Test
  void theDemoReachesTheEngineOnlyThroughItsApi() {
    noClasses().that().resideInAPackage("dev.dbprof.demo..")
        .should().dependOnClassesThat().resideInAPackage("dev.dbprof.internal..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbprof.demo"));
  }
}
