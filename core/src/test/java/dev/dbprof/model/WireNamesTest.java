package dev.dbprof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The JSON report's {@code validated} and {@code planSource} values are a contract (DESIGN.md, docs). */
class WireNamesTest {

  @Test
  void validatedKeepsItsDocumentedValues() {
    assertThat(Arrays.stream(ValidationMethod.values()).map(ValidationMethod::wire))
        .containsExactly("hypopg", "trial", "none");
  }

  @Test
  void planSourceKeepsItsDocumentedValues() {
    assertThat(Arrays.stream(PlanSource.values()).map(PlanSource::wire))
        .containsExactly("generic-plan", "prepared-generic", "sample-values", "stand-in-literals");
  }
}
