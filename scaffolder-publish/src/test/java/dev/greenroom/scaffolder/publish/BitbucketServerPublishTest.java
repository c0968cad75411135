package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.publish.fake.BitbucketServerHost;
import dev.greenroom.scaffolder.run.Checkpoints;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish:bitbucketServer} and {@code publish:bitbucketServer:pull-request} against a local
 * Bitbucket Server whose git side is real: after each run the repository exists with the pushed
 * files, read back with JGit.
 */
class BitbucketServerPublishTest {
  static final String TOKEN = "bbs-token-7f3a9c";
  @TempDir Path tmp;
  BitbucketServerHost host;
  Runs runs;

  @BeforeEach
  void setUp() throws Exception {
    host = new BitbucketServerHost(tmp.resolve("server"));
    host.project("ACME").bearer(TOKEN);
    runs = runs("\"token\": \"" + TOKEN + "\"", host.host());
    runs.file("README.md", "# app\n").file("src/main.txt", "main\n")
        .file("catalog-info.yaml", "kind: Component\n");
  }

  private Runs runs(String credentials, String allowedHost) throws Exception {
    IntegrationsConfig integrations = IntegrationsConfig.parse(Json.parse(
        "{\"bitbucketServer\":[{\"host\":\"" + host.host() + "\",\"apiBaseUrl\":\""
            + host.baseUrl() + "/rest/api/1.0\"," + credentials + "}]}"), false);
    return new Runs(tmp.resolve("run" + System.nanoTime()), integrations, allowedHost);
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private String publishStep(String extra) {
    return """
        - id: publish
          action: publish:bitbucketServer
          input:
            repoUrl: %s?project=ACME&repo=app
            description: The app
            defaultBranch: main
        %s""".formatted(host.host(), extra.indent(4));
  }

  @Test
  void createsTheRepositoryAndPushesTheWorkspace() throws Exception {
    RunResult r = runs.run(publishStep(""));
    String git = BitbucketServerHost.gitPath("ACME", "app");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", "src/main.txt",
        "catalog-info.yaml").containsEntry("src/main.txt", "main\n");
    assertThat(host.headCommit(git, "main")).isEqualTo("Greenroom Bot <bot@greenroom.dev> first");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("commitHash").asString()).isEqualTo(host.head(git, "main"));
    assertThat(out.path("remoteUrl").asString()).isEqualTo(host.baseUrl() + "/scm/acme/app.git");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/projects/ACME/repos/app/browse");
    var create = host.requests("POST", "/projects/ACME/repos");
    assertThat(create).hasSize(1);
    assertThat(create.get(0).authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(create.get(0).body()).isEqualTo(Json.parse(
        "{\"name\":\"app\",\"description\":\"The app\",\"defaultBranch\":\"main\",\"public\":false}"));
    assertThat(runs.workspace.resolve(".git")).doesNotExist();
  }

  @Test
  void publishesOnlyTheSourcePathWithTheTemplatesAuthorAndMessage() throws Exception {
    runs.run(publishStep("""
        sourcePath: src
        repoVisibility: public
        gitCommitMessage: from the template
        gitAuthorName: Jane
        gitAuthorEmail: jane@acme.dev
        """));
    String git = BitbucketServerHost.gitPath("ACME", "app");
    assertThat(host.files(git, "main")).containsOnlyKeys("main.txt");
    assertThat(host.headCommit(git, "main")).isEqualTo("Jane <jane@acme.dev> from the template");
    assertThat(host.requests("POST", "/repos").get(0).body().path("public").asBoolean()).isTrue();
  }

  @Test
  void usernameAndPasswordIntegrationsUseBasicForTheApiAndGit() throws Exception {
    host.basic("builder", "s3cret-pw");
    Runs basic = runs("\"username\":\"builder\",\"password\":\"s3cret-pw\"", host.host());
    basic.file("a.txt", "a");
    basic.run(publishStep(""));
    assertThat(host.files(BitbucketServerHost.gitPath("ACME", "app"), "main"))
        .containsOnlyKeys("a.txt");
    assertThat(host.requests("POST", "/repos").get(0).authorization()).startsWith("Basic ");
  }

  @Test
  void theTokenInputWinsOverTheIntegrationsAndIsMaskedInTheLog() throws Exception {
    host.bearer("template-token-99");
    Runs other = runs("\"token\":\"not-accepted\"", host.host());
    other.file("a.txt", "a");
    other.run(publishStep("token: ${{ secrets.token }}"), Map.of("token", "template-token-99"),
        Checkpoints.inMemory());
    assertThat(host.requests("POST", "/repos").get(0).authorization())
        .isEqualTo("Bearer template-token-99");
    assertThat(other.log).noneMatch(l -> l.contains("template-token-99"));
  }

