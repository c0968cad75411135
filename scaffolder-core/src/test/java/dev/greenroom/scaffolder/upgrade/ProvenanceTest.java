package dev.greenroom.scaffolder.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What a run records: versions, values without secrets, and the values file's checks. */
class ProvenanceTest {
  static final String TEMPLATE = """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: svc
        namespace: platform
      spec:
        type: service
        parameters:
          - properties:
              name: { type: string }
              password: { type: string, ui:widget: password }
            dependencies:
              name:
                oneOf:
                  - properties:
                      deployKey: { type: string, ui:field: Secret }
          - properties:
              tags: { type: array }
              settings: { type: object }
        steps:
          - { id: log, action: debug:log, input: { message: hi } }
      """;

  static Template template(String yaml) {
    return Template.fromYaml("template.yaml", yaml, null);
  }

  @Test
  void versionIsTheAuthorsAnnotationOrAStableHashOfTheSpec() {
    Template t = template(TEMPLATE);
    String hash = TemplateProvenance.version(t);
    assertThat(hash).matches("sha256:[0-9a-f]{16}");
    // the same spec with keys in another order and other metadata: the same version
    ObjectNode entity = t.entity();
    ObjectNode spec = (ObjectNode) entity.get("spec");
    ObjectNode reversed = Json.object();
    java.util.List<String> keys = new java.util.ArrayList<>(spec.propertyNames());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reversed.set(k, spec.get(k)));
    entity.set("spec", reversed);
    entity.withObject("metadata").put("title", "Another title");
    Template reordered = Template.fromJson(entity, null);
    assertThat(Json.write(reordered.entity().get("spec"))).isNotEqualTo(Json.write(t.entity().get("spec")));
    assertThat(TemplateProvenance.version(reordered)).isEqualTo(hash);
    assertThat(TemplateProvenance.version(template(TEMPLATE.replace("message: hi", "message: ho"))))
        .isNotEqualTo(hash);
    Template annotated = template(TEMPLATE.replace("  namespace: platform\n",
        "  namespace: platform\n  annotations:\n    scaffolder.backstage.io/template-version: 2.1.0\n"));
    assertThat(TemplateProvenance.version(annotated)).isEqualTo("2.1.0");
  }

  @Test
  void secretFieldsAndValuesHoldingSecretsAreNotRecorded() {
    ObjectNode values = (ObjectNode) Json.parse("""
        {"name":"orders","password":"pw-123","deployKey":"ssh-rsa AAAA",
         "tags":["public","key-s3cr3t-value"],"settings":{"url":"https://x/?t=s3cr3t-value","ok":true}}""");
    TemplateProvenance p = TemplateProvenance.of(template(TEMPLATE), values,
        Map.of("token", "s3cr3t-value"), "user:default/jane");
    assertThat(p.templateRef()).isEqualTo("template:platform/svc");
    assertThat(p.values()).isEqualTo(Json.parse("""
        {"name":"orders","tags":["public"],"settings":{"ok":true}}"""));
    String file = Json.write(p.toJson());
    assertThat(file).doesNotContain("s3cr3t").doesNotContain("pw-123").doesNotContain("ssh-rsa");
    TemplateProvenance back = TemplateProvenance.fromJson("f", file.getBytes(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(p);
  }

  @Test
  void aMalformedValuesFileNamesTheFileAndField() {
    assertThatThrownBy(() -> TemplateProvenance.fromJson("repo/.greenroom/template-values.json",
        "{\"version\":\"1\",\"values\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TemplateException.class)
        .hasMessage("repo/.greenroom/template-values.json: templateRef is missing");
    assertThatThrownBy(() -> TemplateProvenance.fromJson("f",
        "{\"templateRef\":\"template:default/a\",\"version\":\"1\",\"values\":[]}"
            .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("f: values must be an object");
    assertThatThrownBy(() -> TemplateProvenance.fromJson("f", "not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("f: the values file is not valid JSON");
    assertThatThrownBy(() -> TemplateProvenance.fromJson("f",
        new byte[TemplateProvenance.MAX_VALUES_FILE_BYTES + 1]))
        .hasMessageContaining("larger than " + TemplateProvenance.MAX_VALUES_FILE_BYTES);
  }

  @Test
  void repositoryLocationsAndBranchNames() {
    RepositoryLocation gh = RepositoryLocation.parse(
        "url:https://github.com/acme/orders/blob/main/catalog-info.yaml");
    assertThat(gh).isEqualTo(new RepositoryLocation("https://github.com/acme/orders/tree/main/",
        "https://github.com/acme/orders.git", "main"));
    assertThat(RepositoryLocation.parse("https://gitlab.example.com/g/sub/app/-/tree/dev/x/"))
        .isEqualTo(new RepositoryLocation("https://gitlab.example.com/g/sub/app/-/tree/dev/",
            "https://gitlab.example.com/g/sub/app.git", "dev"));
    assertThatThrownBy(() -> RepositoryLocation.parse("https://example.com/catalog-info.yaml"))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining("https://example.com/catalog-info.yaml");
    assertThat(TemplateUpgrades.valuesPathOf("url:https://h/o/r/blob/main/svc/catalog-info.yaml"))
        .isEqualTo("svc/.greenroom/template-values.json");
    assertThat(TemplateUpgrades.valuesPathOf("url:https://h/o/r/tree/main/"))
        .isEqualTo(".greenroom/template-values.json");
    assertThat(TemplateUpgrades.branchName(
        dev.greenroom.catalog.model.EntityRef.parse("template:default/svc"), "sha256:ab12"))
        .isEqualTo("greenroom/upgrade-svc-sha256-ab12");
    assertThat(TemplateUpgrades.branchName(
        dev.greenroom.catalog.model.EntityRef.parse("template:default/svc"), "2.1.0"))
        .isEqualTo("greenroom/upgrade-svc-2.1.0");
  }
}
