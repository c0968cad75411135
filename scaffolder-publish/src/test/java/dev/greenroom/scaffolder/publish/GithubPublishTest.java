package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.publish.fake.GithubHost;
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

/**
 * The GitHub actions against a local GitHub whose git side is real: after {@code publish:github}
 * the repository exists with the pushed files (read with JGit), and every REST call carries what
 * Backstage's action sends.
 */
class GithubPublishTest {
  static final String TOKEN = "ghp_publishToken123";
  @TempDir Path tmp;
  GithubHost host;
  Runs runs;

  @BeforeEach
  void setUp() throws Exception {
    host = new GithubHost(tmp.resolve("gh"));
    host.org("acme", "platform").user("jane", TOKEN);
    runs = runs(TOKEN);
    runs.file("README.md", "# app\n").file("catalog-info.yaml", "kind: Component\n")
        .file(".github/workflows/ci.yml", "run: ${{ github.sha }}\n");
  }

  private Runs runs(@Nullable String token) throws Exception {
    var gh = new GithubIntegrationConfig(host.host(), host.apiBaseUrl(), null,
        token == null ? null : Secret.of(token), List.of());
    IntegrationsConfig c = new IntegrationsConfig(List.of(gh), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of());
    return new Runs(tmp.resolve("run" + System.nanoTime()), c, host.host());
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private String publish(String owner, String extra) {
    return """
        - id: publish
          action: publish:github
          input:
            repoUrl: %s?owner=%s&repo=app
            description: The app
            defaultBranch: main
            repoVisibility: internal
        %s""".formatted(host.host(), owner, extra.indent(4));
  }

  @Test
  void publishGithubCreatesConfiguresPushesAndProtects() throws Exception {
    RunResult r = runs.run(publish("acme", """
        access: acme/platform
        topics: [Java, backstage]
        collaborators:
          - { user: joe, access: push }
          - { team: platform, access: maintain }
        repoVariables: { REGION: eu }
        requiredStatusCheckContexts: [build]
        """));
    String git = GithubHost.gitPath("acme", "app");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", "catalog-info.yaml",
        ".github/workflows/ci.yml").containsEntry(".github/workflows/ci.yml",
        "run: ${{ github.sha }}\n");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString()).isEqualTo(host.baseUrl() + "/acme/app.git");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/blob/main");
    assertThat(out.path("commitHash").asString()).isEqualTo(host.head(git, "main"));
    var create = host.requests("POST", "/orgs/acme/repos").get(0);
    assertThat(create.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(create.body().path("visibility").asString()).isEqualTo("internal");
    assertThat(create.body().path("private").asBoolean()).isFalse();
    assertThat(create.body().path("description").asString()).isEqualTo("The app");
    assertThat(host.requests("PUT", "/orgs/acme/teams/platform/repos/acme/app")).hasSize(2);
    assertThat(host.requests("PUT", "/repos/acme/app/collaborators/joe").get(0).body())
        .isEqualTo(Json.parse("{\"permission\":\"push\"}"));
    assertThat(host.requests("PUT", "/repos/acme/app/topics").get(0).body())
        .isEqualTo(Json.parse("{\"names\":[\"java\",\"backstage\"]}"));
    assertThat(host.requests("POST", "/repos/acme/app/actions/variables").get(0).body())
        .isEqualTo(Json.parse("{\"name\":\"REGION\",\"value\":\"eu\"}"));
    var protection = host.requests("PUT", "/repos/acme/app/branches/main/protection").get(0).body();
    assertThat(protection.path("enforce_admins").asBoolean()).isTrue();
    assertThat(protection.path("required_status_checks").toString())
        .isEqualTo("{\"strict\":true,\"contexts\":[\"build\"]}");
    assertThat(protection.path("required_pull_request_reviews")
        .path("required_approving_review_count").asInt()).isEqualTo(1);
  }

