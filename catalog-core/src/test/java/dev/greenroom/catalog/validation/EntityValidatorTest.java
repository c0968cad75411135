package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/** The rules of catalog.md 1.4, the policy chain and the kind schemas, one by one. */
class EntityValidatorTest {
  private static final EntityValidator V = EntityValidator.create();
  private static final String ADR =
      " To learn more about catalog file format, visit: https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md";

  static ValidationResult validate(String yaml) {
    List<RawDocument> docs = EntityYamlReader.create().read("t.yaml", yaml);
    return V.validate(docs.get(0));
  }

  static String component(String name, String extraMeta) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: '" + name + "'\n"
        + extraMeta + "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n";
  }

  @ParameterizedTest
  @CsvSource({
    "a--b,true", "-a,false", "a-,false", "a_b.c,true", "a..b,true", "A9,true",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,true",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,false"
  })
  void entityNames(String name, boolean valid) {
    assertThat(name.length()).isBetween(1, 64);
    ValidationResult r = validate(component(name, ""));
    assertThat(r.isValid()).isEqualTo(valid);
    if (!valid) {
      ValidationProblem p = r.problems().get(0);
      assertThat(p.field()).isEqualTo("metadata.name");
      assertThat(p.rule()).isEqualTo("field-format");
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.backstageMessage())
          .isEqualTo("InputError: Policy check failed for component:default/" + name.toLowerCase()
              + "; caused by Error: \"metadata.name\" is not valid; expected a string that is"
              + " sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total"
              + " but found \"" + name + "\"." + ADR);
    }
  }

  @Test
  void uppercaseNamespaceIsInvalid() {
    ValidationResult r = validate(component("x", "  namespace: Prod\n"));
    assertThat(r.problems().get(0).field()).isEqualTo("metadata.namespace");
    assertThat(r.problems().get(0).message()).contains("[a-z0-9] separated by [-]");
  }

  @Test
  void namespaceIsDefaulted() {
    ValidationResult r = validate(component("x", ""));
    assertThat(r.entity().metadata().namespace()).isEqualTo("default");
  }

  @Test
  void tags() {
    assertThat(validate(component("x", "  tags: [java:17, c++, c#]\n")).isValid()).isTrue();
    ValidationResult r = validate(component("x", "  tags: [java, Java]\n"));
    ValidationProblem p = r.problems().get(0);
    assertThat(p.field()).isEqualTo("metadata.tags.1");
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.backstageMessage()).contains("\"tags.1\" is not valid; expected a string that is"
        + " sequences of [a-z0-9+#] separated by [-]");
    assertThat(validate(component("x", "  tags: [a--b]\n")).isValid()).isFalse();
  }

  @Test
  void labelsAnnotationsAndLinks() {
    assertThat(validate(component("x", "  labels: {a.b/c-d: ''}\n")).isValid()).isTrue();
    assertThat(validate(component("x", "  labels: {a/b/c: x}\n")).problems().get(0).field())
        .isEqualTo("metadata.labels.a/b/c");
    assertThat(validate(component("x", "  annotations: {'Bad/x': y}\n")).problems().get(0)
        .backstageMessage()).contains("\"annotations.Bad/x\" is not valid; expected a valid prefix and/or suffix");
    assertThat(validate(component("x", "  links: [{url: 'not a url'}]\n")).problems().get(0)
        .backstageMessage()).contains("\"links.0.url\" is not valid; expected a string that is a valid url");
    assertThat(validate(component("x", "  links: [{url: 'https://x.io', title: ' '}]\n"))
        .problems().get(0).field()).isEqualTo("metadata.links.0.title");
  }

  @Test
  void apiVersionAndKindFormats() {
    ValidationResult r = validate(component("x", "").replace("backstage.io/v1alpha1", "'1.0'"));
    assertThat(r.problems().get(0).field()).isEqualTo("apiVersion");
    assertThat(r.problems().get(0).backstageMessage()).contains("\"apiVersion\" is not valid; expected a valid prefix and/or suffix but found \"1.0\"");
    assertThat(FieldValidators.isValidApiVersion("v1")).isTrue();
    assertThat(FieldValidators.isValidApiVersion("my-company.net/v1")).isTrue();
    assertThat(FieldValidators.isValidKind("9a")).isFalse();
  }

  @Test
  void foreignRootFieldStatusIsRejected() {
    ValidationResult r = validate(component("x", "") + "status: {}\n");
    ValidationProblem p = r.problems().get(0);
    assertThat(p.rule()).isEqualTo("foreign-root-field");
    assertThat(p.backstageMessage()).isEqualTo(
        "InputError: Policy check failed for component:default/x; caused by Error: Unknown field status");
  }

  @Test
  void missingOwnerIsRejected() {
    ValidationResult r = validate(component("x", "").replace("  owner: team-a\n", ""));
    ValidationProblem p = r.problems().get(0);
    assertThat(p.field()).isEqualTo("spec.owner");
    assertThat(p.rule()).isEqualTo("kind-schema");
    assertThat(p.backstageMessage()).isEqualTo("InputError: Processor BuiltinKindsEntityProcessor"
        + " threw an error while validating the entity component:default/x; caused by TypeError:"
        + " /spec must have required property 'owner' - missingProperty: owner");
  }

  @Test
  void lowercaseKindIsNotRecognised() {
    ValidationResult r = validate(component("x", "").replace("Component", "component"));
    assertThat(r.problems().get(0).rule()).isEqualTo("unknown-kind");
    assertThat(r.problems().get(0).backstageMessage()).isEqualTo("InputError: No processor"
        + " recognized the entity component:default/x as valid, possibly caused by a foreign kind"
        + " or apiVersion");
  }

  @Test
  void shortDependsOnRefFailsLikePostProcessing() {
    ValidationResult r = validate(component("x", "") + "  dependsOn: [foo]\n");
    ValidationProblem p = r.problems().get(0);
    assertThat(p.rule()).isEqualTo("relation-ref");
    assertThat(p.field()).isEqualTo("spec.dependsOn.0");
    assertThat(EntityValidator.builder().checkRelations(false).build()
        .validate(EntityYamlReader.create().read("t", component("x", "") + "  dependsOn: [foo]\n").get(0))
        .isValid()).isTrue();
  }

  @Test
  void nonObjectRootIsAProblemOfThatDocumentOnly() {
    List<RawDocument> docs = EntityYamlReader.create().read("t.yaml", "- a\n---\n" + component("x", ""));
    List<ValidationResult> rs = V.validateAll(docs);
    assertThat(rs.get(0).backstageMessage()).contains("Error: Expected object at root, got object");
    assertThat(rs.get(0).problems().get(0).message()).isEqualTo("Expected object at root, got array");
    assertThat(rs.get(1).isValid()).isTrue();
  }

  @Test
  void templateV1beta3IsBuiltIn() {
    String t = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\n"
        + "spec:\n  type: service\n  steps:\n    - action: fetch:template\n";
    assertThat(validate(t).isValid()).isTrue();
    assertThat(validate(t.replace("- action", "- name")).problems().get(0).backstageMessage())
        .contains("Processor ScaffolderEntitiesProcessor threw an error")
        .contains("/spec/steps/0 must have required property 'action'");
  }

  @Test
  void hooks() {
    EntityValidator custom =
        EntityValidator.builder()
            .fieldValidator(FieldFormat.TAG, v -> v.startsWith("ok"))
            .addPolicy(e -> {
              if (e.metadata().title() != null) {
                throw new PolicyViolation("metadata.title", "no-title", "no titles here");
              }
              return e;
            })
            .addKindValidator(SchemaKindValidator.of("MyProcessor", Json.parse(
                "{\"type\":\"object\",\"required\":[\"spec\"],\"properties\":{\"apiVersion\":{\"enum\":[\"acme.io/v1\"]},"
                    + "\"kind\":{\"enum\":[\"Widget\"]},\"spec\":{\"type\":\"object\",\"required\":[\"size\"]}}}")))
            .build();
    String widget = "apiVersion: acme.io/v1\nkind: Widget\nmetadata: {name: w, tags: [okay]}\nspec: {size: 1}\n";
    assertThat(custom.validate(read(widget)).isValid()).isTrue();
    assertThat(custom.validate(read(widget.replace("okay", "java"))).problems().get(0).backstageMessage())
        .endsWith("\"tags.0\" is not valid;" + ADR);
    assertThat(custom.validate(read(widget.replace("size: 1", "x: 1"))).problems().get(0).backstageMessage())
        .contains("Processor MyProcessor threw an error while validating the entity widget:default/w");
    assertThat(custom.validate(read(widget.replace("name: w", "name: w, title: T"))).problems().get(0).rule())
        .isEqualTo("no-title");
  }

  private static RawDocument read(String yaml) {
    return EntityYamlReader.create().read("t.yaml", yaml).get(0);
  }

  @Test
  void inputIsNotModified() {
    RawDocument d = read(component("x", ""));
    ObjectNode before = (ObjectNode) d.root().deepCopy();
    V.validate(d);
    assertThat(d.root()).isEqualTo(before);
  }
}
