package dev.dbprof.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering that docs/architecture.md draws, checked on the compiled main classes of
 * core and capture (test classes are not imported). No exception is listed: a new dependency
 * against the order is either a design change (change the page and this test together) or a bug.
 */
class ArchitectureTest {

  /**
   * What callers outside the engine may use and what keeps its meaning from release to release:
   * the entry point, its options, the model, the rule SPI with the built-in rules, and the
   * renderers. Everything under {@code dev.dbprof.internal} may change in any release.
   */
  static final String[] API_PACKAGES = {
      "dev.dbprof", "dev.dbprof.options..", "dev.dbprof.model..", "dev.dbprof.rules..", "dev.dbprof.report.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.dbprof");
  }

  @Test
  void packagesFollowTheLayering() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("entry point").definedBy("dev.dbprof")
        .layer("options").definedBy("dev.dbprof.options..")
        .layer("model").definedBy("dev.dbprof.model..")
        .layer("sql").definedBy("dev.dbprof.internal.sql..")
        .layer("read").definedBy("dev.dbprof.internal.read..")
        .layer("rules").definedBy("dev.dbprof.rules..")
        .layer("explain").definedBy("dev.dbprof.internal.explain..")
        .layer("analysis").definedBy("dev.dbprof.internal.analysis..")
        .layer("report").definedBy("dev.dbprof.report..")
        .layer("policy").definedBy("dev.dbprof.internal.policy..")
        .layer("capture").definedBy("dev.dbprof.capture..")
        .whereLayer("options").mayOnlyAccessLayers("model", "rules")
        .whereLayer("model").mayNotAccessAnyLayer()
        .whereLayer("sql").mayOnlyAccessLayers("model")
        .whereLayer("read").mayOnlyAccessLayers("options", "model", "sql", "capture") // the capture format's names
        .whereLayer("rules").mayOnlyAccessLayers("model")
        .whereLayer("explain").mayOnlyAccessLayers("options", "model", "capture")
        .whereLayer("analysis").mayOnlyAccessLayers("options", "model", "sql", "rules", "explain")
        .whereLayer("report").mayOnlyAccessLayers("model")
        .whereLayer("policy").mayOnlyAccessLayers("model", "rules")
        .whereLayer("capture").mayNotAccessAnyLayer()
        .check(classes);
  }

  @Test
  void everyPackageIsInALayer() {
    classes().that().resideInAPackage("dev.dbprof..")
        .should().resideInAnyPackage(API_PACKAGES)
        .orShould().resideInAnyPackage("dev.dbprof.internal.sql..", "dev.dbprof.internal.read..",
            "dev.dbprof.internal.explain..", "dev.dbprof.internal.analysis..", "dev.dbprof.internal.policy..",
            "dev.dbprof.capture..")
        .check(classes);
  }

  @Test
  void theApiShowsNoInternalTypeInItsSignatures() {
    // A public method of an API class that takes or returns an internal type would make that type
    // part of the API after all: callers would have to name it.
    DescribedPredicate<JavaClass> internal = DescribedPredicate.describe("an internal type",
        c -> c.getPackageName().startsWith("dev.dbprof.internal"));
    ArchCondition<JavaMember> noInternalTypeInItsSignature = new ArchCondition<>("show no internal type in its signature") {
      @Override
      public void check(JavaMember member, ConditionEvents events) {
        Set<JavaClass> shown = new HashSet<>();
        if (member instanceof JavaCodeUnit code) {
          shown.addAll(code.getRawParameterTypes());
          shown.add(code.getRawReturnType());
          code.getThrowsClause().getTypes().forEach(shown::add);
        } else if (member instanceof JavaField field) {
          shown.add(field.getRawType());
        }
        shown.stream().filter(internal).forEach(type -> events.add(SimpleConditionEvent.violated(member,
            member.getFullName() + " shows " + type.getName())));
      }
    };
    members().that().areDeclaredInClassesThat().resideInAnyPackage(API_PACKAGES)
        .and().areDeclaredInClassesThat().arePublic()
        .and().arePublic()
        .should(noInternalTypeInItsSignature)
        .check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    // (**) makes every package its own slice, subpackages included: read and read.pg are two.
    slices().matching("dev.dbprof.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void modelDependsOnTheJdkOnly() {
    noClasses().that().resideInAPackage("dev.dbprof.model..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.dbprof.model..", "java..")
        .check(classes);
  }

  @Test
  void renderersDependOnlyOnTheModel() {
    noClasses().that().resideInAPackage("dev.dbprof.report..")
        .should().dependOnClassesThat(
            DescribedPredicate.describe("dbprof classes outside model and report",
                c -> c.getPackageName().startsWith("dev.dbprof")
                    && !c.getPackageName().startsWith("dev.dbprof.model")
                    && !c.getPackageName().startsWith("dev.dbprof.report")))
        .check(classes);
  }

  @Test
  void theEngineHandsDataOnThroughArgumentsNotThreadLocals() {
    // A thread-local slot filled in one package and read in another is a dependency no signature
    // shows (read once handed fingerprints to sql this way). The capture's per-thread call-site
    // cache runs inside the application and stays within its class.
    noFields().that().areDeclaredInClassesThat().resideOutsideOfPackage("dev.dbprof.capture..")
        .should().haveRawType(ThreadLocal.class)
        .check(classes);
  }

  @Test
  void captureDependsOnTheJdkAndP6spyOnly() {
    classes().that().resideInAPackage("dev.dbprof.capture..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "com.p6spy..", "dev.dbprof.capture..")
        .check(classes);
  }
}
