package dev.greenroom.scaffolder.publish.gitea;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.GiteaIntegrationConfig;
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
import java.security.SecureRandom;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:gitea}: checks that the organisation {@code owner} exists ({@code GET
 * /api/v1/orgs/{owner}}), creates the repository in it ({@code POST /api/v1/orgs/{owner}/repos},
 * 201), then pushes the workspace to {@code {baseUrl}/{owner}/{repo}.git} with the integration's
 * user and password (or the {@code token} input), as Backstage's action; the commit message gets a
 * {@code Change-Id} trailer as Backstage writes it. Outputs {@code remoteUrl}, {@code
 * repoContentsUrl} ({@code {baseUrl}/{owner}/{repo}/src/branch/{branch}/}) and {@code commitHash}.
 * A repository that exists already (409) fails the step naming host and repository.
 */
public final class PublishGiteaAction extends HostAction {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The action over the shared settings. */
  public PublishGiteaAction(PublishSettings settings) {
    super(settings, "publish:gitea",
        "Initializes a git repository using the content of the workspace, and publishes it to"
            + " Gitea.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "description":{"title":"Repository Description","type":"string"},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'main'"},
          "repoVisibility":{"title":"Repository Visibility","type":"string","enum":["private","public"],"description":"Sets the visibility of the repository. The default value is 'public'."},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "gitAuthorName":{"title":"Default Author Name","type":"string","description":"Sets the default author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"title":"Default Author Email","type":"string","description":"Sets the default author email for the commit."},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
          "signCommit":{"title":"Sign commit","type":"boolean","description":"Sign commit with configured PGP private key"},
          "token":{"title":"Authentication Token","type":"string","description":"A Gitea authentication token to use for API and git operations. When provided, it overrides the integration credentials."}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""",
        new ActionExample("Initializes a Gitea repository using the content of the workspace and"
            + " publish it.", """
            steps:
              - id: publish
                action: publish:gitea
                name: Publish to Gitea
                input:
                  repoUrl: gitea.com?repo=repo&owner=owner
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    RepoUrl url = RepoUrl.parse(id(), required(ctx, "repoUrl"), settings.integrations());
    GiteaIntegrationConfig config = settings.integrations().gitea().stream()
        .filter(g -> g.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(id() + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    String owner = url.owner();
    if (owner == null) {
      throw new ActionException(id() + ": Invalid URL provider was included in the repo URL to"
          + " create " + text(ctx, "repoUrl") + ", missing owner");
    }
    String repo = url.requireRepo();
    String token = text(ctx, "token");
    boolean hasToken = token != null && !token.isEmpty();
    if (!hasToken && (config.username() == null || config.password() == null)) {
      throw new ActionException(id() + ": Credentials for the gitea " + url.host() + " required.");
    }
    refuseSigning(ctx);
    String branch = text(ctx, "defaultBranch", "main");
    boolean isPrivate = "private".equals(text(ctx, "repoVisibility", "public"));
    Path dir = sourceDir(ctx);
    String authorization = hasToken ? "token " + token
        : basic(config.username(), config.password().reveal());
    String base = config.baseUrl().replaceAll("/+$", "");
    HostApi api = settings.api(id(), "Gitea " + url.host(), authorization);
    ctx.checkpoint("create.repo." + url.host() + "." + owner + "." + repo, () -> {
      HostApi.Answer org = api.send("GET", base + "/api/v1/orgs/" + seg(owner), null,
          "looking up organization " + owner);
      if (org.status() == 404) {
        throw new ActionException(id() + ": Organization " + owner + " do not exist on Gitea "
            + url.host() + ". Please create it first !");
      }
      if (!org.ok()) {
        throw api.failure(org, "looking up organization " + owner);
      }
      ObjectNode body = Json.object();
      body.put("auto_init", false);
      body.put("description", text(ctx, "description", ""));
      body.put("name", repo);
      body.put("org", owner);
      body.put("private", isPrivate);
      body.put("readme", "Default");
      String doing = "creating repository " + owner + "/" + repo;
      HostApi.Answer a = api.send("POST", base + "/api/v1/orgs/" + seg(owner) + "/repos", body,
          doing);
      if (a.status() == 409) {
        throw new ActionException(id() + ": repository " + owner + "/" + repo
            + " already exists on Gitea " + url.host() + "; nothing was pushed or overwritten");
      }
      if (a.status() != 201) {
        throw api.failure(a, doing);
      }
      return Json.object();
    });
    String remoteUrl = base + "/" + owner + "/" + repo + ".git";
    GitAuth auth = hasToken ? GitAuth.basic("", token)
        : GitAuth.basic(config.username(), config.password().reveal());
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        changeId(text(ctx, "gitCommitMessage", settings.commitMessage())));
    JsonNode hash = ctx.checkpoint("init.repo.and.push." + url.host() + "." + owner + "." + repo,
        () -> str(settings.pusher().initAndPush(id(), ctx, dir, remoteUrl, branch, auth,
            commit)));
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("commitHash", hash.asString());
    ctx.output("repoContentsUrl", base + "/" + owner + "/" + repo + "/src/branch/" + branch + "/");
  }

  /** {@code subject\n\nChange-Id: I<40 hex>}, as Backstage's Gitea and Gerrit actions write. */
  public static String changeId(String subject) {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return subject + "\n\nChange-Id: I" + HexFormat.of().formatHex(b);
  }
}
