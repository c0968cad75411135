package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.publish.fake.BitbucketCloudHost;
import dev.greenroom.scaffolder.run.Checkpoints;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish:bitbucketCloud} against a local Bitbucket Cloud with a real git side. */
class BitbucketCloudPublishTest {
  static final String APP_PASSWORD = "app-pw-5b1e";
  @TempDir Path tmp;
  BitbucketCloudHost host;

  @BeforeEach
  void setUp() throws Exception {
    host = new BitbucketCloudHost(tmp.resolve("cloud"), "builder");
    host.basic("builder", APP_PASSWORD);
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private Runs runs(@Nullable String user, @Nullable String appPassword, @Nullable String token)
      throws Exception {
    var cloud = new BitbucketCloudIntegrationConfig(host.host(), host.apiBaseUrl(), user,
        appPassword == null ? null : Secret.of(appPassword), token == null ? null : Secret.of(token));
    IntegrationsConfig c = new IntegrationsConfig(List.of(), List.of(), List.of(cloud), List.of(),
        List.of(), List.of(), List.of());
    Runs runs = new Runs(tmp.resolve("run" + System.nanoTime()), c, host.host());
    runs.file("README.md", "# app\n").file("docs/index.md", "docs\n");
    return runs;
  }

  private String step(String extra) {
    return """
        - id: publish
          action: publish:bitbucketCloud
          input:
            repoUrl: %s?workspace=acme&project=PRJ&repo=app
            description: The app
            defaultBranch: main
        %s""".formatted(host.host(), extra.indent(4));
  }

  @Test
  void createsTheRepositoryAndPushesWithTheAppPassword() throws Exception {
    RunResult r = runs("builder", APP_PASSWORD, null).run(step("gitCommitMessage: hello"));
    String git = BitbucketCloudHost.gitPath("acme", "app");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", "docs/index.md");
    assertThat(host.headCommit(git, "main")).isEqualTo("Greenroom Bot <bot@greenroom.dev> hello");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString())
        .isEqualTo("http://builder@" + host.host() + "/acme/app.git");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/src/main");
    assertThat(out.path("commitHash").asString()).isEqualTo(host.head(git, "main"));
    var create = host.requests("POST", "/2.0/repositories/acme/app");
    assertThat(create).hasSize(1);
    assertThat(create.get(0).body()).isEqualTo(Json.parse("{\"scm\":\"git\",\"description\":"
        + "\"The app\",\"is_private\":true,\"project\":{\"key\":\"PRJ\"}}"));
  }

  @Test
  void aTokenInputCallsTheApiWithBearerAndPushesAsXTokenAuth() throws Exception {
    host.bearer("ws-token-1").basic("x-token-auth", "ws-token-1");
    Runs runs = runs(null, null, null);
    runs.run(step("token: ${{ secrets.t }}\nrepoVisibility: public"), Map.of("t", "ws-token-1"),
        Checkpoints.inMemory());
    assertThat(host.files(BitbucketCloudHost.gitPath("acme", "app"), "main"))
        .containsKey("README.md");
    assertThat(host.requests().get(0).authorization()).isEqualTo("Bearer ws-token-1");
    assertThat(host.requests().get(0).body().path("is_private").asBoolean()).isFalse();
    assertThat(runs.log).noneMatch(l -> l.contains("ws-token-1"));
  }

  @Test
  void anIntegrationTokenWithoutAppPasswordCannotPush() throws Exception {
    host.bearer("api-only");
    assertThatThrownBy(() -> runs(null, null, "api-only").run(step("")))
        .hasMessageContaining("Credentials for Bitbucket Cloud integration required");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void anExistingRepositoryIsAClearError() throws Exception {
    host.existingRepo("acme", "app");
    assertThatThrownBy(() -> runs("builder", APP_PASSWORD, null).run(step("")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("repository acme/app already exists on Bitbucket Cloud " + host.host());
    assertThat(host.head(BitbucketCloudHost.gitPath("acme", "app"), "main")).isNull();
  }

  @Test
  void refusedAppPasswordNamesTheHostNeverThePassword() throws Exception {
    Runs runs = runs("builder", "wrong-pw-0", null);
    assertThatThrownBy(() -> runs.run(step("")))
        .hasMessageContaining("Bitbucket Cloud " + host.host() + " refused the credentials")
        .hasMessageNotContaining("wrong-pw-0");
    assertThat(runs.log).noneMatch(l -> l.contains("wrong-pw-0"));
  }

  @Test
  void missingWorkspaceIsAnInputError() throws Exception {
    assertThatThrownBy(() -> runs("builder", APP_PASSWORD, null).run("""
        - id: publish
          action: publish:bitbucketCloud
          input: { repoUrl: "%s?project=PRJ&repo=app" }
        """.formatted(host.host())))
        .hasMessageContaining("missing workspace");
  }
}
