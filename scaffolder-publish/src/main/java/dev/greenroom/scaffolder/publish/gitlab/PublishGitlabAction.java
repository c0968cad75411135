package dev.greenroom.scaffolder.publish.gitlab;

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
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:gitlab}: creates the project {@code owner/repo} in the owner's namespace ({@code
 * POST /projects} with {@code visibility}, {@code topics} and the {@code settings} given), pushes
 * the workspace as {@code oauth2} with the token, then creates and protects {@code branches} and
 * adds {@code projectVariables}, as Backstage's action. Outputs {@code remoteUrl} (the project's
 * URL without {@code .git}), {@code repoContentsUrl} ({@code remoteUrl/-/blob/branch}), {@code
 * projectId}, {@code commitHash} and {@code created}. A project that exists already fails the step
 * naming host and project, and nothing is pushed; with {@code skipExisting} it is kept untouched
 * and the step succeeds with its {@code remoteUrl}, {@code repoContentsUrl} (its default branch),
 * {@code projectId} and {@code created: false}. {@code ownerUsername} adds that GitLab user as
 * owner (access level 50) of the new project with the integration's token (skipped when the
 * integration has none); an unknown user or a refusal is logged and skipped, as in Backstage.
 */
public final class PublishGitlabAction extends HostAction {

