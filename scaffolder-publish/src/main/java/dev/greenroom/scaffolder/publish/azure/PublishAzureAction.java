package dev.greenroom.scaffolder.publish.azure;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.AzureIntegrationConfig;
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
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:azure}: creates the repository {@code repo} in {@code organization}/{@code
 * project} with Azure DevOps' Git API ({@code POST https://{host}/{organization}/{project}/_apis/git/repositories}),
 * then pushes the workspace to its {@code remoteUrl} with the personal access token, as Backstage's
 * action. Outputs {@code remoteUrl}, {@code repoContentsUrl} (the repository's {@code webUrl}),
 * {@code repositoryId} and {@code commitHash}. Credentials: the {@code token} input, else the
 * integration's personal access token for the organisation; service principals and managed
 * identities (Azure AD tokens) are refused with a clear error. A repository that exists already
 * (409) fails the step naming host and repository.
 */
public final class PublishAzureAction extends HostAction {

  /** The action over the shared settings. */
  public PublishAzureAction(PublishSettings settings) {
    super(settings, "publish:azure",
        "Initializes a git repository of the content in the workspace, and publishes it to"
            + " Azure.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "description":{"title":"Repository Description","type":"string"},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "gitAuthorName":{"title":"Default Author Name","type":"string","description":"Sets the default author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"title":"Default Author Email","type":"string","description":"Sets the default author email for the commit."},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to Azure"},
          "signCommit":{"title":"Sign commit","type":"boolean","description":"Sign commit with configured PGP private key"}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "repositoryId":{"title":"The Id of the created repository","type":"string"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""",
        new ActionExample("Initialize and publish to Azure", """
            steps:
              - id: publish
                action: publish:azure
                name: Publish to Azure
                input:
                  repoUrl: dev.azure.com?organization=organization&project=project&repo=repo
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    RepoUrl url = RepoUrl.parse(id(), required(ctx, "repoUrl"), settings.integrations());
    String organization = url.organization();
    if (organization == null) {
      throw new ActionException(id() + ": Invalid URL provider was included in the repo URL to"
          + " create " + text(ctx, "repoUrl") + ", missing organization");
    }
    String project = java.util.Objects.requireNonNull(url.project());
    String repo = url.requireRepo();
    AzureIntegrationConfig config = settings.integrations().azure().stream()
        .filter(a -> a.host().equalsIgnoreCase(url.host())).findFirst()
        .orElseThrow(() -> new ActionException(id() + ": no matching integration configuration"
            + " for host " + url.host() + ", please check your integrations config"));
    String orgUrl = "https://" + url.host() + "/" + organization;
    String token = token(ctx, config, organization, orgUrl);
    refuseSigning(ctx);
    String branch = text(ctx, "defaultBranch", "master");
    Path dir = sourceDir(ctx);
    HostApi api = settings.api(id(), "Azure DevOps " + url.host(), basic("PAT", token));
    JsonNode created = ctx.checkpoint("create.repo." + repo, () -> {
      ObjectNode body = Json.object();
      body.put("name", repo);
      String doing = "creating repository " + organization + "/" + project + "/" + repo;
      HostApi.Answer a = api.send("POST", orgUrl + "/" + seg(project)
          + "/_apis/git/repositories?api-version=" + config.apiVersion(), body, doing);
      if (a.status() == 409) {
        throw new ActionException(id() + ": repository " + organization + "/" + project + "/"
            + repo + " already exists on Azure DevOps " + url.host()
            + "; nothing was pushed or overwritten");
      }
      if (a.status() == 404) {
        throw new ActionException(id() + ": Unable to create the repository with Organization "
            + organization + ", Project " + project + " and Repo " + repo + " on Azure DevOps "
            + url.host() + ". Please make sure that both the Org and Project are typed"
            + " correctly and exist.");
      }
      if (!a.ok()) {
        throw api.failure(a, doing);
      }
      for (String field : new String[] {"remoteUrl", "id", "webUrl"}) {
        if (a.body().path(field).asString("").isEmpty()) {
          throw new ActionException(id() + ": no " + field + " returned from create repository"
              + " for Azure " + url.host());
        }
      }
      ObjectNode out = Json.object();
      out.put("remoteUrl", a.body().path("remoteUrl").asString());
      out.put("repositoryId", a.body().path("id").asString());
      out.put("repoContentsUrl", a.body().path("webUrl").asString());
      return out;
    });
    String remoteUrl = created.path("remoteUrl").asString();
    String pushTo = ownRemote(remoteUrl, url.host());
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        text(ctx, "gitCommitMessage", settings.commitMessage()));
    JsonNode hash = ctx.checkpoint("init.repo.and.push." + remoteUrl,
        () -> str(settings.pusher().initAndPush(id(), ctx, dir, pushTo, branch,
            GitAuth.basic("notempty", token), commit)));
    ctx.output("commitHash", hash.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", created.path("repoContentsUrl").asString());
    ctx.output("repositoryId", created.path("repositoryId").asString());
  }

  private String token(ActionContext ctx, AzureIntegrationConfig config, String organization,
      String orgUrl) {
    String input = text(ctx, "token");
    if (input != null && !input.isEmpty()) {
      return input;
    }
    AzureIntegrationConfig.@Nullable Credential match = null;
    for (AzureIntegrationConfig.Credential c : config.credentials()) {
      if (c.organizations().isEmpty() || c.organizations().contains(organization)) {
        if (match == null || !c.organizations().isEmpty()) {
          match = c;
        }
      }
    }
    if (match == null) {
      throw new ActionException(id() + ": No credentials provided " + orgUrl
          + ", please check your integrations config");
    }
    if (match.kind() != AzureIntegrationConfig.Kind.PersonalAccessToken
        || match.personalAccessToken() == null) {
      throw new ActionException(id() + ": the credential for " + orgUrl + " is a "
          + match.kind() + "; only personal access tokens are supported yet");
    }
    return match.personalAccessToken().reveal();
  }
}
