package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.Actions;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ChangelogAppendActionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  private static final TemplateUser JANE = TemplateUser.of("user:default/jane");

  /** A small v1beta3 template: fetch a skeleton, add the release, log the output. */
  private static final Template RELEASE = Template.fromYaml("release-notes.yaml", """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: release-notes
        title: Release notes
      spec:
        type: service
        owner: group:default/platform
        parameters:
          - title: Release
            required: [version, change]
            properties:
              version: { type: string, title: Version }
              change: { type: string, title: What changed }
              path: { type: string, title: Changelog file }
        steps:
          - id: fetch
            name: Fetch the skeleton
            action: fetch:plain
            input: { url: ./skeleton }
          - id: changelog
            name: Add the release
            action: acme:changelog:append
            input:
              path: ${{ parameters.path }}
              version: ${{ parameters.version }}
              entries:
                - ${{ parameters.change }}
                - Released by ${{ user.ref }}
          - id: log
            name: Say what was written
            action: debug:log
            input:
              message: wrote ${{ steps.changelog.output.heading }}
        output:
          text:
            - title: Changelog
              content: ${{ steps.changelog.output.heading }} in ${{ steps.changelog.output.path }}
      """, null);

  private static final List<WorkspaceFile> SKELETON = List.of(
      file("skeleton/README.md", "# payments\n"),
      file("skeleton/CHANGELOG.md", """
          # Changelog

          All notable changes to this service.

          ## [1.0.0] - 2026-01-10

          - First release
          """));

  @TempDir Path tmp;

  private Scaffolder scaffolder() {
    return Scaffolder.builder()
        .defaultActions()
        .action(new ChangelogAppendAction(CLOCK)) // explicit registration
        .workspaceRoot(tmp.resolve("dry-runs"))
        .build();
  }

  private static WorkspaceFile file(String path, String text) {
    return new WorkspaceFile(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  private static WorkspaceFile produced(RunResult r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(path + " not produced; files: " + r.files()));
  }

  @Test
  void aDryRunAddsTheNewReleaseAboveTheNewestOneAndSetsTheOutputs() {
    RunResult r = scaffolder().dryRun(RELEASE,
        Json.parse("{\"version\":\"1.1.0\",\"change\":\"Refunds   in\\n two steps\"}"), Map.of(), JANE,
        SKELETON);

    assertThat(produced(r, "CHANGELOG.md").text()).isEqualTo("""
        # Changelog

        All notable changes to this service.

        ## [1.1.0] - 2026-11-25

        - Refunds in two steps
        - Released by user:default/jane

        ## [1.0.0] - 2026-01-10

        - First release
        """);
    assertThat(produced(r, "README.md").text()).isEqualTo("# payments\n");

    JsonNode out = r.stepOutputs().get("changelog");
    assertThat(out.get("path").asString()).isEqualTo("CHANGELOG.md"); // the input's default
    assertThat(out.get("heading").asString()).isEqualTo("## [1.1.0] - 2026-11-25");
    assertThat(out.get("created").asBoolean()).isFalse();
    assertThat(r.output().at("/text/0/content").asString())
        .isEqualTo("## [1.1.0] - 2026-11-25 in CHANGELOG.md");
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("[dry run] updated CHANGELOG.md: ## [1.1.0] - 2026-11-25 with 2 entries",
            "wrote ## [1.1.0] - 2026-11-25");
  }

  @Test
  void aMissingChangelogIsCreatedWhereThePathSays() {
    RunResult r = scaffolder().dryRun(RELEASE,
        Json.parse("{\"version\":\"0.1.0\",\"change\":\"Created\",\"path\":\"docs/CHANGES.md\"}"),
        Map.of(), JANE, List.of(file("skeleton/README.md", "# new\n")));

    assertThat(produced(r, "docs/CHANGES.md").text()).isEqualTo("""
        # Changelog

        ## [0.1.0] - 2026-11-25

        - Created
        - Released by user:default/jane
        """);
    assertThat(r.stepOutputs().get("changelog").get("created").asBoolean()).isTrue();
    assertThat(r.stepOutputs().get("changelog").get("path").asString()).isEqualTo("docs/CHANGES.md");
  }

  @Test
  void aPathOutsideTheWorkspaceIsRefusedAndNothingIsWrittenThere() throws Exception {
    JsonNode escaping = Json.parse("{\"version\":\"1.1.0\",\"change\":\"x\",\"path\":\"../outside.md\"}");
    assertThatThrownBy(() -> scaffolder().dryRun(RELEASE, escaping, Map.of(), JANE, SKELETON))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("../outside.md")
        .hasMessageContaining("outside its parent")
        .satisfies(e -> assertThat(((StepFailedException) e).stepId()).isEqualTo("changelog"));

    // the same through the runner the task layer uses, on a real workspace: the file next to the
    // workspace stays absent
    Path workspace = Files.createDirectories(tmp.resolve("task/workspace"));
    Template onDisk = RELEASE.withBaseUrl(Files.createDirectories(tmp.resolve("template")).toUri().toString());
    Files.createDirectories(tmp.resolve("template/skeleton"));
    Files.writeString(tmp.resolve("template/skeleton/README.md"), "# x\n");
    assertThatThrownBy(() -> scaffolder().runner().run(
            RunRequest.builder(onDisk, workspace).parameters(escaping).user(JANE).build()))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("outside its parent");
    assertThat(tmp.resolve("task/outside.md")).doesNotExist();
    assertThat(workspace.resolve("README.md")).exists(); // the steps before it did run

    JsonNode absolute = Json.parse("{\"version\":\"1.1.0\",\"change\":\"x\",\"path\":\"/etc/motd\"}");
    assertThatThrownBy(() -> scaffolder().dryRun(RELEASE, absolute, Map.of(), JANE, SKELETON))
        .hasMessageContaining("absolute paths are not allowed");
  }

  @Test
  void aVersionThatIsAlreadyReleasedIsRefusedWithItsLine() {
    assertThatThrownBy(() -> scaffolder().dryRun(RELEASE,
            Json.parse("{\"version\":\"1.0.0\",\"change\":\"again\"}"), Map.of(), JANE, SKELETON))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("CHANGELOG.md already has a section for version 1.0.0 (line 5)");
  }

  @Test
  void theRunnerChecksTheInputAgainstTheSchemaBeforeTheActionRuns() {
    Template noEntries = Template.fromYaml("bad.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: bad }
        spec:
          type: service
          steps:
            - id: changelog
              action: acme:changelog:append
              input: { version: "1.0.0", entries: [], date: "25/11/2026" }
        """, null);
    assertThatThrownBy(() -> scaffolder().dryRun(noEntries, Json.object(), Map.of(), JANE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Invalid input passed to action acme:changelog:append")
        .hasMessageContaining("/entries")
        .hasMessageContaining("/date");
  }

  @Test
  void itIsListedWithItsDescriptionExamplesAndSchemas() {
    TemplateAction a = scaffolder().action(ChangelogAppendAction.ID).orElseThrow();
    assertThat(a.description()).contains("Keep a Changelog");
    assertThat(a.supportsDryRun()).isTrue();
    assertThat(a.examples()).singleElement()
        .satisfies(e -> assertThat(e.example()).contains("action: acme:changelog:append"));
    assertThat(a.inputSchema().at("/required").toString()).isEqualTo("[\"version\",\"entries\"]");
    assertThat(a.outputSchema().at("/properties").propertyNames())
        .containsExactly("path", "heading", "created");
  }

  @Test
  void foundByDiscoveryThroughMetaInfServices() {
    assertThat(Actions.discover(getClass().getClassLoader()))
        .anyMatch(a -> a instanceof ChangelogAppendAction);

    Scaffolder discovered = Scaffolder.builder().defaultActions().discoverActions()
        .workspaceRoot(tmp.resolve("dry-runs")).build();
    assertThat(discovered.action(ChangelogAppendAction.ID)).isPresent();
    Template dated = Template.fromYaml("dated.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: dated }
        spec:
          type: service
          steps:
            - id: changelog
              action: acme:changelog:append
              input: { path: " ", version: "2.0.0", date: "2026-12-01", entries: ["Discovered"] }
        """, null);
    RunResult r = discovered.dryRun(dated, Json.object(), Map.of(), JANE);
    assertThat(produced(r, "CHANGELOG.md").text())
        .isEqualTo("# Changelog\n\n## [2.0.0] - 2026-12-01\n\n- Discovered\n");
  }
}
