package dev.greenroom.scaffolder.publish.bitbucket;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.RepoUrl;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.net.URI;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:bitbucketServer}: creates the repository {@code project/repo} with Bitbucket
 * Server's REST API ({@code POST {apiBaseUrl}/projects/{project}/repos}, 201), then pushes the
 * workspace to its {@code http} clone URL; optionally enables LFS. Backstage's inputs and outputs
 * ({@code remoteUrl}, {@code repoContentsUrl} = the repository's {@code links.self}, {@code
 * commitHash}). A repository that exists already (409) fails the step naming host and repository,
 * and nothing is pushed. Creation and push each run in a checkpoint.
 */
public final class BitbucketServerPublishAction extends HostAction {

  /** The action over the shared settings. */
  public BitbucketServerPublishAction(PublishSettings settings) {
    super(settings, "publish:bitbucketServer",
        "Initializes a git repository of the content in the workspace, and publishes it to"
            + " Bitbucket Server.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "description":{"title":"Repository Description","type":"string"},
          "repoVisibility":{"title":"Repository Visibility","type":"string","enum":["private","public"]},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
          "enableLFS":{"title":"Enable LFS?","type":"boolean","description":"Enable LFS for the repository."},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to BitBucket Server"},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "gitAuthorName":{"title":"Author Name","type":"string","description":"Sets the author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"title":"Author Email","type":"string","description":"Sets the author email for the commit."},
          "signCommit":{"title":"Sign commit","type":"boolean","description":"Sign commit with configured PGP private key"}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""",
        new ActionExample("Initializes a git repository and publishes it to Bitbucket Server", """
            steps:
              - id: publish
                action: publish:bitbucketServer
                name: Publish to Bitbucket Server
                input:
                  repoUrl: bitbucket.company.com?project=PROJECT&repo=repo
                  description: A new repository
                  defaultBranch: main
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    RepoUrl url = RepoUrl.parse(id(), required(ctx, "repoUrl"), settings.integrations());
    if (url.project() == null) {
      throw new ActionException(id() + ": Invalid URL provider was included in the repo URL to"
          + " create " + text(ctx, "repoUrl") + ", missing project");
    }
    String project = url.project();
    String repo = url.requireRepo();
    String branch = text(ctx, "defaultBranch", "master");
    boolean isPublic = "public".equals(text(ctx, "repoVisibility", "private"));
    refuseSigning(ctx);
    Path dir = sourceDir(ctx);
    BitbucketServerAuth auth = BitbucketServerAuth.of(id(), url.host(), settings.integrations(),
        text(ctx, "token"));
    String api = auth.config().apiBaseUrl();
    HostApi http = settings.api(id(), "Bitbucket Server " + url.host(), auth.authorization());

    JsonNode created = ctx.checkpoint("create.repo." + url.host() + "." + project + "." + repo,
        () -> {
          ObjectNode body = Json.object();
          body.put("name", repo);
          String description = text(ctx, "description");
          if (description != null) {
            body.put("description", description);
          }
          body.put("defaultBranch", branch);
          body.put("public", isPublic);
          String doing = "creating repository " + project + "/" + repo;
          HostApi.Answer a = http.send("POST", api + "/projects/" + seg(project) + "/repos", body,
              doing);
          if (a.status() == 409) {
            throw new ActionException(id() + ": repository " + project + "/" + repo
                + " already exists on Bitbucket Server " + url.host()
                + "; nothing was pushed or overwritten");
          }
          if (a.status() != 201) {
            throw http.failure(a, doing);
          }
          String remote = "";
          for (JsonNode link : a.body().path("links").path("clone")) {
            if ("http".equals(link.path("name").asString(""))) {
              remote = link.path("href").asString("");
            }
          }
          if (remote.isEmpty()) {
            throw new ActionException(id() + ": Bitbucket Server " + url.host()
                + " created " + project + "/" + repo + " but answered no http clone URL");
          }
          ObjectNode out = Json.object();
          out.put("remoteUrl", remote);
          out.put("repoContentsUrl", a.body().path("links").path("self").path(0).path("href")
              .asString(""));
          return out;
        });
    String remoteUrl = created.path("remoteUrl").asString();
    String pushTo = ownRemote(remoteUrl, url.host(), hostOf(api));
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        text(ctx, "gitCommitMessage", settings.commitMessage()));
    JsonNode pushed = ctx.checkpoint("init.repo.and.push." + url.host() + "." + project + "." + repo,
        () -> str(settings.pusher().initAndPush(id(), ctx, dir, pushTo, branch, auth.git(),
            commit)));
    if (flag(ctx, "enableLFS", false)) {
      URI base = URI.create(api);
      http.call("PUT", base.getScheme() + "://" + url.host() + "/rest/git-lfs/admin/projects/"
          + seg(project) + "/repos/" + seg(repo) + "/enabled", null, "enabling LFS");
    }
    ctx.output("commitHash", pushed.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", created.path("repoContentsUrl").asString());
  }
}
