package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.GitlabIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.publish.fake.GitHost;
import dev.greenroom.scaffolder.publish.fake.GitlabHost;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The GitLab actions against a local GitLab whose git side is real. */
class GitlabPublishTest {
  static final String TOKEN = "glpat-publish-42";
  @TempDir Path tmp;
  GitlabHost host;
  Runs runs;

  @BeforeEach
  void setUp() throws Exception {
    host = new GitlabHost(tmp.resolve("gl"));
    host.bearer(TOKEN).basic("oauth2", TOKEN);
    host.group("acme");
    var gl = new GitlabIntegrationConfig(host.host(), host.apiBaseUrl(), host.baseUrl(),
        Secret.of(TOKEN));
    IntegrationsConfig c = new IntegrationsConfig(List.of(), List.of(gl), List.of(), List.of(),
        List.of(), List.of(), List.of());
    runs = new Runs(tmp.resolve("run"), c, host.host());
    runs.file("README.md", "# app\n").file(".gitlab-ci.yml", "stages: [build]\n");
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  private String publish(String extra) {
    return """
        - id: publish
          action: publish:gitlab
          input:
            repoUrl: %s?owner=acme&repo=app
            defaultBranch: main
            repoVisibility: internal
        %s""".formatted(host.host(), extra.indent(4));
  }

  @Test
  void publishGitlabCreatesTheProjectPushesAndSetsBranchesAndVariables() throws Exception {
    RunResult r = runs.run(publish("""
        settings: { description: The app, topics: [java] }
        branches: [{ name: develop, create: true, ref: main, protect: true }]
        projectVariables: [{ key: REGION, value: eu }]
        """));
    String git = GitlabHost.gitPath("acme/app");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", ".gitlab-ci.yml");
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("remoteUrl").asString()).isEqualTo(host.baseUrl() + "/acme/app");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/-/blob/main");
    assertThat(out.path("projectId").isNumber()).isTrue();
    assertThat(out.path("commitHash").asString()).isEqualTo(host.head(git, "main"));
    var create = host.requests("POST", "/api/v4/projects").get(0);
    assertThat(create.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(create.body().path("visibility").asString()).isEqualTo("internal");
    assertThat(create.body().path("description").asString()).isEqualTo("The app");
    assertThat(create.body().path("name").asString()).isEqualTo("app");
    assertThat(host.requests("POST", "/repository/branches").get(0).query())
        .isEqualTo("branch=develop&ref=main");
    assertThat(host.requests("POST", "/protected_branches")).hasSize(1);
    assertThat(host.requests("POST", "/variables").get(0).body()).isEqualTo(Json.parse(
        "{\"key\":\"REGION\",\"value\":\"eu\",\"variable_type\":\"env_var\",\"protected\":false,"
            + "\"masked\":false,\"raw\":false,\"environment_scope\":\"*\"}"));
  }

  @Test
  void publishGitlabCreatesTheProjectAtThePathRepoNotOneGitlabDerivesFromTheName()
      throws Exception {
    // Backstage 0.12.0 sends path: repo with the name; GitLab would otherwise lower-case it
    RunResult r = runs.run(publish("").replace("repo=app", "repo=MyApp"));
    var create = host.requests("POST", "/api/v4/projects").get(0);
    assertThat(create.body().path("name").asString()).isEqualTo("MyApp");
    assertThat(create.body().path("path").asString()).isEqualTo("MyApp");
    assertThat(r.stepOutputs().get("publish").path("remoteUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/MyApp");
    assertThat(host.files(GitlabHost.gitPath("acme/MyApp"), "main")).containsKey("README.md");
  }

  @Test
  void anExistingProjectIsAClearError() throws Exception {
    runs.run(publish(""));
    String head = host.head(GitlabHost.gitPath("acme/app"), "main");
    runs.file("other.txt", "x");
    assertThatThrownBy(() -> runs.run(publish("")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("project acme/app already exists on GitLab " + host.host());
    assertThat(host.head(GitlabHost.gitPath("acme/app"), "main")).isEqualTo(head);
  }

  @Test
  void anUnknownNamespaceIsAClearError() {
    assertThatThrownBy(() -> runs.run(publish("").replace("owner=acme", "owner=nobody")))
        .hasMessageContaining("The namespace nobody is not found on GitLab " + host.host());
  }

  @Test
  void hostFailuresNameTheHostNotTheToken() {
    host.failWith(503);
    assertThatThrownBy(() -> runs.run(publish("")))
        .hasMessageContaining("GitLab " + host.host() + " failed (503)")
        .hasMessageNotContaining(TOKEN);
    assertThat(runs.log).noneMatch(l -> l.contains(TOKEN));
  }

  @Test
  void mergeRequestPushesTheBranchAndOpensIt() throws Exception {
    runs.run(publish(""));
    runs.file("docs/new.md", "new\n");
    RunResult r = runs.run("""
        - id: mr
          action: publish:gitlab:merge-request
          input:
            repoUrl: %s?owner=acme&repo=app
            title: Add docs
            description: more docs
            branchName: docs
            sourcePath: docs
            targetPath: documentation
            assignee: joe
            reviewers: [jane]
            labels: [docs, bot]
            removeSourceBranch: true
        """.formatted(host.host()));
    var out = r.stepOutputs().get("mr");
    assertThat(out.path("mergeRequestUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/-/merge_requests/1");
    assertThat(out.path("targetBranchName").asString()).isEqualTo("main");
    assertThat(out.path("projectPath").asString()).isEqualTo("acme/app");
    String git = GitlabHost.gitPath("acme/app");
    assertThat(host.files(git, "docs")).containsEntry("documentation/new.md", "new\n")
        .containsKey("README.md");
    assertThat(host.requests("POST", "/merge_requests").get(0).body()).isEqualTo(Json.parse(
        "{\"source_branch\":\"docs\",\"target_branch\":\"main\",\"title\":\"Add docs\","
            + "\"description\":\"more docs\",\"remove_source_branch\":true,\"assignee_id\":8,"
            + "\"reviewer_ids\":[7],\"labels\":\"docs,bot\"}"));
  }

  @Test
  void groupEnsureExistsCreatesOnlyTheMissingGroups() {
    RunResult r = runs.run("""
        - id: g
          action: gitlab:group:ensureExists
          input:
            repoUrl: %s
            path: [acme, { name: Platform Team, slug: platform }, tools]
        """.formatted(host.host()));
    assertThat(host.groupPaths()).containsExactly("acme", "acme/platform", "acme/platform/tools");
    assertThat(host.requests("POST", "/api/v4/groups")).extracting(q -> q.body().toString())
        .containsExactly("{\"name\":\"Platform Team\",\"path\":\"platform\",\"parent_id\":100}",
            "{\"name\":\"tools\",\"path\":\"tools\",\"parent_id\":101}");
    assertThat(r.stepOutputs().get("g").path("groupId").asLong()).isEqualTo(102);
  }

  @Test
  void skipExistingKeepsAnExistingProjectAndAnswersItsUrls() throws Exception {
    RunResult first = runs.run(publish(""));
    assertThat(first.stepOutputs().get("publish").path("created").asBoolean()).isTrue();
    String git = GitlabHost.gitPath("acme/app");
    String head = host.head(git, "main");
    long projectId = first.stepOutputs().get("publish").path("projectId").asLong();
    runs.file("other.txt", "x");
    RunResult r = runs.run(publish("skipExisting: true"));
    var out = r.stepOutputs().get("publish");
    assertThat(out.path("created").asBoolean(true)).isFalse();
    assertThat(out.path("projectId").asLong()).isEqualTo(projectId);
    assertThat(out.path("remoteUrl").asString()).isEqualTo(host.baseUrl() + "/acme/app");
    assertThat(out.path("repoContentsUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/-/blob/main");
    assertThat(out.has("commitHash")).isFalse();
    assertThat(host.head(git, "main")).isEqualTo(head);
    assertThat(host.files(git, "main")).doesNotContainKey("other.txt");
    assertThat(host.requests("POST", "/api/v4/projects")).hasSize(1);
    assertThat(host.requests("GET", "/api/v4/groups/acme/projects").get(0).query())
        .startsWith("search=app");
  }

  @Test
  void skipExistingStillCreatesAMissingProject() throws Exception {
    RunResult r = runs.run(publish("skipExisting: true"));
    assertThat(r.stepOutputs().get("publish").path("created").asBoolean()).isTrue();
    assertThat(host.files(GitlabHost.gitPath("acme/app"), "main")).containsKey("README.md");
  }

  @Test
  void ownerUsernameAddsThatUserAsOwnerAndAnUnknownOneIsSkipped() throws Exception {
    RunResult r = runs.run(publish("ownerUsername: joe"));
    long projectId = r.stepOutputs().get("publish").path("projectId").asLong();
    var member = host.requests("POST", "/members");
    assertThat(member).hasSize(1);
    assertThat(member.get(0).path()).isEqualTo("/api/v4/projects/" + projectId + "/members");
    assertThat(member.get(0).body()).isEqualTo(Json.parse(
        "{\"user_id\":8,\"access_level\":50}"));

    RunResult other = runs.run(publish("ownerUsername: nobody").replace("repo=app",
        "repo=app2"));
    assertThat(other.stepOutputs().get("publish").path("created").asBoolean()).isTrue();
    assertThat(host.requests("POST", "/members")).hasSize(1);
    assertThat(runs.log).anyMatch(l -> l.contains(
        "Could not find GitLab user with username 'nobody'. Skipping owner assignment."));
  }

  @Test
  void ownerUsernameIsAddedWithTheIntegrationsTokenNotTheTemplatesAndARefusalIsLogged()
      throws Exception {
    host.bearer("user-token").basic("oauth2", "user-token");
    RunResult r = runs.run(publish("token: user-token\nownerUsername: joe"));
    assertThat(r.stepOutputs().get("publish").path("created").asBoolean()).isTrue();
    assertThat(host.requests("POST", "/projects").get(0).authorization())
        .isEqualTo("Bearer user-token");
    assertThat(host.requests("GET", "/users")).extracting(GitHost.Request::authorization)
        .containsExactly("Bearer " + TOKEN);
    assertThat(host.requests("POST", "/members")).extracting(GitHost.Request::authorization)
        .containsExactly("Bearer " + TOKEN);

    // a refused member call is logged and the project is published all the same
    host.refuseMembers(true);
    RunResult refused = runs.run(publish("ownerUsername: joe").replace("repo=app",
        "repo=app3"));
    assertThat(refused.stepOutputs().get("publish").path("created").asBoolean()).isTrue();
    assertThat(host.files(GitlabHost.gitPath("acme/app3"), "main")).containsKey("README.md");
    assertThat(runs.log).anyMatch(l -> l.contains("Failed to add user 'joe' as owner: ")
        && l.contains("403") && l.contains("Proceeding without owner assignment."));
  }

  @Test
  void groupEnsureExistsGivesOnlyTheInnermostCreatedGroupTheDescription() {
    RunResult r = runs.run("""
        - id: g
          action: gitlab:group:ensureExists
          input:
            repoUrl: %s
            description: Platform tooling
            path: [acme, tools/ci]
        """.formatted(host.host()));
    // Backstage 0.12.0 splits "tools/ci" and gives the description to the innermost group only
    assertThat(host.groupDescription("acme/tools")).isEmpty();
    assertThat(host.groupDescription("acme/tools/ci")).isEqualTo("Platform tooling");
    assertThat(host.groupDescription("acme")).isEmpty();
    assertThat(host.requests("POST", "/api/v4/groups")).extracting(q -> q.body().toString())
        .containsExactly("{\"name\":\"tools\",\"path\":\"tools\",\"parent_id\":100}",
            "{\"name\":\"ci\",\"path\":\"ci\",\"description\":\"Platform tooling\","
                + "\"parent_id\":101}");
    assertThat(r.stepOutputs().get("g").path("groupId").asLong()).isEqualTo(102);

    // an innermost group that exists already is left as it is
    runs.run("""
        - id: g
          action: gitlab:group:ensureExists
          input:
            repoUrl: %s
            description: Other words
            path: [acme, tools, ci]
        """.formatted(host.host()));
    assertThat(host.requests("POST", "/api/v4/groups")).hasSize(2);
    assertThat(host.groupDescription("acme/tools/ci")).isEqualTo("Platform tooling");
  }

  private String mergeRequest(String extra) {
    return """
        - id: mr
          action: publish:gitlab:merge-request
          input:
            repoUrl: %s?owner=acme&repo=app
            title: Change
            branchName: change
        %s""".formatted(host.host(), extra.indent(4));
  }

  @Test
  void mergeRequestCommitActionDeleteRemovesTheSourceFilesFromTheBranch() throws Exception {
    runs.run(publish(""));
    runs.file("del/.gitlab-ci.yml", "anything\n");
    runs.run(mergeRequest("commitAction: delete\nsourcePath: del"));
    String git = GitlabHost.gitPath("acme/app");
    assertThat(host.files(git, "change")).containsOnlyKeys("README.md");
    assertThat(host.files(git, "main")).containsOnlyKeys("README.md", ".gitlab-ci.yml");
    assertThat(host.requests("POST", "/merge_requests")).hasSize(1);
  }

  @Test
  void mergeRequestCommitActionDeleteOfAFileTheBranchLacksFailsAndPushesNothing()
      throws Exception {
    runs.run(publish(""));
    runs.file("del/.gitlab-ci.yml", "anything\n").file("del/gone.txt", "x\n");
    // GitLab's Commits API refuses the delete of a missing file, so Backstage 0.12.0 fails
    assertThatThrownBy(() -> runs.run(mergeRequest("commitAction: delete\nsourcePath: del")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Committing the changes to change failed")
        .hasMessageContaining("gone.txt");
    String git = GitlabHost.gitPath("acme/app");
    assertThat(host.head(git, "change")).isNull();
    assertThat(host.requests("POST", "/merge_requests")).isEmpty();
  }

  @Test
  void mergeRequestAutoMergeRefusedFailsTheStep() throws Exception {
    runs.run(publish(""));
    host.refuseAutoMerge(true);
    runs.file("new.txt", "n\n");
    assertThatThrownBy(() -> runs.run(mergeRequest("autoMerge: true")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Enabling auto-merge for merge request 1 failed")
        .hasMessageContaining("405");
    assertThat(host.mergeRequests()).hasSize(1);
    assertThat(host.mergeRequests().get(0).path("auto_merge").asBoolean()).isFalse();
  }

  @Test
  void mergeRequestAssignsReviewersFromApprovalRulesAndSetsAutoMerge() throws Exception {
    runs.run(publish(""));
    host.approvers("acme/app", 8L, 9L);
    runs.file("new.txt", "n\n");
    runs.run(mergeRequest("reviewers: [jane]\nassignReviewersFromApprovalRules: true\n"
        + "autoMerge: true"));
    JsonNode mr = host.mergeRequests().get(0);
    List<Long> reviewers = new java.util.ArrayList<>();
    mr.path("reviewers").forEach(x -> reviewers.add(x.path("id").asLong()));
    assertThat(reviewers).containsExactlyInAnyOrder(7L, 8L, 9L);
    assertThat(host.requests("PUT", "/merge_requests/1").get(0).body().path("reviewer_ids")
        .size()).isEqualTo(3);
    assertThat(mr.path("auto_merge").asBoolean()).isTrue();
    assertThat(host.requests("PUT", "/merge_requests/1/merge").get(0).body())
        .isEqualTo(Json.parse("{\"auto_merge\":true}"));
  }

  @Test
  void mergeRequestWithAnUnknownAssigneeOrReviewerIsOpenedWithoutThem() throws Exception {
    runs.run(publish(""));
    runs.file("new.txt", "n\n");
    // Backstage 0.12.0 logs a user it cannot find and opens the merge request all the same
    RunResult r = runs.run(mergeRequest("assignee: nobody\nreviewers: [ghost, jane]"));
    assertThat(r.stepOutputs().get("mr").path("mergeRequestUrl").asString())
        .isEqualTo(host.baseUrl() + "/acme/app/-/merge_requests/1");
    JsonNode body = host.requests("POST", "/merge_requests").get(0).body();
    assertThat(body.has("assignee_id")).isFalse();
    assertThat(body.path("reviewer_ids")).isEqualTo(Json.parse("[7]"));
    assertThat(runs.log).anyMatch(l -> l.startsWith("Failed to find gitlab user id for nobody: ")
        && l.endsWith("Proceeding with MR creation without an assignee."));
    assertThat(runs.log).anyMatch(l -> l.startsWith("Failed to find gitlab user id for ghost: ")
        && l.endsWith("Proceeding with MR creation without reviewer."));

    // no reviewer found: the request carries no reviewer_ids at all
    runs.run(mergeRequest("reviewers: [ghost]").replace("branchName: change\n",
        "branchName: change2\n"));
    assertThat(host.requests("POST", "/merge_requests").get(1).body().has("reviewer_ids"))
        .isFalse();
    assertThat(host.mergeRequests()).hasSize(2);
  }

  @Test
  void mergeRequestWithATargetPathButNoSourcePathTakesTheWorkspaceFolderOfThatName()
      throws Exception {
    runs.run(publish(""));
    runs.file("docs/guide.md", "guide\n");
    // Backstage 0.12.0: fileRoot = sourcePath, else workspace/targetPath, else the workspace
    runs.run(mergeRequest("targetPath: docs"));
    String git = GitlabHost.gitPath("acme/app");
    assertThat(host.files(git, "change")).containsOnlyKeys("README.md", ".gitlab-ci.yml",
        "docs/guide.md");

    // sourcePath "." takes the whole workspace, as Backstage's description says
    runs.run(mergeRequest("targetPath: docs\nsourcePath: .").replace("branchName: change\n",
        "branchName: whole\n"));
    assertThat(host.files(git, "whole")).containsKeys("docs/README.md", "docs/.gitlab-ci.yml",
        "docs/docs/guide.md");
  }

  @Test
  void mergeRequestWithoutTheNewInputsMakesNoExtraCalls() throws Exception {
    runs.run(publish(""));
    host.approvers("acme/app", 8L);
    runs.file("new.txt", "n\n");
    runs.run(mergeRequest(""));
    assertThat(host.mergeRequests().get(0).path("reviewers").isEmpty()).isTrue();
    assertThat(host.mergeRequests().get(0).path("auto_merge").asBoolean()).isFalse();
    assertThat(host.requests("PUT", "/merge_requests/1")).isEmpty();
    assertThat(host.requests("GET", "/approval_rules")).isEmpty();
  }
}
