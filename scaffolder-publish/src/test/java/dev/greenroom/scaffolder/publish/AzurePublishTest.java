package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.integrations.AzureIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.publish.fake.AzureHost;
import dev.greenroom.scaffolder.publish.fake.TestTls;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish:azure} against a local Azure DevOps over HTTPS with a real git side. */
class AzurePublishTest {
  static final String PAT = "azure-pat-0f9e";
  @TempDir Path tmp;
  AzureHost host;
  AutoCloseable tls;
  Runs runs;

  @BeforeEach
  void setUp() throws Exception {
    var ctx = TestTls.create(tmp.resolve("tls"));
    tls = TestTls.install(ctx);
    host = new AzureHost(tmp.resolve("azure"), ctx);
    host.project("acme", "platform").basic("PAT", PAT).basic("notempty", PAT);
    runs = runs(List.of("acme"));
    runs.file("README.md", "# app\n").file("azure-pipelines.yml", "trigger: [main]\n");
  }

  private Runs runs(List<String> organizations) throws Exception {
    var credential = new AzureIntegrationConfig.Credential(
        AzureIntegrationConfig.Kind.PersonalAccessToken, organizations, Secret.of(PAT), null,
        null, null);
    var azure = new AzureIntegrationConfig(host.host(), "7.1", List.of(credential));
    IntegrationsConfig c = new IntegrationsConfig(List.of(), List.of(), List.of(), List.of(),
        List.of(azure), List.of(), List.of());
    return new Runs(tmp.resolve("run" + System.nanoTime()), c, host.host());
  }

  @AfterEach
  void tearDown() throws Exception {
    host.close();
    tls.close();
  }

  private String step(String repo) {
    return """
        - id: publish
          action: publish:azure
          input:
            repoUrl: %s?organization=acme&project=platform&repo=%s
            defaultBranch: main
        """.formatted(host.host(), repo);
  }

  @Test
  void createsTheRepositoryAndPushesOverHttps() throws Exception {
    RunResult r = runs.run(step("app"));
    String git = AzureHost.gitPath("acme", "platform", "app");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", "azure-pipelines.yml");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString())
        .isEqualTo("https://acme@" + host.host() + "/" + git);
    assertThat(out.path("repoContentsUrl").asString()).isEqualTo(host.baseUrl() + "/" + git);
    assertThat(out.path("repositoryId").asString()).isNotEmpty();
    assertThat(out.path("commitHash").asString()).isEqualTo(host.head(git, "main"));
    var create = host.requests("POST", "/acme/platform/_apis/git/repositories").get(0);
    assertThat(create.query()).isEqualTo("api-version=7.1");
    assertThat(create.body().toString()).isEqualTo("{\"name\":\"app\"}");
  }

  @Test
  void anExistingRepositoryAndAnUnknownProjectAreClearErrors() throws Exception {
    runs.run(step("app"));
    assertThatThrownBy(() -> runs.run(step("app")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("repository acme/platform/app already exists on Azure DevOps "
            + host.host());
    assertThatThrownBy(() -> runs.run(step("x").replace("project=platform", "project=nope")))
        .hasMessageContaining("Project nope and Repo x on Azure DevOps " + host.host());
  }

  @Test
  void noCredentialForTheOrganisationIsAnError() throws Exception {
    Runs other = runs(List.of("someone-else"));
    assertThatThrownBy(() -> other.run(step("app")))
        .hasMessageContaining("No credentials provided https://" + host.host() + "/acme");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void refusedTokensNameTheHostNotTheToken() throws Exception {
    host.failWith(401);
    assertThatThrownBy(() -> runs.run(step("app")))
        .hasMessageContaining("Azure DevOps " + host.host() + " refused the credentials")
        .hasMessageNotContaining(PAT);
    assertThat(runs.log).noneMatch(l -> l.contains(PAT));
  }
}
