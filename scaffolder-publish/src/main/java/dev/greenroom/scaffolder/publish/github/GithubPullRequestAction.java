package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:github:pull-request}: lays the workspace (or {@code sourcePath}) under {@code
 * targetPath} of the target branch on a new branch {@code branchName}, pushes it with JGit and
 * opens a pull request ({@code POST /repos/{owner}/{repo}/pulls}), then asks for reviewers and
 * assignees. Backstage's inputs and outputs ({@code targetBranchName}, {@code remoteUrl} = the pull
 * request's page, {@code pullRequestNumber}). With {@code createWhenEmpty: false} and nothing
 * changed, no pull request is made. {@code filesToDelete} (paths from the repository root) are
 * removed in the same commit. With {@code forceFork} the branch is pushed to the token user's fork
 * ({@code POST .../forks}) and the pull request's head is {@code user:branch}. Backstage writes the commit through GitHub's Git Data API;
 * this action pushes over git, which gives the same branch and commit contents.
 */
public final class GithubPullRequestAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubPullRequestAction(PublishSettings settings, GithubClients clients) {
    super(settings, "publish:github:pull-request", "", """
        {"type":"object","required":["repoUrl","title","description","branchName"],"properties":{
          "repoUrl":{"type":"string","title":"Repository Location","description":"Accepts the format 'github.com?repo=reponame&owner=owner' where 'reponame' is the repository name and 'owner' is an organization or username"},
          "branchName":{"type":"string","title":"Branch Name","description":"The name for the branch"},
          "targetBranchName":{"type":"string","title":"Target Branch Name","description":"The target branch name of the pull request"},
          "title":{"type":"string","title":"Pull Request Name","description":"The name for the pull request"},
          "description":{"type":"string","title":"Pull Request Description","description":"The description of the pull request"},
          "draft":{"type":"boolean","title":"Create as Draft","description":"Create a draft pull request"},
          "sourcePath":{"type":"string","title":"Working Subdirectory","description":"Subdirectory of working directory to copy changes from"},
          "targetPath":{"type":"string","title":"Repository Subdirectory","description":"Subdirectory of repository to apply changes to"},
          "token":{"type":"string","title":"Authentication Token","description":"The token to use for authorization to GitHub"},
          "reviewers":{"type":"array","items":{"type":"string"},"title":"Pull Request Reviewers","description":"The users that will be added as reviewers to the pull request"},
          "assignees":{"type":"array","items":{"type":"string"},"title":"Pull Request Assignees","description":"The users that will be added as assignees to the pull request"},
          "teamReviewers":{"type":"array","items":{"type":"string"},"title":"Pull Request Team Reviewers","description":"The teams that will be added as reviewers to the pull request"},
          "filesToDelete":{"type":"array","items":{"type":"string"},"title":"Files To Delete","description":"List of files that will be deleted (paths from the repository root)"},
          "commitMessage":{"type":"string","title":"Commit Message","description":"The commit message for the pull request commit"},
          "update":{"type":"boolean","title":"Update","description":"Update pull request if already exists"},
          "forceFork":{"type":"boolean","title":"Force Fork","description":"Create pull request from a fork"},
          "gitAuthorName":{"type":"string","title":"Default Author Name","description":"Sets the default author name for the commit. The default value is the authenticated user or 'Scaffolder'"},
          "gitAuthorEmail":{"type":"string","title":"Default Author Email","description":"Sets the default author email for the commit. The default value is the authenticated user or 'scaffolder@backstage.io'"},
          "forceEmptyGitAuthor":{"type":"boolean","title":"Force Empty Git Author","description":"Forces the author to be empty"},
          "createWhenEmpty":{"type":"boolean","title":"Create When Empty","description":"Set whether to create pull request when there are no changes to commit. The default value is true."}}}""",
        """
        {"type":"object","required":["remoteUrl"],"properties":{
          "targetBranchName":{"title":"Target branch name of the merge request","type":"string"},
          "remoteUrl":{"type":"string","title":"Pull Request URL","description":"Link to the pull request in Github"},
          "pullRequestNumber":{"type":"number","title":"Pull Request Number","description":"The pull request number"}}}""",
        new ActionExample("Create a pull request", """
            steps:
              - id: publish
                action: publish:github:pull-request
                name: Create a pull request
                input:
                  repoUrl: github.com?repo=repo&owner=owner
                  branchName: new-app
                  title: Create my new app
                  description: This PR is really good
            """));
    this.clients = clients;
  }

  /**
   * Dry-run safe, as Backstage's: a dry run checks the repository URL and finds the credentials,
   * then answers Backstage's dry-run outputs ({@code targetBranchName} = {@code branchName},
   * {@code remoteUrl} = the {@code repoUrl} input, {@code pullRequestNumber} 43) without calling
   * GitHub.
   */
  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) {
    String repoUrl = required(ctx, "repoUrl");
    GithubClients.Target t = clients.target(id(), ctx, repoUrl);
    String branch = required(ctx, "branchName");
    if (ctx.isDryRun()) {
      ctx.log("Performing dry run of creating pull request");
      ctx.output("targetBranchName", branch);
      ctx.output("remoteUrl", repoUrl);
      ctx.output("pullRequestNumber", Json.nodes().numberNode(43));
      ctx.log("Dry run complete");
      return;
    }
    String title = required(ctx, "title");
    String description = text(ctx, "description", "");
    HostApi api = t.api();
    JsonNode repo = api.call("GET", t.repoApi(), null, "reading repository " + t.owner() + "/"
        + t.repo());
    String target = text(ctx, "targetBranchName", repo.path("default_branch").asString("master"));
    boolean fork = flag(ctx, "forceFork", false);
    // with forceFork the branch goes to the token user's fork and the pull request names it
    // user:branch, as Backstage's (octokit-plugin-create-pull-request) does
    JsonNode pushTo = fork ? ctx.checkpoint("fork." + t.owner() + "." + t.repo(), () -> {
      String login = api.call("GET", t.apiBaseUrl() + "/user", null, "reading the token's user")
          .path("login").asString("");
      JsonNode forked = api.call("POST", t.repoApi() + "/forks", Json.object(),
          "forking " + t.owner() + "/" + t.repo());
      String forkOwner = forked.path("owner").path("login").asString(login);
      waitForFork(ctx, api, t.apiBaseUrl() + "/repos/" + seg(forkOwner) + "/"
          + seg(forked.path("name").asString(t.repo())));
      ObjectNode out = Json.object();
      out.put("owner", forkOwner);
      out.put("clone_url", forked.path("clone_url").asString(""));
      ctx.log("Forked " + t.owner() + "/" + t.repo() + " to " + forkOwner);
      return out;
    }) : repo;
    String remote = ownRemote(pushTo.path("clone_url").asString(""), t.host(),
        hostOf(t.apiBaseUrl()));
    String head = fork ? pushTo.path("owner").asString() + ":" + branch : branch;
    Path source = sourceDir(ctx);
    String targetPath = text(ctx, "targetPath", "");
    boolean createWhenEmpty = flag(ctx, "createWhenEmpty", true);
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        text(ctx, "commitMessage", title));
    JsonNode pushed = ctx.checkpoint("push.branch." + t.owner() + "." + t.repo() + "." + branch,
        () -> {
          String hash = settings.pusher().pushBranch(id(), ctx, source, targetPath, remote, target,
              branch, GitAuth.basic("x-access-token", t.token()), commit, createWhenEmpty,
              GitPusher.Edit.COPY, strings(ctx, "filesToDelete"));
          return hash == null ? Json.nodes().nullNode() : str(hash);
        });
    if (pushed.isNull()) {
      ctx.log("No changes, so no pull request was created");
      return;
    }
    JsonNode pr = ctx.checkpoint("pull.request." + t.owner() + "." + t.repo() + "." + branch,
        () -> {
          ObjectNode body = Json.object();
          body.put("title", title);
          body.put("body", description);
          body.put("head", head);
          body.put("base", target);
          body.put("draft", flag(ctx, "draft", false));
          JsonNode created = api.call("POST", t.repoApi() + "/pulls", body,
              "opening a pull request from " + branch + " to " + target);
          int number = created.path("number").asInt();
          List<String> reviewers = strings(ctx, "reviewers");
          List<String> teams = strings(ctx, "teamReviewers");
          if (!reviewers.isEmpty() || !teams.isEmpty()) {
            ObjectNode r = Json.object();
            ArrayNode users = r.putArray("reviewers");
            reviewers.forEach(users::add);
            ArrayNode ts = r.putArray("team_reviewers");
            teams.forEach(ts::add);
            HostApi.Answer a = api.send("POST", t.repoApi() + "/pulls/" + number
                + "/requested_reviewers", r, "requesting reviewers");
            if (!a.ok()) {
              ctx.log("Failure when adding reviewers to Pull request " + number + ": "
                  + HostApi.message(a.body()));
            }
          }
          List<String> assignees = strings(ctx, "assignees");
          if (!assignees.isEmpty()) {
            ObjectNode as = Json.object();
            ArrayNode list = as.putArray("assignees");
            assignees.forEach(list::add);
            HostApi.Answer a = api.send("POST", t.repoApi() + "/issues/" + number + "/assignees",
                as, "adding assignees");
            if (!a.ok()) {
              ctx.log("Failure when adding assignees to Pull request " + number + ": "
                  + HostApi.message(a.body()));
            }
          }
          ObjectNode out = Json.object();
          out.put("number", number);
          out.put("html_url", created.path("html_url").asString(""));
          return out;
        });
    ctx.output("targetBranchName", target);
    ctx.output("remoteUrl", pr.path("html_url").asString(""));
    ctx.output("pullRequestNumber", pr.path("number"));
  }

  /** GitHub forks asynchronously: reads the fork until it answers (a bounded number of times). */
  private void waitForFork(ActionContext ctx, HostApi api, String forkApi) {
    for (int i = 0; i < 30; i++) {
      if (api.send("GET", forkApi, null, "reading the fork").ok()) {
        return;
      }
      ctx.log("Waiting for the fork to be ready");
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActionException(id() + ": interrupted while waiting for the fork");
      }
    }
    throw new ActionException(id() + ": the fork " + forkApi + " was not ready after 30 s");
  }
}
