package dev.greenroom.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.template.ParameterValidationException;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The entry point over a real catalog: template lookup, parameter schema, dry runs. */
class ScaffolderTest {
  @TempDir Path tmp;

  @Test
  void templatesComeFromTheCatalogAndResolveTheirSkeletonNextToTheirFile() throws Exception {
    Path src = Path.of(getClass().getResource(
        "/corpus/templates/software-templates/scaffolder-templates/docs-template").toURI());
    Path dir = tmp.resolve("catalog/docs-template");
    Files.createDirectories(dir.resolve("skeleton/docs"));
    for (String f : List.of("template.yaml", "skeleton/catalog-info.yaml", "skeleton/mkdocs.yml",
        "skeleton/docs/index.md")) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .fileRoots(List.of(tmp.resolve("catalog")))
        .location("file", dir.resolve("template.yaml").toString())
        .processingDisabled().build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
      // a GitHub publisher that must never run in a dry run
      dev.greenroom.scaffolder.action.TemplateAction github =
          new dev.greenroom.scaffolder.action.TemplateAction() {
            @Override
            public String id() {
              return "publish:github";
            }

            @Override
            public tools.jackson.databind.JsonNode outputSchema() {
              return Json.parse("{\"type\":\"object\",\"properties\":{"
                  + "\"remoteUrl\":{\"type\":\"string\"},\"repoContentsUrl\":{\"type\":\"string\"}}}");
            }

            @Override
            public void execute(dev.greenroom.scaffolder.action.ActionContext ctx) {
              throw new IllegalStateException("publish:github ran in a dry run");
            }
          };
      Scaffolder s = Scaffolder.builder().defaultActions().action(github).catalogEngine(engine)
          .workspaceRoot(tmp.resolve("work")).build();

      Template t = s.template(EntityRef.parse("template:default/docs-template"));
      assertThat(t.baseUrl()).isEqualTo(dir.toUri().toString());
      ObjectNode schema = s.parameterSchema(t);
      assertThat(schema.get("title").asString()).isEqualTo("Documentation Template");
      assertThat(schema.get("steps")).hasSize(2);
      assertThat(schema.at("/steps/0/title").asString()).isEqualTo("Fill in some steps");
      assertThat(schema.at("/steps/0/schema/properties/name/ui:field").asString())
          .isEqualTo("EntityNamePicker");
      assertThat(schema.at("/steps/1/schema/properties/repoUrl/ui:options/allowedHosts/0")
          .asString()).isEqualTo("github.com");

      assertThatThrownBy(() -> s.dryRun(t, Json.parse("{\"name\":\"x\"}"), Map.of(),
          TemplateUser.anonymous()))
          .isInstanceOfSatisfying(ParameterValidationException.class,
              e -> assertThat(e.errors()).extracting(x -> x.field())
                  .containsExactlyInAnyOrder("description", "repoUrl"));

      // a dry run without the publish/register steps' effects: they do not support dry run
      RunResult r = s.dryRun(t, Json.parse("""
          {"name":"guide","description":"A guide","owner":"group:default/docs",
           "repoUrl":"github.com?owner=acme&repo=guide"}"""), Map.of("token", "s3cr3t"),
          TemplateUser.of("user:default/jane"));
      assertThat(r.files()).extracting(WorkspaceFile::path)
          .containsExactly("catalog-info.yaml", "docs/index.md", "mkdocs.yml");
      assertThat(r.files().get(0).text()).contains("name: \"guide\"", "acme/guide");
      assertThat(r.stepOutputs().get("publish").get("remoteUrl").asString()).isEqualTo("<example>");
      assertThat(r.log()).extracting(RunResult.LogLine::message)
          .contains("Skipping because publish:github does not support dry-run");
      assertThat(engine.locations()).isEmpty();
      try (var left = Files.list(tmp.resolve("work"))) {
        assertThat(left).as("dry-run directories are removed").isEmpty();
      }

      assertThatThrownBy(() -> s.template(EntityRef.parse("template:default/nope")))
          .isInstanceOf(TemplateException.class).hasMessageContaining("not found");
    }
  }

  @Test
  void dryRunOfAnUnsavedTemplateUsesTheGivenFilesAsItsDirectory() throws Exception {
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: draft }
        spec:
          type: service
          steps:
            - { id: f, action: fetch:template, input: { url: ./skeleton, values: { n: "${{ parameters.n }}" } } }
        """, null);
    RunResult r = s.dryRun(t, Json.parse("{\"n\":\"z\"}"), Map.of(), TemplateUser.anonymous(),
        List.of(new WorkspaceFile("skeleton/a.txt", "n=${{ values.n }}".getBytes(), false)));
    assertThat(r.files()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("a.txt");
      assertThat(f.text()).isEqualTo("n=z");
    });
    assertThatThrownBy(() -> s.dryRun(t, Json.object(), Map.of(), TemplateUser.anonymous(),
        List.of(new WorkspaceFile("../escape.txt", new byte[0], false))))
        .hasMessageContaining("outside its parent");
  }

  @Test
  void duplicateActionIdsAreRefused() {
    var a = new dev.greenroom.scaffolder.action.builtin.DebugLogAction();
    assertThatThrownBy(() -> Scaffolder.builder().action(a).action(a).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("debug:log");
  }
}
