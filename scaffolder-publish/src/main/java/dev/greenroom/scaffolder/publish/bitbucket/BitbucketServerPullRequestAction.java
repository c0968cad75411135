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
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:bitbucketServer:pull-request}: opens a pull request from {@code sourceBranch} to
 * {@code targetBranch} (the repository's default branch when not given), as Backstage's action:
 * when the source branch does not exist it is created at the target's latest commit ({@code POST
 * .../branches}), cloned from {@code {scheme}://{host}/scm/{project}/{repo}.git}, the workspace laid
 * over it, committed with the {@code description} as message and pushed; an existing source branch
 * is taken as it is. Output {@code pullRequestUrl} (the pull request's {@code links.self}).
 */
public final class BitbucketServerPullRequestAction extends HostAction {

  /** The action over the shared settings. */
  public BitbucketServerPullRequestAction(PublishSettings settings) {
    super(settings, "publish:bitbucketServer:pull-request", "", """
        {"type":"object","required":["repoUrl","title","sourceBranch"],"properties":{
          "repoUrl":{"type":"string","description":"Repository Location"},
          "title":{"type":"string","description":"The title for the pull request"},
          "description":{"type":"string","description":"The description of the pull request"},
          "targetBranch":{"type":"string","description":"Branch of repository to apply changes to. The default value is 'master'"},
          "sourceBranch":{"type":"string","description":"Branch of repository to copy changes from"},
          "reviewers":{"type":"array","items":{"type":"string"},"description":"The usernames of reviewers that will be added to the pull request"},
          "token":{"type":"string","description":"The token to use for authorization to BitBucket Server"},
          "gitAuthorName":{"type":"string","description":"Sets the author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"type":"string","description":"Sets the author email for the commit."}}}""",
        """
        {"type":"object","properties":{
          "pullRequestUrl":{"type":"string","description":"A URL to the pull request with the provider"}}}""",
        new ActionExample("Create a pull request", """
            steps:
              - id: publish
                action: publish:bitbucketServer:pull-request
                name: Open a pull request
                input:
                  repoUrl: bitbucket.company.com?project=PROJECT&repo=repo
                  title: My pull request
                  sourceBranch: my-feature-branch
                  description: This is a detailed description of my pull request
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
    String title = required(ctx, "title");
    String sourceBranch = required(ctx, "sourceBranch");
    String description = text(ctx, "description");
    BitbucketServerAuth auth = BitbucketServerAuth.of(id(), url.host(), settings.integrations(),
        text(ctx, "token"));
    String api = auth.config().apiBaseUrl();
    String repoApi = api + "/projects/" + seg(project) + "/repos/" + seg(repo);
    HostApi http = settings.api(id(), "Bitbucket Server " + url.host(), auth.authorization());

    String target = text(ctx, "targetBranch");
    if (target == null || target.isEmpty()) {
      target = http.call("GET", repoApi + "/default-branch", null,
          "reading the default branch of " + project + "/" + repo).path("displayId").asString("");
      if (target.isEmpty()) {
        throw new ActionException(id() + ": Could not fetch default branch for " + project + "/"
            + repo + " on Bitbucket Server " + url.host());
      }
    }
    JsonNode toRef = findBranch(http, repoApi, target);
    if (toRef == null) {
      throw new ActionException(id() + ": Target branch '" + target + "' not found in repository "
          + project + "/" + repo + " on Bitbucket Server " + url.host()
          + ". Please ensure the branch exists before creating a pull request.");
    }
    JsonNode fromRef = ctx.checkpoint("branch." + url.host() + "." + project + "." + repo + "."
        + sourceBranch, () -> {
          JsonNode existing = findBranch(http, repoApi, sourceBranch);
          if (existing != null) {
            return existing;
          }
          ctx.log("source branch not found -> creating branch named: " + sourceBranch
              + " lastCommit: " + toRef.path("latestCommit").asString(""));
          ObjectNode body = Json.object();
          body.put("name", sourceBranch);
          body.put("startPoint", toRef.path("latestCommit").asString(""));
          String doing = "creating branch " + sourceBranch + " in " + project + "/" + repo;
          HostApi.Answer a = http.send("POST", repoApi + "/branches", body, doing);
          if (a.status() != 200) {
            throw http.failure(a, doing);
          }
          String remote = URI.create(api).getScheme() + "://" + url.host() + "/scm/" + project + "/"
              + repo + ".git";
          GitPusher.Commit commit = new GitPusher.Commit(
              text(ctx, "gitAuthorName", settings.authorName()),
              text(ctx, "gitAuthorEmail", settings.authorEmail()),
              description != null ? description : settings.commitMessage());
          settings.pusher().pushBranch(id(), ctx, ctx.workspace(), remote, sourceBranch,
              sourceBranch, auth.git(), commit);
          return a.body();
        });
    JsonNode pr = ctx.checkpoint("pull-request." + url.host() + "." + project + "." + repo + "."
        + sourceBranch, () -> {
          ObjectNode body = Json.object();
          body.put("title", title);
          if (description != null) {
            body.put("description", description);
          }
          body.put("state", "OPEN");
          body.put("open", true);
          body.put("closed", false);
          body.put("locked", true);
          body.set("toRef", toRef);
          body.set("fromRef", fromRef);
          List<String> reviewers = strings(ctx, "reviewers");
          if (!reviewers.isEmpty()) {
            ArrayNode rs = body.putArray("reviewers");
            for (String r : reviewers) {
              rs.addObject().putObject("user").put("name", r);
            }
          }
          String doing = "creating a pull request from " + sourceBranch + " to "
              + toRef.path("displayId").asString("") + " in " + project + "/" + repo;
          HostApi.Answer a = http.send("POST", repoApi + "/pull-requests", body, doing);
          if (a.status() != 201) {
            throw http.failure(a, doing);
          }
          return str(a.body().path("links").path("self").path(0).path("href").asString(""));
        });
    ctx.output("pullRequestUrl", pr.asString());
  }

  private static @Nullable JsonNode findBranch(HostApi http, String repoApi, String name) {
    String doing = "looking for branch " + name;
    HostApi.Answer a = http.send("GET", repoApi + "/branches?boostMatches=true&filterText="
        + seg(name), null, doing);
    if (a.status() != 200) {
      throw http.failure(a, doing);
    }
    for (JsonNode b : a.body().path("values")) {
      if (name.equals(b.path("displayId").asString(""))) {
        return b;
      }
    }
    return null;
  }
}
