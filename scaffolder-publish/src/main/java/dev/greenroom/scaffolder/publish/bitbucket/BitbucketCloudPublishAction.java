package dev.greenroom.scaffolder.publish.bitbucket;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.RepoUrl;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:bitbucketCloud}: creates {@code workspace/repo} in project {@code project} with
 * Bitbucket Cloud's API ({@code POST {apiBaseUrl}/repositories/{workspace}/{repo}}, 200), then
 * pushes the workspace to its {@code https} clone URL, as Backstage's action. The API is called
 * with the {@code token} input (Bearer) or the integration's user and app password (Basic) or its
 * token; git pushes as {@code x-token-auth} with the input token, else with the user and app
 * password. Outputs {@code remoteUrl}, {@code repoContentsUrl} ({@code links.html}/src/{branch})
 * and {@code commitHash}. A repository that exists already fails the step naming host and
 * repository, and nothing is pushed.
 */
public final class BitbucketCloudPublishAction extends HostAction {

  /** The action over the shared settings. */
  public BitbucketCloudPublishAction(PublishSettings settings) {
    super(settings, "publish:bitbucketCloud",
        "Initializes a git repository of the content in the workspace, and publishes it to"
            + " Bitbucket Cloud.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "description":{"title":"Repository Description","type":"string"},
          "repoVisibility":{"title":"Repository Visibility","type":"string","enum":["private","public"]},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to BitBucket Cloud"},
          "signCommit":{"title":"Sign commit","type":"boolean","description":"Sign commit with configured PGP private key"}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""",
        new ActionExample("Initializes a git repository and publishes it to Bitbucket Cloud", """
            steps:
              - id: publish
                action: publish:bitbucketCloud
                name: Publish to Bitbucket Cloud
                input:
                  repoUrl: bitbucket.org?repo=repo&workspace=workspace&project=project
                  description: Initialize a git repository
                  repoVisibility: public
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    RepoUrl url = RepoUrl.parse(id(), required(ctx, "repoUrl"), settings.integrations());
    String workspace = url.workspace();
    String project = url.project();
    if (workspace == null || project == null) {
      throw new ActionException(id() + ": Invalid URL provider was included in the repo URL to"
          + " create " + text(ctx, "repoUrl") + ", missing "
          + (workspace == null ? "workspace" : "project"));
    }
    String repo = url.requireRepo();
    BitbucketCloudIntegrationConfig config = settings.integrations().bitbucketCloud().stream()
        .filter(c -> c.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(id() + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    String branch = text(ctx, "defaultBranch", "master");
    boolean isPrivate = "private".equals(text(ctx, "repoVisibility", "private"));
    refuseSigning(ctx);
    Path dir = sourceDir(ctx);
    String inputToken = text(ctx, "token");
    String authorization;
    GitAuth gitAuth;
    if (inputToken != null && !inputToken.isEmpty()) {
      authorization = "Bearer " + inputToken;
      gitAuth = GitAuth.basic("x-token-auth", inputToken);
    } else {
      if (config.username() != null && config.appPassword() != null) {
        authorization = basic(config.username(), config.appPassword().reveal());
      } else if (config.token() != null) {
        authorization = "Bearer " + config.token().reveal();
      } else {
        throw new ActionException(id() + ": Authorization has not been provided for Bitbucket"
            + " Cloud. Please add either username + appPassword to the Integrations config or a"
            + " user login auth token");
      }
      if (config.username() == null || config.appPassword() == null) {
        throw new ActionException(id() + ": Credentials for Bitbucket Cloud integration required"
            + " for this action (username and appPassword).");
      }
      gitAuth = GitAuth.basic(config.username(), config.appPassword().reveal());
    }
    String api = config.apiBaseUrl();
    HostApi http = settings.api(id(), "Bitbucket Cloud " + url.host(), authorization);

    JsonNode created = ctx.checkpoint("create.repo." + url.host() + "." + workspace + "." + repo,
        () -> {
          ObjectNode body = Json.object();
          body.put("scm", "git");
          String description = text(ctx, "description");
          if (description != null) {
            body.put("description", description);
          }
          body.put("is_private", isPrivate);
          body.putObject("project").put("key", project);
          String doing = "creating repository " + workspace + "/" + repo;
          HostApi.Answer a = http.send("POST", api + "/repositories/" + seg(workspace) + "/"
              + seg(repo), body, doing);
          if ((a.status() == 400 || a.status() == 409) && HostApi.message(a.body())
              .toLowerCase(Locale.ROOT).contains("already exists")) {
            throw new ActionException(id() + ": repository " + workspace + "/" + repo
                + " already exists on Bitbucket Cloud " + url.host()
                + "; nothing was pushed or overwritten");
          }
          if (a.status() != 200) {
            throw http.failure(a, doing);
          }
          String remote = "";
          for (JsonNode link : a.body().path("links").path("clone")) {
            if ("https".equals(link.path("name").asString(""))) {
              remote = link.path("href").asString("");
            }
          }
          if (remote.isEmpty()) {
            throw new ActionException(id() + ": Bitbucket Cloud " + url.host() + " created "
                + workspace + "/" + repo + " but answered no https clone URL");
          }
          ObjectNode out = Json.object();
          out.put("remoteUrl", remote);
          // the main branch cannot be set on creation: the first pushed branch becomes it
          out.put("repoContentsUrl", a.body().path("links").path("html").path("href").asString("")
              + "/src/" + branch);
          return out;
        });
    String remoteUrl = created.path("remoteUrl").asString();
    String pushTo = ownRemote(remoteUrl, url.host(), hostOf(api));
    GitPusher.Commit commit = new GitPusher.Commit(settings.authorName(), settings.authorEmail(),
        text(ctx, "gitCommitMessage", settings.commitMessage()));
    JsonNode pushed = ctx.checkpoint("init.repo.and.push." + url.host() + "." + workspace + "."
        + repo, () -> str(settings.pusher().initAndPush(id(), ctx, dir, pushTo, branch, gitAuth,
            commit)));
    ctx.output("commitHash", pushed.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", created.path("repoContentsUrl").asString());
  }
}
