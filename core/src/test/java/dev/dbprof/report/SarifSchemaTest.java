package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.dbprof.model.Report;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dbprof's SARIF against the official SARIF 2.1.0 schema (see {@code sarif/SOURCE.md}). */
class SarifSchemaTest {

  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream in = SarifSchemaTest.class.getResourceAsStream("sarif/sarif-schema-2.1.0.json")) {
      schema = registry.getSchema(in);
    }
  }

  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of("full", SampleReports.full()),
        Arguments.of("empty", SampleReports.empty()),
        Arguments.of("reviewed", SampleReports.reviewed()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void outputIsValidSarif(String name, Report report) throws IOException {
    StringBuilder sarif = new StringBuilder();
    new SarifRenderer(SourceLocator.conventional()).render(report, sarif);
    List<Error> errors = schema.validate(sarif.toString(), InputFormat.JSON);
    assertThat(errors).as(name).isEmpty();
  }

  @Test
  void theValidatorRejectsWhatTheSchemaForbids() throws IOException {
    StringBuilder sarif = new StringBuilder();
    new SarifRenderer(SourceLocator.conventional()).render(SampleReports.full(), sarif);
    String broken = sarif.toString().replace("\"level\": \"error\"", "\"level\": \"fatal\"")
        .replace("\"startLine\": 51", "\"startLine\": 0");
    List<Error> errors = schema.validate(broken, InputFormat.JSON);
    assertThat(errors).extracting(Error::getKeyword).contains("enum", "minimum");
  }
}
