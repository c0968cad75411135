package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.integrations.GiteaIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.publish.fake.GerritHost;
import dev.greenroom.scaffolder.publish.fake.GiteaHost;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish:gitea} and {@code publish:gerrit} against local hosts with a real git side. */
class GiteaGerritPublishTest {
  static final String PASSWORD = "gitea-pw-77";
  @TempDir Path tmp;
  GiteaHost gitea;
  GerritHost gerrit;
  Runs runs;

  @BeforeEach
  void setUp() throws Exception {
    gitea = new GiteaHost(tmp.resolve("gitea"));
    gitea.org("acme").basic("bot", PASSWORD);
    gerrit = new GerritHost(tmp.resolve("gerrit"));
    gerrit.basic("gbot", "http-pw");
    var giteaConfig = new GiteaIntegrationConfig(gitea.host(), gitea.baseUrl(), "bot",
        Secret.of(PASSWORD));
    var gerritConfig = new GerritIntegrationConfig(gerrit.host(), gerrit.baseUrl(),
        gerrit.baseUrl(), gerrit.baseUrl() + "/plugins/gitiles", "gbot", Secret.of("http-pw"));
    IntegrationsConfig c = new IntegrationsConfig(List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(gerritConfig), List.of(giteaConfig));
    runs = new Runs(tmp.resolve("run2"), c, gitea.host());
    runs.file("README.md", "# app\n");
  }

  @AfterEach
  void tearDown() {
    gitea.close();
    gerrit.close();
  }

  @Test
  void giteaCreatesTheRepositoryInTheOrganisationAndPushes() throws Exception {
    RunResult r = runs.run("""
        - id: publish
          action: publish:gitea
          input: { repoUrl: "%s?owner=acme&repo=app", description: The app, repoVisibility: private }
        """.formatted(gitea.host()));
    assertThat(gitea.files("acme/app.git", "main")).containsOnlyKeys("README.md");
    assertThat(gitea.headCommit("acme/app.git", "main"))
        .matches("(?s)Greenroom Bot <bot@greenroom.dev> first\\s+Change-Id: I[0-9a-f]{40}");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString()).isEqualTo(gitea.baseUrl() + "/acme/app.git");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(gitea.baseUrl() + "/acme/app/src/branch/main/");
    assertThat(gitea.requests("POST", "/api/v1/orgs/acme/repos").get(0).body().toString())
        .isEqualTo("{\"auto_init\":false,\"description\":\"The app\",\"name\":\"app\","
            + "\"org\":\"acme\",\"private\":true,\"readme\":\"Default\"}");
  }

  @Test
  void giteaRefusesAMissingOrganisationAndAnExistingRepository() throws Exception {
    String step = """
        - id: publish
          action: publish:gitea
          input: { repoUrl: "%s?owner=%s&repo=app" }
        """;
    assertThatThrownBy(() -> runs.run(step.formatted(gitea.host(), "nobody")))
        .hasMessageContaining("Organization nobody do not exist on Gitea " + gitea.host());
    runs.run(step.formatted(gitea.host(), "acme"));
    assertThatThrownBy(() -> runs.run(step.formatted(gitea.host(), "acme")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("repository acme/app already exists on Gitea " + gitea.host());
  }

  @Test
  void gerritCreatesTheProjectUnderItsParentAndPushes() throws Exception {
    Runs g = new Runs(tmp.resolve("g"), runsConfig(), gerrit.host());
    g.file("a.txt", "a\n");
    RunResult r = g.run("""
        - id: publish
          action: publish:gerrit
          input: { repoUrl: "%s?repo=app&owner=admins&workspace=All-Projects", defaultBranch: main }
        """.formatted(gerrit.host()));
    assertThat(gerrit.files(GerritHost.gitPath("app"), "main")).containsOnlyKeys("a.txt");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString()).isEqualTo(gerrit.baseUrl() + "/a/app");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(gerrit.baseUrl() + "/plugins/gitiles/app/+/refs/heads/main");
    assertThat(out.path("commitHash").asString())
        .isEqualTo(gerrit.head(GerritHost.gitPath("app"), "main"));
    assertThat(gerrit.requests("PUT", "/a/projects/app").get(0).body().toString())
        .isEqualTo("{\"parent\":\"All-Projects\",\"description\":\"\",\"branches\":[\"main\"],"
            + "\"owners\":[\"admins\"],\"create_empty_commit\":false}");
    assertThatThrownBy(() -> g.run("""
        - id: publish
          action: publish:gerrit
          input: { repoUrl: "%s?repo=app&workspace=All-Projects" }
        """.formatted(gerrit.host())))
        .hasMessageContaining("project app already exists on Gerrit " + gerrit.host());
  }

  @Test
  void gerritDryRunsReportWithoutCreating() throws Exception {
    Runs g = new Runs(tmp.resolve("g"), runsConfig(), gerrit.host());
    RunResult r = g.dryRun("""
        - id: publish
          action: publish:gerrit
          input: { repoUrl: "%s?repo=app&workspace=All-Projects" }
        """.formatted(gerrit.host()));
    assertThat(r.stepOutputs().get("publish").path("commitHash").asString())
        .isEqualTo("abcd-dry-run-1234");
    assertThat(gerrit.requests()).isEmpty();
  }

  private IntegrationsConfig runsConfig() {
    return new IntegrationsConfig(List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(new GerritIntegrationConfig(gerrit.host(), gerrit.baseUrl(), gerrit.baseUrl(),
            gerrit.baseUrl() + "/plugins/gitiles", "gbot", Secret.of("http-pw"))), List.of());
  }
}
