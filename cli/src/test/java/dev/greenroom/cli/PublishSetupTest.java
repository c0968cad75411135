package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} registers from scaffolder-publish, over the app config's integrations. */
class PublishSetupTest {
  @TempDir Path tmp;

  @Test
  void offersEveryPublishingActionOverTheConfiguredIntegrations() throws Exception {
    Path file = tmp.resolve("app-config.yaml");
    Files.writeString(file, """
        integrations:
          bitbucketServer:
            - host: git.acme.example
              token: ${BB_TOKEN}
        scaffolder:
          defaultAuthor: { name: Acme Bot, email: bot@acme.example }
          defaultCommitMessage: scaffolded
        """);
    AppConfig config = AppConfig.load(List.of(file), name -> "secret-bb-token");
    List<TemplateAction> actions = PublishSetup.actions(config, RemoteTargets.publicOnly());
    assertThat(actions).extracting(TemplateAction::id).containsExactlyInAnyOrder(
        "publish:github", "github:repo:create", "github:repo:push", "publish:github:pull-request",
        "github:webhook", "github:environment:create", "github:actions:dispatch",
        "publish:gitlab", "publish:gitlab:merge-request", "gitlab:group:ensureExists",
        "publish:bitbucketServer", "publish:bitbucketServer:pull-request",
        "publish:bitbucketCloud", "publish:gitea", "publish:gerrit", "publish:azure");
    // the dry-run safe ones, as in Backstage 1.56's modules
    assertThat(actions).filteredOn(TemplateAction::supportsDryRun).extracting(TemplateAction::id)
        .containsExactlyInAnyOrder("publish:gerrit", "publish:github:pull-request",
            "github:webhook", "gitlab:group:ensureExists");

    // the input schemas serve lists (GET /api/scaffolder/v2/actions) name Backstage 1.56's inputs
    assertThat(actions).filteredOn(a -> a.id().equals("publish:gitlab")).singleElement()
        .satisfies(a -> assertThat(a.inputSchema().path("properties").has("skipExisting"))
            .isTrue());
    assertThat(actions).filteredOn(a -> a.id().equals("publish:github:pull-request"))
        .singleElement().satisfies(a -> assertThat(a.inputSchema().path("properties")
            .has("filesToDelete")).isTrue());

    // the configured host is known; an unresolvable one is refused before any request
    Scaffolder s = Scaffolder.builder().actions(actions).workspaceRoot(tmp.resolve("dry")).build();
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: p }
        spec:
          type: service
          steps:
            - id: publish
              action: publish:bitbucketServer
              input: { repoUrl: "git.acme.example?project=A&repo=b" }
        """, null);
    assertThatThrownBy(() -> s.runner().run(RunRequest.builder(t,
        Files.createDirectories(tmp.resolve("ws"))).parameters(Json.object()).build()))
        .hasMessageContaining("git.acme.example")
        .hasMessageContaining("refusing to connect")
        .hasMessageNotContaining("secret-bb-token");
  }
}
