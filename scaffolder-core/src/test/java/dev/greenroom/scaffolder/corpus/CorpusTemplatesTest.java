package dev.greenroom.scaffolder.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterValidator;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every Template of the corpus (resources/corpus/templates): the v1beta3 ones parse, pass the
 * catalog's validation, have compilable parameter schemas and per-field validation; the older
 * ones get "Unsupported apiVersion".
 */
class CorpusTemplatesTest {
  record Doc(Path file, JsonNode root) {}

  static List<Doc> templates() throws Exception {
    Path root = Path.of(CorpusTemplatesTest.class.getResource("/corpus/templates").toURI());
    List<Doc> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList()) {
        List<RawDocument> docs;
        try {
          docs = EntityYamlReader.create().read(f);
        } catch (RuntimeException e) {
          continue; // skeleton files with template syntax are not YAML
        }
        for (RawDocument d : docs) {
          if (d.root().path("kind").asString("").equals("Template")) {
            out.add(new Doc(f, d.root()));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyCurrentTemplateParsesValidatesAndHasUsableSchemas() throws Exception {
    List<Doc> all = templates();
    List<Doc> current = all.stream()
        .filter(d -> Template.API_VERSION.equals(d.root().path("apiVersion").asString(""))).toList();
    assertThat(current).hasSizeGreaterThanOrEqualTo(29);
    EntityValidator validator = EntityValidator.builder().build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    List<String> refused = new ArrayList<>();
    for (Doc d : current) {
      java.util.Optional<String> catalogError =
          validator.validate(d.root(), d.file().toString(), 0, null).backstageMessage();
      if (catalogError.isPresent()) {
        // the catalog refuses it (as Backstage's does), and so does the template reader
        assertThatThrownBy(() -> Template.fromJson(d.root(), null)).as(d.file().toString())
            .isInstanceOf(TemplateException.class);
        refused.add(d.file().getFileName() + ": " + catalogError.get());
        continue;
      }
      Template t = Template.fromJson(d.root(), d.file().getParent().toUri().toString());
      assertThat(t.steps()).as(d.file().toString()).isNotEmpty();
      for (TemplateStep s : t.steps()) {
        assertThat(s.id()).isNotBlank();
        assertThat(s.action()).contains(":");
      }
      for (ObjectNode p : t.parameterSteps()) {
        registry.getSchema(ParameterValidator.schemaOnly(p)); // compiles
      }
      // empty values: each required field of every form page is reported by name
      List<ParameterError> errors = ParameterValidator.validate(t, Json.object());
      List<String> required = new ArrayList<>();
      for (ObjectNode p : t.parameterSteps()) {
        p.path("required").forEach(r -> required.add(r.asString()));
      }
      assertThat(errors).as(d.file().toString())
          .filteredOn(e -> e.keyword().equals("required"))
          .extracting(ParameterError::field)
          .containsAll(required);
    }
    // one corpus template has an empty step id ("- id:"), which Backstage's catalog refuses too
    assertThat(refused).singleElement().asString().startsWith("template-jsonata.yaml")
        .contains("/spec/steps/7/id must be string");
  }

  @Test
  void olderTemplatesAreRefusedWithUnsupportedApiVersion() throws Exception {
    List<Doc> older = templates().stream()
        .filter(d -> !Template.API_VERSION.equals(d.root().path("apiVersion").asString(""))).toList();
    assertThat(older).hasSizeGreaterThanOrEqualTo(8);
    for (Doc d : older) {
      assertThatThrownBy(() -> Template.fromJson(d.root(), null)).as(d.file().toString())
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("Unsupported apiVersion")
          .hasMessageContaining(d.root().path("apiVersion").asString());
    }
  }
}
