package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The recipe for a rule, checked: metadata, registration, naming and a fixture of both polarities. */
class RuleConventionsTest {

  @Test
  void everyRuleHasMetadataAUniqueKebabCaseIdAndIsAPackagePrivateFinalClass() {
    Set<String> ids = new HashSet<>();
    for (Rule rule : BuiltinRules.all()) {
      RuleInfo info = rule.info();
      assertThat(info.id()).matches("[a-z]+(-[a-z0-9]+)*");
      assertThat(ids.add(info.id())).as("duplicate id " + info.id()).isTrue();
      for (String alias : info.aliases()) {
        assertThat(ids.add(alias)).as("alias reused " + alias).isTrue();
      }
      assertThat(info.title()).isNotBlank();
      assertThat(info.explanation()).isNotBlank();
      assertThat(info.fix()).isNotBlank();
      int modifiers = rule.getClass().getModifiers();
      assertThat(Modifier.isFinal(modifiers)).as(rule.getClass() + " is final").isTrue();
      assertThat(Modifier.isPublic(modifiers)).as(rule.getClass() + " is package-private").isFalse();
    }
  }

  @Test
  void registryIsSortedById() {
    List<String> ids = BuiltinRules.all().stream().map(Rule::id).toList();
    assertThat(ids).isSorted();
  }

  @Test
  void everyRuleHasAFixtureWithBothPolarities() throws Exception {
    Path directory = RuleFixturesTest.fixtureDirectory();
    for (Rule rule : BuiltinRules.all()) {
      Path file = directory.resolve(rule.id() + ".cases");
      assertThat(Files.exists(file)).as("fixture " + file.getFileName()).isTrue();
      List<Fixture> cases = Fixture.parse(file);
      assertThat(cases).as(rule.id() + " has a violation case").anyMatch(Fixture::violation);
      assertThat(cases).as(rule.id() + " has a no-violation case").anyMatch(c -> !c.violation());
    }
  }

  @Test
  void everyOptionConstantOfARuleIsDeclaredInItsOptionsWithAUniqueNameAndAMeaning() throws IllegalAccessException {
    for (Rule rule : BuiltinRules.all()) {
      List<RuleOption<?>> constants = new ArrayList<>();
      for (Field field : rule.getClass().getDeclaredFields()) {
        if (field.getType() == RuleOption.class) {
          assertThat(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()))
              .as(field + " is a static final declaration").isTrue();
          field.setAccessible(true);
          constants.add((RuleOption<?>) field.get(null));
        }
      }
      assertThat(rule.options()).as(rule.id() + ".options() lists every RuleOption constant")
          .containsExactlyInAnyOrderElementsOf(constants);
      Set<String> names = new HashSet<>();
      for (RuleOption<?> option : rule.options()) {
        assertThat(option.name()).matches("[a-z]+([A-Z][a-z]*)*");
        assertThat(names.add(option.name())).as("duplicate option " + rule.id() + "." + option.name()).isTrue();
        assertThat(option.meaning()).as(rule.id() + "." + option.name()).matches("[A-Zp].*\\.");
        assertThat(option.parse(option.format(option.defaultValue()))).isEqualTo(option.defaultValue());
      }
    }
  }
}