  @Test
  void aUserOwnerGetsTheRepositoryUnderUserRepos() throws Exception {
    runs.run(publish("jane", "protectDefaultBranch: false"));
    assertThat(host.files(GithubHost.gitPath("jane", "app"), "main")).containsKey("README.md");
    var create = host.requests("POST", "/user/repos").get(0).body();
    assertThat(create.has("visibility")).isFalse();
    assertThat(host.requests("PUT", "/protection")).isEmpty();
  }

  @Test
  void anExistingRepositoryIsAClearErrorAndNothingIsPushed() throws Exception {
    host.existingRepo("acme", "app", "main");
    assertThatThrownBy(() -> runs.run(publish("acme", "")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("repository acme/app already exists on GitHub " + host.host());
    assertThat(host.head(GithubHost.gitPath("acme", "app"), "main")).isNull();
  }

  @Test
  void hostErrorsNameTheHostAndNeverTheToken() throws Exception {
    host.failWith(401);
    assertThatThrownBy(() -> runs.run(publish("acme", "")))
        .hasMessageContaining("GitHub " + host.host() + " refused the credentials")
        .hasMessageNotContaining(TOKEN);
    host.failWith(429);
    assertThatThrownBy(() -> runs(TOKEN).run(publish("acme", "")))
        .hasMessageContaining("GitHub " + host.host() + " is rate limiting these requests (429)");
    host.failWith(502);
    Runs last = runs(TOKEN);
    assertThatThrownBy(() -> last.run(publish("acme", "")))
        .hasMessageContaining("GitHub " + host.host() + " failed (502)");
    assertThat(last.log).noneMatch(l -> l.contains(TOKEN));
  }

  @Test
  void noTokenIsBackstagesError() throws Exception {
    assertThatThrownBy(() -> runs(null).run(publish("acme", "")))
        .hasMessageContaining("No token available for host: " + host.host()
            + ", with owner acme, and repo app");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void anUnknownAccessTeamIsAnError() throws Exception {
    assertThatThrownBy(() -> runs.run(publish("acme", "access: acme/nobody")))
        .hasMessageContaining("team: nobody was not found within GitHub");
    assertThat(host.requests("POST", "/repos")).isEmpty();
  }

  @Test
  void aRetriedTaskCreatesAndPushesOnce() throws Exception {
    Checkpoints cp = Checkpoints.inMemory();
    runs.run(publish("acme", ""), Map.of(), cp);
    runs.run(publish("acme", ""), Map.of(), cp);
    assertThat(host.requests("POST", "/orgs/acme/repos")).hasSize(1);
  }

  @Test
  void repoCreateThenRepoPush() throws Exception {
    RunResult r = runs.run("""
        - id: create
          action: github:repo:create
          input: { repoUrl: "%1$s?owner=acme&repo=two", description: second }
        - id: push
          action: github:repo:push
          input: { repoUrl: "%1$s?owner=acme&repo=two", defaultBranch: main, gitCommitMessage: go }
        """.formatted(host.host()));
    assertThat(r.stepOutputs().get("create").path("remoteUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/two.git");
    // as Backstage 0.10.4: github:repo:create outputs remoteUrl only, github:repo:push the rest
    assertThat(r.stepOutputs().get("create").propertyNames()).containsExactly("remoteUrl");
    assertThat(r.stepOutputs().get("push").path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/two/blob/main");
    String git = GithubHost.gitPath("acme", "two");
    assertThat(host.files(git, "main")).containsKey("catalog-info.yaml");
    assertThat(host.headCommit(git, "main")).endsWith(" go");
    assertThat(r.stepOutputs().get("push").path("commitHash").asString())
        .isEqualTo(host.head(git, "main"));
  }

  @Test
  void pullRequestPushesABranchWithTheFilesUnderTargetPathAndOpensIt() throws Exception {
    runs.run(publish("acme", "protectDefaultBranch: false"));
    String git = GithubHost.gitPath("acme", "app");
    String base = host.head(git, "main");
    runs.file("docs/index.md", "# docs\n");
    RunResult r = runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: add-docs
            title: Add docs
            description: Docs for the app
            sourcePath: docs
            targetPath: documentation
            reviewers: [joe]
            teamReviewers: [platform]
            assignees: [jane]
        """.formatted(host.host()));
    var out = r.stepOutputs().get("pr");
    assertThat(out.path("remoteUrl").asString()).isEqualTo(host.baseUrl() + "/acme/app/pull/1");
    assertThat(out.path("pullRequestNumber").asInt()).isEqualTo(1);
    assertThat(out.path("targetBranchName").asString()).isEqualTo("main");
    assertThat(host.files(git, "add-docs")).containsEntry("documentation/index.md", "# docs\n")
        .containsKey("README.md");
    assertThat(host.headCommit(git, "add-docs")).endsWith("Add docs");
    assertThat(host.head(git, "main")).isEqualTo(base);
    var pr = host.requests("POST", "/repos/acme/app/pulls").get(0).body();
    assertThat(pr).isEqualTo(Json.parse("{\"title\":\"Add docs\",\"body\":\"Docs for the app\","
        + "\"head\":\"add-docs\",\"base\":\"main\",\"draft\":false}"));
    assertThat(host.requests("POST", "/pulls/1/requested_reviewers").get(0).body())
        .isEqualTo(Json.parse("{\"reviewers\":[\"joe\"],\"team_reviewers\":[\"platform\"]}"));
    assertThat(host.requests("POST", "/issues/1/assignees")).hasSize(1);
  }

  @Test
  void pullRequestWithoutChangesAndCreateWhenEmptyFalseOpensNothing() throws Exception {
    runs.run(publish("acme", "protectDefaultBranch: false"));
    runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: same
            title: Nothing
            description: nothing changes
            createWhenEmpty: false
        """.formatted(host.host()));
    assertThat(host.requests("POST", "/pulls")).isEmpty();
    assertThat(host.head(GithubHost.gitPath("acme", "app"), "same")).isNull();
  }

  @Test
  void webhookEnvironmentAndDispatch() throws Exception {
    host.existingRepo("acme", "svc", "main");
    runs.run("""
        - id: hook
          action: github:webhook
          input:
            repoUrl: %1$s?owner=acme&repo=svc
            webhookUrl: https://ci.example.com/hook
            webhookSecret: ${{ secrets.hook }}
            contentType: json
        - id: env
          action: github:environment:create
          input:
            repoUrl: %1$s?owner=acme&repo=svc
            name: production
            deploymentBranchPolicy: { protected_branches: false, custom_branch_policies: true }
            customBranchPolicyNames: [main]
            customTagPolicyNames: ["v*"]
            environmentVariables: { STAGE: prod }
            waitTimer: 5
        - id: run
          action: github:actions:dispatch
          input:
            repoUrl: %1$s?owner=acme&repo=svc
            workflowId: ci.yml
            branchOrTagName: main
            workflowInputs: { level: full }
        """.formatted(host.host()), Map.of("hook", "hook-secret-1"), Checkpoints.inMemory());
    assertThat(host.requests("POST", "/repos/acme/svc/hooks").get(0).body()).isEqualTo(Json.parse(
        "{\"config\":{\"url\":\"https://ci.example.com/hook\",\"content_type\":\"json\","
            + "\"secret\":\"hook-secret-1\",\"insecure_ssl\":\"0\"},\"events\":[\"push\"],"
            + "\"active\":true}"));
    assertThat(host.requests("PUT", "/repos/acme/svc/environments/production").get(0).body())
        .isEqualTo(Json.parse("{\"deployment_branch_policy\":{\"protected_branches\":false,"
            + "\"custom_branch_policies\":true},\"wait_timer\":5}"));
    assertThat(host.requests("POST", "/environments/production/deployment-branch-policies"))
        .extracting(q -> q.body().toString()).containsExactly(
            "{\"name\":\"main\",\"type\":\"branch\"}", "{\"name\":\"v*\",\"type\":\"tag\"}");
    assertThat(host.requests("POST", "/environments/production/variables").get(0).body())
        .isEqualTo(Json.parse("{\"name\":\"STAGE\",\"value\":\"prod\"}"));
    assertThat(host.requests("POST", "/actions/workflows/ci.yml/dispatches").get(0).body())
        .isEqualTo(Json.parse("{\"ref\":\"main\",\"inputs\":{\"level\":\"full\"}}"));
    assertThat(runs.log).noneMatch(l -> l.contains("hook-secret-1"));
  }

  @Test
  void dispatchOfAnUnknownWorkflowNamesTheHost() throws Exception {
    host.existingRepo("acme", "svc", "main");
    assertThatThrownBy(() -> runs.run("""
        - id: run
          action: github:actions:dispatch
          input: { repoUrl: "%s?owner=acme&repo=svc", workflowId: nope.yml, branchOrTagName: main }
        """.formatted(host.host())))
        .hasMessageContaining("dispatching workflow nope.yml on main: GitHub " + host.host()
            + " answered 404 Not Found");
  }

  @Test
  void dryRunSkipsEveryGithubAction() {
    RunResult r = runs.dryRun(publish("acme", ""));
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("Skipping because publish:github does not support dry-run");
    assertThat(host.requests()).isEmpty();
  }

  @Test
  void aGithubAppInstallationTokenCreatesAndPushes() throws Exception {
    var gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    var keys = gen.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64,
        "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    host.app(4242, (java.security.interfaces.RSAPublicKey) keys.getPublic(), "acme",
        "ghs_installation1");
    var app = new dev.greenroom.integrations.GithubAppConfig(4242, Secret.of(pem), "Iv1.client",
        Secret.of("client-secret"), Secret.of("hook-secret"), null);
    var gh = new GithubIntegrationConfig(host.host(), host.apiBaseUrl(), null, null, List.of(app));
    Runs appRuns = new Runs(tmp.resolve("app-run"), new IntegrationsConfig(List.of(gh), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of()), host.host());
    appRuns.file("app.txt", "from an App\n");
    appRuns.run(publish("acme", "protectDefaultBranch: false"));
    assertThat(host.files(GithubHost.gitPath("acme", "app"), "main"))
        .containsEntry("app.txt", "from an App\n");
    assertThat(host.requests("POST", "/orgs/acme/repos").get(0).authorization())
        .isEqualTo("Bearer ghs_installation1");
    assertThat(host.requests("POST", "/app/installations/1000/access_tokens")).hasSize(1);
    assertThat(appRuns.log).noneMatch(l -> l.contains("ghs_installation1"));
  }

  @Test
  void repoPushNeverOverwritesABranchThatHasOtherCommits() throws Exception {
    runs.run(publish("acme", "protectDefaultBranch: false"));
    String git = GithubHost.gitPath("acme", "app");
    String head = host.head(git, "main");
    runs.file("README.md", "# replaced\n");
    assertThatThrownBy(() -> runs.run("""
        - id: push
          action: github:repo:push
          input: { repoUrl: "%s?owner=acme&repo=app", defaultBranch: main, protectDefaultBranch: false }
        """.formatted(host.host())))
        .hasMessageContaining("branch main exists on " + host.baseUrl()
            + "/acme/app.git with other commits; nothing was overwritten");
    assertThat(host.head(git, "main")).isEqualTo(head);
    assertThat(host.files(git, "main")).containsEntry("README.md", "# app\n");
  }

  @Test
  void repoCreateAutoInitHasGithubMakeTheFirstCommit() throws Exception {
    RunResult r = runs.run("""
        - id: create
          action: github:repo:create
          input: { repoUrl: "%1$s?owner=acme&repo=seeded", autoInit: true }
        """.formatted(host.host()));
    assertThat(host.requests("POST", "/orgs/acme/repos").get(0).body().path("auto_init")
        .asBoolean()).isTrue();
    String git = GithubHost.gitPath("acme", "seeded");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md");
    assertThat(r.stepOutputs().get("create").path("remoteUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/seeded.git");

    runs.run("""
        - id: create
          action: github:repo:create
          input: { repoUrl: "%1$s?owner=acme&repo=bare" }
        """.formatted(host.host()));
    assertThat(host.head(GithubHost.gitPath("acme", "bare"), "main")).isNull();
    assertThat(host.requests("POST", "/orgs/acme/repos").get(1).body().has("auto_init"))
        .isFalse();
  }

  @Test
  void repoCreateWorkflowAccessIsSetLastAndGithubsRefusalOnPublicRepositoriesFailsTheStep() {
    runs.run("""
        - id: create
          action: github:repo:create
          input:
            repoUrl: "%1$s?owner=acme&repo=lib"
            workflowAccess: organization
            subscribe: true
        """.formatted(host.host()));
    assertThat(host.repo("acme", "lib").path("workflow_access").asString())
        .isEqualTo("organization");
    // Backstage 0.10.4 makes it the last call of the creation
    var last = host.requests().get(host.requests().size() - 1);
    assertThat(last.method() + " " + last.path())
        .isEqualTo("PUT /api/v3/repos/acme/lib/actions/permissions/access");
    // the visibility is not looked at: GitHub's refusal on a public repository fails the step
    assertThatThrownBy(() -> runs.run("""
        - id: create
          action: github:repo:create
          input:
            repoUrl: "%1$s?owner=acme&repo=site"
            repoVisibility: public
            workflowAccess: user
        """.formatted(host.host()))).isInstanceOf(StepFailedException.class)
        .hasMessageContaining("setting workflow access user")
        .hasMessageContaining("Workflow access can only be set on private or internal");
    assertThat(host.requests("PUT", "/repos/acme/site/actions/permissions/access")).hasSize(1);
    assertThat(host.repo("acme", "site").has("workflow_access")).isFalse();
    assertThatThrownBy(() -> runs.run("""
        - id: create
          action: github:repo:create
          input: { repoUrl: "%1$s?owner=acme&repo=x", workflowAccess: everyone }
        """.formatted(host.host()))).isInstanceOf(StepFailedException.class)
        .hasMessageContaining("workflowAccess");
  }

  @Test
  void repoPushRequiredCommitSigningProtectsTheBranchWithSignatures() {
    host.existingRepo("acme", "signed", "main");
    runs.run("""
        - id: push
          action: github:repo:push
          input:
            repoUrl: "%1$s?owner=acme&repo=signed"
            defaultBranch: main
            requiredCommitSigning: true
        """.formatted(host.host()));
    assertThat(host.requests("PUT", "/branches/main/protection")).hasSize(1);
    assertThat(host.requests("POST", "/branches/main/protection/required_signatures"))
        .hasSize(1);
  }

  @Test
  void pullRequestFilesToDeleteAreUnderTargetPathAndRemovedInTheSameCommit() throws Exception {
    runs.run(publish("acme", "protectDefaultBranch: false"));
    String git = GithubHost.gitPath("acme", "app");
    runs.file("docs/index.md", "# docs\n");
    // Backstage 0.10.4 joins each entry with targetPath, as the laid files
    runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: tidy
            title: Tidy up
            description: Move the workflow
            sourcePath: docs
            targetPath: .github
            filesToDelete: [workflows/ci.yml, not/there.txt]
        """.formatted(host.host()));
    assertThat(host.files(git, "tidy")).containsOnlyKeys("README.md", "catalog-info.yaml",
        ".github/index.md");
    assertThat(host.files(git, "main")).containsKey(".github/workflows/ci.yml");
    assertThat(runs.log).anyMatch(l -> l.contains("No file .github/not/there.txt"));
    // a root path given with a targetPath names a file under it, so the root file stays
    runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: keep
            title: Keep
            description: The root workflow stays
            sourcePath: docs
            targetPath: documentation
            filesToDelete: [.github/workflows/ci.yml]
        """.formatted(host.host()));
    assertThat(host.files(git, "keep")).containsKeys(".github/workflows/ci.yml",
        "documentation/index.md");
    assertThatThrownBy(() -> runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: escape
            title: Escape
            description: out of the repository
            filesToDelete: [ok.txt, ../outside.txt]
        """.formatted(host.host()))).isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Invalid filesToDelete entry '../outside.txt': must be a relative"
            + " path within the target repository, without '..' segments");
    assertThat(host.head(git, "escape")).isNull();
  }

  @Test
  void dispatchReturnWorkflowRunDetailsOutputsTheRun() throws Exception {
    host.existingRepo("acme", "svc", "main");
    RunResult r = runs.run("""
        - id: run
          action: github:actions:dispatch
          input:
            repoUrl: "%s?owner=acme&repo=svc"
            workflowId: ci.yml
            branchOrTagName: main
            returnWorkflowRunDetails: true
        """.formatted(host.host()));
    assertThat(host.requests("POST", "/dispatches").get(0).body()).isEqualTo(Json.parse(
        "{\"ref\":\"main\",\"return_run_details\":true}"));
    var out = r.stepOutputs().get("run");
    long id = out.path("workflowRunId").asLong();
    assertThat(out.path("workflowRunId").isNumber()).isTrue();
    assertThat(out.path("workflowRunUrl").asString())
        .isEqualTo(host.apiBaseUrl() + "/repos/acme/svc/actions/runs/" + id);
    assertThat(out.path("workflowRunHtmlUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/svc/actions/runs/" + id);

    RunResult plain = runs.run("""
        - id: run
          action: github:actions:dispatch
          input: { repoUrl: "%s?owner=acme&repo=svc", workflowId: ci.yml, branchOrTagName: main }
        """.formatted(host.host()));
    assertThat(plain.stepOutputs().getOrDefault("run", Json.object()).has("workflowRunId"))
        .isFalse();
  }

  @Test
  void pullRequestForceForkPushesToTheUsersForkAndOpensFromIt() throws Exception {
    runs.run(publish("acme", "protectDefaultBranch: false"));
    String upstream = GithubHost.gitPath("acme", "app");
    String base = host.head(upstream, "main");
    runs.file("docs/index.md", "# docs\n");
    RunResult r = runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: from-fork
            title: From a fork
            description: Forked
            sourcePath: docs
            forceFork: true
        """.formatted(host.host()));
    String fork = GithubHost.gitPath("jane", "app");
    assertThat(host.files(fork, "from-fork")).containsEntry("index.md", "# docs\n")
        .containsKey("README.md");
    assertThat(host.head(upstream, "from-fork")).isNull();
    assertThat(host.head(upstream, "main")).isEqualTo(base);
    assertThat(host.requests("POST", "/repos/acme/app/forks")).hasSize(1);
    assertThat(host.requests("POST", "/repos/acme/app/pulls").get(0).body().path("head")
        .asString()).isEqualTo("jane:from-fork");
    assertThat(r.stepOutputs().get("pr").path("remoteUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/pull/1");

    // the user's existing fork is found with GET .../forks and used, not forked again
    runs.run("""
        - id: pr
          action: publish:github:pull-request
          input:
            repoUrl: %s?owner=acme&repo=app
            branchName: again
            title: Again
            description: Forked again
            sourcePath: docs
            forceFork: true
        """.formatted(host.host()));
    assertThat(host.requests("GET", "/repos/acme/app/forks")).hasSize(2);
    assertThat(host.requests("POST", "/repos/acme/app/forks")).hasSize(1);
    assertThat(host.files(fork, "again")).containsEntry("index.md", "# docs\n");
    assertThat(host.requests("POST", "/repos/acme/app/pulls").get(1).body().path("head")
        .asString()).isEqualTo("jane:again");
  }
}
