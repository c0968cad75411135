package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.publish.fake.GithubHost;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a golden path as create-app's sample template writes it: {@code publish:github}
 * then {@code catalog:register} of the pushed catalog file, read back through the GitHub
 * integration's reader from the new repository.
 */
class PublishAndRegisterTest {
  @TempDir Path tmp;

  @Test
  void thePublishedCatalogFileIsRegistered() throws Exception {
    try (GithubHost host = new GithubHost(tmp.resolve("gh"))) {
      host.org("acme").user("jane", "ghp_register");
      var gh = new GithubIntegrationConfig(host.host(), host.apiBaseUrl(), null,
          Secret.of("ghp_register"), List.of());
      IntegrationsConfig integrations = new IntegrationsConfig(List.of(gh), List.of(), List.of(),
          List.of(), List.of(), List.of(), List.of());
      ScmIntegrations scm = ScmIntegrations.builder().config(integrations).build();
      Path ws = Files.createDirectories(tmp.resolve("ws"));
      Files.writeString(ws.resolve("catalog-info.yaml"), """
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata: { name: app }
          spec: { type: service, lifecycle: experimental, owner: team-a }
          """);
      try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
          .urlReader(scm.urlReader()).processingDisabled().build()) {
        engine.start();
        PublishActions publish = PublishActions.builder().integrations(integrations)
            .targets(RemoteTargets.builder().allowHost(host.host()).build()).build();
        Scaffolder s = Scaffolder.builder().defaultActions().actions(publish.actions())
            .catalogEngine(engine).workspaceRoot(tmp.resolve("dry")).build();
        RunResult r = s.runner().run(RunRequest.builder(Runs.template("""
            - id: publish
              action: publish:github
              input: { repoUrl: "%s?owner=acme&repo=app", defaultBranch: main }
            - id: register
              action: catalog:register
              input:
                repoContentsUrl: ${{ steps.publish.output.repoContentsUrl }}
                catalogInfoPath: /catalog-info.yaml
            """.formatted(host.host())), ws).parameters(Json.object()).build());
        assertThat(host.files(GithubHost.gitPath("acme", "app"), "main"))
            .containsKey("catalog-info.yaml");
        assertThat(r.stepOutputs().get("register").path("entityRef").asString())
            .isEqualTo("component:default/app");
        assertThat(engine.locations()).extracting(l -> l.target())
            .contains(host.baseUrl() + "/acme/app/blob/main/catalog-info.yaml");
      }
    }
  }
}
