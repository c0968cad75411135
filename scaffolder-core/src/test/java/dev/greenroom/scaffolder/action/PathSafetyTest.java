package dev.greenroom.scaffolder.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every path an action touches stays inside the task's workspace. */
class PathSafetyTest {
  @TempDir Path tmp;
  Path templateDir;
  Path workspace;
  Path outside;

  @BeforeEach
  void setUp() throws Exception {
    templateDir = tmp.resolve("templates/demo");
    Files.createDirectories(templateDir.resolve("skeleton/sub"));
    Files.writeString(templateDir.resolve("skeleton/README.md"), "# ${{ values.name }}\n");
    Files.writeString(templateDir.resolve("skeleton/${{ values.name }}.txt"), "named\n");
    Files.writeString(templateDir.resolve("skeleton/sub/keep.txt"), "keep\n");
    Files.writeString(tmp.resolve("templates/secret.txt"), "outside the template\n");
    workspace = tmp.resolve("ws");
    outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("victim.txt"), "do not touch\n");
  }

  private RunResult run(String steps, String name) {
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: paths }
        spec:
          type: service
          steps:
        """ + steps.indent(4), templateDir.toUri().toString());
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    return s.runner().run(RunRequest.builder(t, workspace)
        .parameters(Json.parse("{\"name\":" + Json.write(Json.nodes().stringNode(name)) + "}"))
        .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "../../etc", "/tmp/abs", "sub/../../outside", "./a/../../x"})
  void targetPathCannotLeaveTheWorkspace(String target) {
    assertThatThrownBy(() -> run("""
        - id: f
          action: fetch:template
          input: { url: ./skeleton, targetPath: "%s", values: { name: x } }
        """.formatted(target), "x"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("targetPath")
        .hasMessageContaining(target);
    assertThat(outside.resolve("README.md")).doesNotExist();
  }

  @Test
  void renderedFileNamesCannotLeaveTheTarget() {
    assertThatThrownBy(() -> run("""
        - id: f
          action: fetch:template
          input: { url: ./skeleton, values: { name: "../../outside/pwned" } }
        """, "x"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("outside its parent");
    assertThat(outside.resolve("pwned.txt")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../secret.txt", "../../templates/secret.txt", "file:///etc/passwd",
      "/etc/passwd"})
  void fetchUrlsCannotReadOutsideTheTemplateDirectory(String url) {
    assertThatThrownBy(() -> run("""
        - id: f
          action: fetch:plain:file
          input: { url: "%s", targetPath: got.txt }
        """.formatted(url), "x"))
        .isInstanceOf(StepFailedException.class);
    assertThat(workspace.resolve("got.txt")).doesNotExist();
  }

  @Test
  void fsActionsAreConfined() {
    for (String step : new String[] {
        "{ id: d, action: fs:delete, input: { files: [\"../outside/victim.txt\"] } }",
        "{ id: d, action: fs:delete, input: { files: [\"../outside/*.txt\"] } }",
        "{ id: d, action: fs:delete, input: { files: [\"/etc/hostname\"] } }",
        "{ id: r, action: fs:rename, input: { files: [{ from: \"../outside/victim.txt\", to: x }] } }",
        "{ id: r, action: fs:rename, input: { files: [{ from: README.md, to: \"../outside/y\" }] } }",
        "{ id: l, action: fs:readdir, input: { paths: [\"..\"] } }",
        "{ id: w, action: catalog:write, input: { filePath: \"../outside/c.yaml\", entity: {} } }",
    }) {
      assertThatThrownBy(() -> run("""
          - { id: f, action: fetch:template, input: { url: ./skeleton, values: { name: x } } }
          - %s
          """.formatted(step), "x")).as(step).isInstanceOf(StepFailedException.class)
          .satisfies(e -> assertThat(e.getMessage())
              .containsAnyOf("outside its parent", "absolute paths are not allowed"));
    }
    assertThat(outside.resolve("victim.txt")).hasContent("do not touch");
    assertThat(outside.resolve("y")).doesNotExist();
    assertThat(outside.resolve("c.yaml")).doesNotExist();
  }

  @Test
  void symbolicLinksOutOfTheWorkspaceAreRefused() throws Exception {
    Files.createDirectories(workspace);
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    assertThatThrownBy(() -> run("""
        - { id: d, action: fs:delete, input: { files: ["escape/victim.txt"] } }
        """, "x")).isInstanceOf(StepFailedException.class).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("victim.txt")).exists();
  }

  @Test
  void fsActionsWorkInsideTheWorkspace() {
    RunResult r = run("""
        - { id: f, action: fetch:template, input: { url: ./skeleton, values: { name: app } } }
        - { id: r, action: fs:rename, input: { files: [{ from: app.txt, to: docs/app.txt }] } }
        - { id: d, action: fs:delete, input: { files: ["sub"] } }
        - { id: l, action: fs:readdir, input: { paths: ["."], recursive: true } }
        """, "app");
    assertThat(workspace.resolve("README.md")).hasContent("# app");
    assertThat(workspace.resolve("docs/app.txt")).hasContent("named");
    assertThat(workspace.resolve("sub")).doesNotExist();
    assertThat(r.stepOutputs().get("l").get("files").findValuesAsString("path"))
        .containsExactlyInAnyOrder("README.md", "docs/app.txt");
  }
}