  @Test
  void anExistingRepositoryIsAClearErrorAndNothingIsPushed() throws Exception {
    host.existingRepo("ACME", "app", "main");
    assertThatThrownBy(() -> runs.run(publishStep("")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("repository ACME/app already exists on Bitbucket Server "
            + host.host())
        .hasMessageContaining("nothing was pushed");
    assertThat(host.head(BitbucketServerHost.gitPath("ACME", "app"), "main")).isNull();
  }

  @Test
  void refusedCredentialsNameTheHostNeverTheToken() throws Exception {
    Runs wrong = runs("\"token\":\"wrong-token-123\"", host.host());
    wrong.file("a.txt", "a");
    assertThatThrownBy(() -> wrong.run(publishStep("")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Bitbucket Server " + host.host()
            + " refused the credentials (401 Unauthorized)")
        .hasMessageNotContaining("wrong-token-123");
    assertThat(wrong.log).noneMatch(l -> l.contains("wrong-token-123"));
  }

  @Test
  void rateLimitsAndServerErrorsNameTheHost() throws Exception {
    host.failWith(429);
    assertThatThrownBy(() -> runs.run(publishStep("")))
        .hasMessageContaining("Bitbucket Server " + host.host()
            + " is rate limiting these requests (429), retry after 30 s")
        .hasMessageNotContaining(TOKEN);
    host.failWith(503);
    Runs again = runs("\"token\": \"" + TOKEN + "\"", host.host());
    assertThatThrownBy(() -> again.run(publishStep("")))
        .hasMessageContaining("Bitbucket Server " + host.host() + " failed (503); try again later")
        .hasMessageContaining("failing on purpose");
    host.failWith(403);
    Runs third = runs("\"token\": \"" + TOKEN + "\"", host.host());
    assertThatThrownBy(() -> third.run(publishStep("")))
        .hasMessageContaining(host.host() + " refused the request (403 Forbidden)");
  }

  @Test
  void aRetriedTaskDoesNotCreateOrPushTwice() throws Exception {
    Checkpoints checkpoints = Checkpoints.inMemory();
    RunResult first = runs.run(publishStep(""), Map.of(), checkpoints);
    String git = BitbucketServerHost.gitPath("ACME", "app");
    String head = host.head(git, "main");
    runs.file("later.txt", "changed after the push");
    RunResult second = runs.run(publishStep(""), Map.of(), checkpoints);
    assertThat(host.requests("POST", "/repos")).hasSize(1);
    assertThat(host.head(git, "main")).isEqualTo(head);
    assertThat(host.files(git, "main")).doesNotContainKey("later.txt");
    assertThat(second.stepOutputs().get("publish")).isEqualTo(first.stepOutputs().get("publish"));
  }

  @Test
  void aPrivateHostIsRefusedUnlessTheDeployerAllowsIt() throws Exception {
    Runs confined = runs("\"token\": \"" + TOKEN + "\"", null);
    confined.file("a.txt", "a");
    assertThatThrownBy(() -> confined.run(publishStep("")))
        .hasMessageContaining("host 127.0.0.1")
        .hasMessageContaining("loopback address; refusing to connect");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void dryRunsSkipTheActionAndTouchNoHost() {
    RunResult r = runs.dryRun(publishStep(""));
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("Skipping because publish:bitbucketServer does not support dry-run");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void enableLfsTurnsItOnAfterThePush() throws Exception {
    runs.run(publishStep("enableLFS: true"));
    assertThat(host.lfsEnabled()).containsExactly("ACME/app");
  }

  @Test
  void badRepoUrlsAndUnknownHostsAreInputErrors() throws Exception {
    assertThatThrownBy(() -> runs.run("""
        - id: publish
          action: publish:bitbucketServer
          input: { repoUrl: "%s?repo=app" }
        """.formatted(host.host())))
        .hasMessageContaining("invalid repo URL passed to publisher: " + host.host()
            + "?repo=app, missing project");
    assertThatThrownBy(() -> runs.run("""
        - id: publish
          action: publish:bitbucketServer
          input: { repoUrl: "git.elsewhere.example?project=A&repo=app" }
        """))
        .hasMessageContaining("no matching integration configuration for host git.elsewhere.example");
    assertThatThrownBy(() -> runs.run(publishStep("signCommit: true")))
        .hasMessageContaining("no signing key");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void pullRequestCreatesTheSourceBranchWithTheWorkspaceAndOpensThePullRequest()
      throws Exception {
    runs.run(publishStep(""));
    String git = BitbucketServerHost.gitPath("ACME", "app");
    String base = host.head(git, "main");
    runs.file("src/main.txt", "changed\n").file("new.txt", "new\n");
    RunResult r = runs.run("""
        - id: pr
          action: publish:bitbucketServer:pull-request
          input:
            repoUrl: %s?project=ACME&repo=app
            title: Upgrade
            description: Bring the template up to date
            targetBranch: main
            sourceBranch: upgrade
            reviewers: [jane, joe]
        """.formatted(host.host()));
    assertThat(r.stepOutputs().get("pr").path("pullRequestUrl").asString())
        .isEqualTo(host.baseUrl() + "/projects/ACME/repos/app/pull-requests/1");
    assertThat(host.files(git, "upgrade")).containsEntry("src/main.txt", "changed\n")
        .containsEntry("new.txt", "new\n").containsKey("README.md");
    assertThat(host.headCommit(git, "upgrade")).endsWith("Bring the template up to date");
    assertThat(host.head(git, "main")).isEqualTo(base);
    var pr = host.pullRequests().get(0);
    assertThat(pr.path("title").asString()).isEqualTo("Upgrade");
    assertThat(pr.path("fromRef").path("id").asString()).isEqualTo("refs/heads/upgrade");
    assertThat(pr.path("toRef").path("id").asString()).isEqualTo("refs/heads/main");
    assertThat(pr.path("reviewers").toString())
        .isEqualTo("[{\"user\":{\"name\":\"jane\"}},{\"user\":{\"name\":\"joe\"}}]");
  }

  @Test
  void pullRequestToAMissingTargetBranchIsAClearError() throws Exception {
    host.existingRepo("ACME", "empty", "main");
    assertThatThrownBy(() -> runs.run("""
        - id: pr
          action: publish:bitbucketServer:pull-request
          input: { repoUrl: "%s?project=ACME&repo=empty", title: T, sourceBranch: b, targetBranch: main }
        """.formatted(host.host())))
        .hasMessageContaining("Target branch 'main' not found in repository ACME/empty on"
            + " Bitbucket Server " + host.host());
    assertThat(host.pullRequests()).isEmpty();
  }

  @Test
  void aPushTheHostRefusesNamesTheRemoteNeverTheToken() throws Exception {
    host.refuseGit(true);
    assertThatThrownBy(() -> runs.run(publishStep("")))
        .hasMessageContaining("pushing to " + host.baseUrl() + "/scm/acme/app.git failed")
        .hasMessageNotContaining(TOKEN);
    assertThat(runs.log).noneMatch(l -> l.contains(TOKEN));
    assertThat(host.head(BitbucketServerHost.gitPath("ACME", "app"), "main")).isNull();
  }

  @Test
  void credentialsAreNotSentToACloneUrlOnAnotherHost() throws Exception {
    host.cloneBase("http://127.0.0.2:9");
    assertThatThrownBy(() -> runs.run(publishStep("")))
        .hasMessageContaining("the host answered clone URL http://127.0.0.2:9/scm/acme/app.git,"
            + " which is not on " + host.host())
        .hasMessageContaining("refusing to send the integration's credentials there");
  }

  @Test
  void aTaskRetriedAfterAFailedPushReusesTheCreatedRepositoryAndPushes() throws Exception {
    Checkpoints checkpoints = Checkpoints.inMemory();
    host.refuseGit(true);
    assertThatThrownBy(() -> runs.run(publishStep(""), Map.of(), checkpoints))
        .hasMessageContaining("pushing to");
    host.refuseGit(false);
    RunResult retried = runs.run(publishStep(""), Map.of(), checkpoints);
    String git = BitbucketServerHost.gitPath("ACME", "app");
    assertThat(host.requests("POST", "/repos")).hasSize(1);
    assertThat(host.files(git, "main")).containsKey("README.md");
    assertThat(retried.stepOutputs().get("publish").path("commitHash").asString())
        .isEqualTo(host.head(git, "main"));
  }

  @Test
  void aTaskRetriedAfterAHostFailureCreatesTheRepositoryThen() throws Exception {
    Checkpoints checkpoints = Checkpoints.inMemory();
    host.failWith(503);
    assertThatThrownBy(() -> runs.run(publishStep(""), Map.of(), checkpoints))
        .hasMessageContaining("failed (503)");
    host.failWith(0);
    runs.run(publishStep(""), Map.of(), checkpoints);
    assertThat(host.files(BitbucketServerHost.gitPath("ACME", "app"), "main"))
        .containsKey("README.md");
  }

  @Test
  void anExistingSourceBranchIsTakenAsItIsAsBackstageDoes() throws Exception {
    runs.run(publishStep(""));
    String pr = """
        - id: pr
          action: publish:bitbucketServer:pull-request
          input: { repoUrl: "%s?project=ACME&repo=app", title: T, sourceBranch: feature }
        """.formatted(host.host());
    host.existingRepo("ACME", "other", "master"); // unrelated, keeps the fake honest
    assertThatThrownBy(() -> runs.run(pr))
        .hasMessageContaining("Target branch 'master' not found in repository ACME/app");
    String withTarget = pr.replace("sourceBranch: feature", "sourceBranch: feature, targetBranch: main");
    runs.run(withTarget);
    String git = BitbucketServerHost.gitPath("ACME", "app");
    String feature = host.head(git, "feature");
    runs.file("late.txt", "late");
    runs.run(withTarget);
    assertThat(host.head(git, "feature")).isEqualTo(feature);
    assertThat(host.pullRequests()).hasSize(2);
    assertThat(host.requests("POST", "/branches")).hasSize(1);
  }
}