  /** The action over the shared settings. */
  public PublishGitlabAction(PublishSettings settings) {
    super(settings, "publish:gitlab",
        "Initializes a git repository of the content in the workspace, and publishes it to"
            + " GitLab.", """
        {"type":"object","required":["repoUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string"},
          "repoVisibility":{"title":"Repository Visibility","type":"string","enum":["private","public","internal"]},
          "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
          "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
          "gitAuthorName":{"title":"Default Author Name","type":"string","description":"Sets the default author name for the commit. The default value is 'Scaffolder'"},
          "gitAuthorEmail":{"title":"Default Author Email","type":"string","description":"Sets the default author email for the commit."},
          "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
          "skipExisting":{"title":"Skip if repository exists","type":["boolean"],"description":"Do not publish the repository if it already exists. The default value is false."},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to GitLab"},
          "setUserAsOwner":{"title":"Set User As Owner","type":"boolean","description":"Set the token user as owner of the newly created repository. Requires a token authorized to do the edit in the integration configuration for the matching host"},
          "ownerUsername":{"title":"Owner Username","type":"string","description":"Username of a GitLab user to add as owner (access level 50) of the newly created project. Requires a privileged token in the integration configuration for the matching host."},
          "topics":{"title":"Topic labels","type":"array","items":{"type":"string"},"description":"Topic labels to apply on the repository. (deprecated, use settings.topics instead)"},
          "settings":{"title":"Project settings","type":"object","description":"Additional project settings, based on https://docs.gitlab.com/ee/api/projects.html#create-project attributes"},
          "branches":{"title":"Project branches settings","type":"array","items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"protect":{"type":"boolean"},"create":{"type":"boolean"},"ref":{"type":"string"}}}},
          "projectVariables":{"title":"Project variables","type":"array","items":{"type":"object","required":["key","value"],"properties":{"key":{"type":"string"},"value":{"type":"string"},"description":{"type":"string"},"variable_type":{"type":"string","enum":["env_var","file"]},"protected":{"type":"boolean"},"masked":{"type":"boolean"},"raw":{"type":"boolean"},"environment_scope":{"type":"string"}}}}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
          "projectId":{"title":"The ID of the project","type":"number"},
          "commitHash":{"title":"The git commit hash of the initial commit","type":"string"},
          "created":{"title":"Whether the repository was created or not","type":"boolean"}}}""",
        new ActionExample("Initializes a git repository and publishes it to GitLab", """
            steps:
              - id: publish
                action: publish:gitlab
                name: Publish to GitLab
                input:
                  repoUrl: gitlab.com?repo=project_name&owner=group_name
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    GitlabTarget t = GitlabTarget.of(id(), ctx, settings, required(ctx, "repoUrl"));
    String owner = t.url().owner();
    String repo = t.url().repo();
    if (owner == null || repo == null) {
      throw new ActionException(id() + ": No owner provided for host: " + t.url().host()
          + ", and repo " + repo);
    }
    String branch = text(ctx, "defaultBranch", "master");
    Path dir = sourceDir(ctx);
    HostApi api = t.api();
    String base = t.apiBase();
    JsonNode project = ctx.checkpoint("create.project." + t.url().host() + "." + owner + "."
        + repo, () -> {
          HostApi.Answer ns = api.send("GET", base + "/namespaces/" + GitlabTarget.enc(owner),
              null, "looking up namespace " + owner);
          if (ns.status() == 404) {
            throw new ActionException(id() + ": The namespace " + owner + " is not found on GitLab "
                + t.url().host() + " or the user doesn't have permissions to access it");
          }
          if (!ns.ok()) {
            throw api.failure(ns, "looking up namespace " + owner);
          }
          JsonNode user = api.call("GET", base + "/user", null, "reading the token's user");
          if (flag(ctx, "skipExisting", false)) {
            JsonNode existing = existingProject(api, base, owner, repo,
                "user".equals(ns.body().path("kind").asString("")));
            if (existing != null) {
              ctx.log("Repo " + repo + " already exists in namespace " + owner + ".");
              ObjectNode out = Json.object();
              out.put("id", existing.path("id").asLong());
              out.put("http_url_to_repo", existing.path("http_url_to_repo").asString(""));
              out.put("default_branch", existing.path("default_branch").asString(""));
              out.put("created", false);
              return out;
            }
          }
          ctx.log("Creating repo " + repo + " in namespace " + owner + ".");
          long namespaceId = ns.body().path("id").asLong(user.path("id").asLong());
          ObjectNode body = Json.object();
          body.put("namespace_id", namespaceId);
          body.put("name", repo);
          // as Backstage: without a path GitLab derives one (lower case, dashes) from the name
          body.put("path", repo);
          body.put("visibility", text(ctx, "repoVisibility", "private"));
          if (ctx.input().path("topics").isArray() && !ctx.input().path("topics").isEmpty()) {
            body.set("topics", ctx.input().get("topics"));
          }
          for (Map.Entry<String, JsonNode> e : ctx.input().path("settings").properties()) {
            body.set(e.getKey(), e.getValue());
          }
          String doing = "creating project " + owner + "/" + repo;
          HostApi.Answer a = api.send("POST", base + "/projects", body, doing);
          if (a.status() == 400 && HostApi.message(a.body()).contains("has already been taken")) {
            throw new ActionException(id() + ": project " + owner + "/" + repo
                + " already exists on GitLab " + t.url().host()
                + "; nothing was pushed or overwritten (skipExisting: true keeps it and succeeds)");
          }
          if (!a.ok()) {
            throw api.failure(a, doing);
          }
          long newId = a.body().path("id").asLong();
          if (flag(ctx, "setUserAsOwner", false) && t.config().token() != null) {
            HostApi admin = settings.api(id(), "GitLab " + t.url().host(),
                "Bearer " + t.config().token().reveal());
            ObjectNode member = Json.object();
            member.put("user_id", user.path("id").asLong());
            member.put("access_level", 50);
            admin.call("POST", base + "/projects/" + newId + "/members",
                member, "making the user owner of " + owner + "/" + repo);
          }
          String ownerUsername = text(ctx, "ownerUsername");
          if (ownerUsername != null && !ownerUsername.isEmpty() && t.config().token() != null) {
            // with the integration's token, as setUserAsOwner; without one Backstage skips it
            HostApi admin = settings.api(id(), "GitLab " + t.url().host(),
                "Bearer " + t.config().token().reveal());
            addOwner(ctx, admin, base, newId, ownerUsername, owner + "/" + repo);
          }
          ObjectNode out = Json.object();
          out.put("id", newId);
          out.put("http_url_to_repo", a.body().path("http_url_to_repo").asString(""));
          out.put("created", true);
          return out;
        });
    if (!project.path("created").asBoolean(true)) {
      String remoteUrl = project.path("http_url_to_repo").asString("").replaceAll("\\.git$", "");
      ctx.output("remoteUrl", remoteUrl);
      ctx.output("repoContentsUrl", remoteUrl + "/-/blob/"
          + project.path("default_branch").asString(""));
      ctx.output("projectId", Json.nodes().numberNode(project.path("id").asLong()));
      ctx.output("created", Json.nodes().booleanNode(false));
      return;
    }
    long projectId = project.path("id").asLong();
    String httpUrl = project.path("http_url_to_repo").asString("");
    String pushTo = ownRemote(httpUrl, t.url().host(), hostOf(base));
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName", settings.authorName()),
        text(ctx, "gitAuthorEmail", settings.authorEmail()),
        text(ctx, "gitCommitMessage", settings.commitMessage()));
    JsonNode hash = ctx.checkpoint("init.repo.and.push." + t.url().host() + "." + owner + "."
        + repo, () -> str(settings.pusher().initAndPush(id(), ctx, dir, pushTo, branch,
            GitAuth.basic("oauth2", t.token()), commit)));
    for (JsonNode b : ctx.input().path("branches")) {
      String name = b.path("name").asString("");
      if (b.path("create").asBoolean(false)) {
        api.call("POST", base + "/projects/" + projectId + "/repository/branches?branch="
            + GitlabTarget.enc(name) + "&ref=" + GitlabTarget.enc(b.path("ref").asString("master")),
            null, "Branch creation failed for " + name);
        ctx.log("Branch " + name + " created for " + projectId);
      }
      if (b.path("protect").asBoolean(false)) {
        api.call("POST", base + "/projects/" + projectId + "/protected_branches?name="
            + GitlabTarget.enc(name), null, "Branch protection failed for " + name);
        ctx.log("Branch " + name + " protected for " + projectId);
      }
    }
    for (JsonNode v : ctx.input().path("projectVariables")) {
      ObjectNode var = ((ObjectNode) v).deepCopy();
      var.put("variable_type", v.path("variable_type").asString("env_var"));
      var.put("protected", v.path("protected").asBoolean(false));
      var.put("masked", v.path("masked").asBoolean(false));
      var.put("raw", v.path("raw").asBoolean(false));
      var.put("environment_scope", v.path("environment_scope").asString("*"));
      api.call("POST", base + "/projects/" + projectId + "/variables", var,
          "Environment variable creation failed for " + v.path("key").asString(""));
    }
    String remoteUrl = httpUrl.replaceAll("\\.git$", "");
    ctx.output("commitHash", hash.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", remoteUrl + "/-/blob/" + branch);
    ctx.output("projectId", Json.nodes().numberNode(projectId));
    ctx.output("created", Json.nodes().booleanNode(true));
  }

  /**
   * The project {@code repo} in namespace {@code owner} (its {@code path} equal to {@code repo}),
   * from the group's or user's project list searched by name, or null.
   */
  private static @Nullable JsonNode existingProject(HostApi api, String base, String owner,
      String repo, boolean userNamespace) {
    String list = base + (userNamespace ? "/users/" : "/groups/") + GitlabTarget.enc(owner)
        + "/projects?search=" + GitlabTarget.enc(repo) + "&per_page=100";
    for (JsonNode p : api.call("GET", list, null, "listing the projects of " + owner)) {
      if (repo.equals(p.path("path").asString(""))) {
        return p;
      }
    }
    return null;
  }

  /**
   * Adds {@code username} as owner (access level 50) of the new project with the integration's
   * token; as Backstage 0.12.0, a user GitLab does not know, or any failure, is logged and the
   * project stays without that owner.
   */
  private void addOwner(ActionContext ctx, HostApi admin, String base, long projectId,
      String username, String project) {
    try {
      JsonNode users = admin.call("GET", base + "/users?username=" + GitlabTarget.enc(username),
          null, "looking up user " + username);
      if (!users.isArray() || users.isEmpty()) {
        ctx.log("Could not find GitLab user with username '" + username
            + "'. Skipping owner assignment.");
        return;
      }
      ObjectNode member = Json.object();
      member.put("user_id", users.get(0).path("id").asLong());
      member.put("access_level", 50);
      admin.call("POST", base + "/projects/" + projectId + "/members", member,
          "adding " + username + " as owner of " + project);
      ctx.log("Added " + username + " as owner of " + project);
    } catch (ActionException e) {
      ctx.log("Failed to add user '" + username + "' as owner: " + e.getMessage()
          + ". Proceeding without owner assignment.");
    }
  }
}
