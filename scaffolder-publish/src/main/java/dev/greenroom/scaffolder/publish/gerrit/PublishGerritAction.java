package dev.greenroom.scaffolder.publish.gerrit;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.RepoUrl;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.gitea.PublishGiteaAction;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:gerrit}: creates the project {@code repo} under the parent {@code workspace}
 * ({@code PUT {baseUrl}/a/projects/{repo}}, 201, with {@code owners} and the default branch), then
 * pushes the workspace to {@code {cloneUrl}/a/{repo}} with the integration's user and HTTP
 * password, the commit message carrying a {@code Change-Id}. Outputs {@code remoteUrl}, {@code
 * repoContentsUrl} (Gitiles' {@code /{repo}/+/refs/heads/{branch}}) and {@code commitHash}. As in
 * Backstage this action supports dry runs: it then only reports the URLs and {@code
 * abcd-dry-run-1234}. A project that exists already (409) fails the step naming host and project.
 */
public final class PublishGerritAction extends HostAction {

  /** The action over the shared settings. */
  public PublishGerritAction(PublishSettings settings) {
    super(settings, "publish:gerrit",
        "Initializes a git repository of the content in the workspace, and publishes it to"
            + " Gerrit.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "description":{"title":"Repository Description","type":"string"},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "gitAuthorName":{"title":"Default Author Name","type":"string","description":"Sets the default author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"title":"Default Author Email","type":"string","description":"Sets the default author email for the commit."},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""",
        new ActionExample("Initializes a Gerrit repository of contents in workspace and publish"
            + " it to Gerrit with default configuration.", """
            steps:
              - id: publish
                action: publish:gerrit
                name: Publish to Gerrit
                input:
                  repoUrl: gerrit.com?repo=repo&owner=owner&workspace=parent
            """));
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) {
    RepoUrl url = RepoUrl.parse(id(), required(ctx, "repoUrl"), settings.integrations());
    GerritIntegrationConfig config = settings.integrations().gerrit().stream()
        .filter(g -> g.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(id() + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    String workspace = url.workspace();
    if (workspace == null) {
      throw new ActionException(id() + ": Invalid URL provider was included in the repo URL to"
          + " create " + text(ctx, "repoUrl") + ", missing workspace");
    }
    String repo = url.requireRepo();
    String branch = text(ctx, "defaultBranch", "master");
    String repoContentsUrl = config.gitilesBaseUrl().replaceAll("/+$", "") + "/" + repo
        + "/+/refs/heads/" + branch;
    String remoteUrl = config.cloneUrl().replaceAll("/+$", "") + "/a/" + repo;
    if (ctx.isDryRun()) {
      ctx.log("Dry run: would create " + repo + " under " + workspace + " and push " + branch);
      ctx.output("remoteUrl", remoteUrl);
      ctx.output("commitHash", "abcd-dry-run-1234");
      ctx.output("repoContentsUrl", repoContentsUrl);
      return;
    }
    if (config.username() == null || config.password() == null) {
      throw new ActionException(id() + ": the Gerrit integration for " + url.host()
          + " needs a username and password to create and push");
    }
    Path dir = sourceDir(ctx);
    String baseUrl = config.baseUrl().replaceAll("/+$", "");
    HostApi api = settings.api(id(), "Gerrit " + url.host(),
        basic(config.username(), config.password().reveal()));
    ctx.checkpoint("create.project." + url.host() + "." + repo, () -> {
      ObjectNode body = Json.object();
      body.put("parent", workspace);
      body.put("description", text(ctx, "description", ""));
      body.putArray("branches").add(branch);
      var owners = body.putArray("owners");
      if (url.owner() != null) {
        owners.add(url.owner());
      }
      body.put("create_empty_commit", false);
      String doing = "creating project " + repo;
      HostApi.Answer a = api.send("PUT", baseUrl + "/a/projects/" + seg(repo), body, doing);
      if (a.status() == 409) {
        throw new ActionException(id() + ": project " + repo + " already exists on Gerrit "
            + url.host() + "; nothing was pushed or overwritten");
      }
      if (a.status() != 201) {
        throw api.failure(a, doing);
      }
      return Json.object();
    });
    String pushTo = ownRemote(remoteUrl, url.host(), hostOf(baseUrl), hostOf(remoteUrl));
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        PublishGiteaAction.changeId(text(ctx, "gitCommitMessage", settings.commitMessage())));
    JsonNode hash = ctx.checkpoint("init.repo.and.push." + url.host() + "." + repo,
        () -> str(settings.pusher().initAndPush(id(), ctx, dir, pushTo, branch,
            GitAuth.basic(config.username(), config.password().reveal()), commit)));
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("commitHash", hash.asString());
    ctx.output("repoContentsUrl", repoContentsUrl);
  }
}
