package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps {@code publish:github}, {@code github:repo:create} and {@code github:repo:push} share,
 * as Backstage's {@code createGithubRepoWithCollaboratorsAndTopics} and {@code
 * initRepoPushAndProtect}: create the repository (in the organisation or for the user), grant
 * {@code access} and {@code collaborators}, set topics and variables; push the workspace as {@code
 * x-access-token}; protect the default branch.
 */
final class GithubRepoSteps {
  private GithubRepoSteps() {}

  /** The input schema properties of repository creation (Backstage's inputProperties). */
  static final String CREATE_PROPERTIES = """
      "repoUrl":{"title":"Repository Location","type":"string","description":"Accepts the format 'github.com?repo=reponame&owner=owner' where 'reponame' is the new repository name and 'owner' is an organization or username"},
      "description":{"title":"Repository Description","type":"string"},
      "homepage":{"title":"Repository Homepage","type":"string"},
      "access":{"title":"Repository Access","type":"string","description":"Sets an admin collaborator on the repository. Can either be a user reference different from 'owner' in 'repoUrl' or team reference, eg. 'org/team-name'"},
      "deleteBranchOnMerge":{"title":"Delete Branch On Merge","type":"boolean","description":"Delete the branch after merging the PR. The default value is 'false'"},
      "allowMergeCommit":{"title":"Allow Merge Commits","type":"boolean","description":"Allow merge commits. The default value is 'true'"},
      "allowSquashMerge":{"title":"Allow Squash Merges","type":"boolean","description":"Allow squash merges. The default value is 'true'"},
      "squashMergeCommitTitle":{"title":"Default squash merge commit title","type":"string","enum":["PR_TITLE","COMMIT_OR_PR_TITLE"]},
      "squashMergeCommitMessage":{"title":"Default squash merge commit message","type":"string","enum":["PR_BODY","COMMIT_MESSAGES","BLANK"]},
      "allowRebaseMerge":{"title":"Allow Rebase Merges","type":"boolean","description":"Allow rebase merges. The default value is 'true'"},
      "allowAutoMerge":{"title":"Allow Auto Merges","type":"boolean","description":"Allow individual PRs to merge automatically when all merge requirements are met. The default value is 'false'"},
      "allowUpdateBranch":{"title":"Allow Update Branch","type":"boolean","description":"Allow branch to be updated. The default value is 'false'"},
      "repoVisibility":{"title":"Repository Visibility","type":"string","enum":["private","public","internal"]},
      "collaborators":{"title":"Collaborators","type":"array","description":"Provide additional users or teams with permissions","items":{"type":"object","required":["access"],"properties":{"access":{"type":"string","description":"The type of access for the user"},"user":{"type":"string","description":"The name of the user that will be added as a collaborator"},"team":{"type":"string","description":"The name of the team that will be added as a collaborator"}}}},
      "hasProjects":{"title":"Enable projects","type":"boolean"},
      "hasWiki":{"title":"Enable the wiki","type":"boolean"},
      "hasIssues":{"title":"Enable issues","type":"boolean"},
      "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to GitHub"},
      "topics":{"title":"Topics","type":"array","items":{"type":"string"}},
      "repoVariables":{"title":"Repository Variables","type":"object","description":"Variables attached to the repository"},
      "secrets":{"title":"Repository Secrets","type":"object","description":"Secrets attached to the repository"},
      "oidcCustomization":{"title":"Repository OIDC customization template","type":"object","properties":{"useDefault":{"type":"boolean"},"includeClaimKeys":{"type":"array","items":{"type":"string"}}}},
      "customProperties":{"title":"Custom Repository Properties","type":"object"},
      "subscribe":{"title":"Subscribe to repository","type":"boolean"},
      "requiredCommitSigning":{"title":"Require commit signing","type":"boolean"}""";

  /** The input schema properties of pushing and protecting. */
  static final String PUSH_PROPERTIES = """
      "defaultBranch":{"title":"Default Branch","type":"string","description":"Sets the default branch on the repository. The default value is 'master'"},
      "protectDefaultBranch":{"title":"Protect Default Branch","type":"boolean","description":"Protect the default branch after creating the repository. The default value is 'true'"},
      "protectEnforceAdmins":{"title":"Enforce Admins On Protected Branches","type":"boolean","description":"Enforce admins to adhere to default branch protection. The default value is 'true'"},
      "gitCommitMessage":{"title":"Git Commit Message","type":"string","description":"Sets the commit message on the repository. The default value is 'initial commit'"},
      "gitAuthorName":{"title":"Default Author Name","type":"string","description":"Sets the default author name for the commit. The default value is 'Scaffolder'"},
      "gitAuthorEmail":{"title":"Default Author Email","type":"string","description":"Sets the default author email for the commit."},
      "sourcePath":{"title":"Source Path","type":"string","description":"Path within the workspace that will be used as the repository root. If omitted, the entire workspace will be published as the repository."},
      "requireCodeOwnerReviews":{"title":"Require CODEOWNER Reviews?","type":"boolean","description":"Require an approved review in PR including files with a designated Code Owner"},
      "dismissStaleReviews":{"title":"Dismiss Stale Reviews","type":"boolean","description":"New reviewable commits pushed to a matching branch will dismiss pull request review approvals."},
      "bypassPullRequestAllowances":{"title":"Bypass pull request requirements","type":"object","properties":{"apps":{"type":"array","items":{"type":"string"}},"users":{"type":"array","items":{"type":"string"}},"teams":{"type":"array","items":{"type":"string"}}}},
      "requiredApprovingReviewCount":{"title":"Required approving review count","type":"number","description":"Specify the number of reviewers required to approve pull requests. Can be a number between 0 and 6 (0 disables required reviews)."},
      "restrictions":{"title":"Restrict who can push to the protected branch","type":"object","properties":{"apps":{"type":"array","items":{"type":"string"}},"users":{"type":"array","items":{"type":"string"}},"teams":{"type":"array","items":{"type":"string"}}}},
      "requiredStatusCheckContexts":{"title":"Required Status Check Contexts","type":"array","items":{"type":"string"}},
      "requireBranchesToBeUpToDate":{"title":"Require Branches To Be Up To Date?","type":"boolean"},
      "requiredConversationResolution":{"title":"Required Conversation Resolution","type":"boolean"},
      "requireLastPushApproval":{"title":"Require last push approval","type":"boolean"},
      "requiredLinearHistory":{"title":"Require linear history","type":"boolean"}""";

  static final String OUTPUT = """
      {"type":"object","properties":{
        "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
        "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"},
        "commitHash":{"title":"The git commit hash of the initial commit","type":"string"}}}""";

  private static boolean flag(ActionContext ctx, String field, boolean dflt) {
    JsonNode n = ctx.input().get(field);
    return n == null || n.isNull() ? dflt : n.asBoolean(dflt);
  }

  private static String text(ActionContext ctx, String field) {
    JsonNode n = ctx.input().get(field);
    return n == null || n.isNull() ? "" : n.asString("");
  }

  /**
   * Creates the repository with collaborators, topics and variables; returns {@code {clone_url,
   * html_url}}. A repository that exists already is an error naming host and repository.
   */
  static ObjectNode create(String action, ActionContext ctx, GithubClients.Target t) {
    HostApi api = t.api();
    if (ctx.input().hasNonNull("secrets") && !ctx.input().get("secrets").isEmpty()) {
      throw new ActionException(action + ": repository secrets are not supported yet (GitHub"
          + " wants them sealed with libsodium); set them after publishing");
    }
    JsonNode user = api.call("GET", t.apiBaseUrl() + "/users/" + t.owner(), null,
        "looking up owner " + t.owner());
    boolean org = "Organization".equals(user.path("type").asString(""));
    String access = text(ctx, "access");
    if (access.startsWith(t.owner() + "/")) {
      HostApi.Answer team = api.send("GET", t.apiBaseUrl() + "/orgs/" + t.owner() + "/teams/"
          + access.substring(t.owner().length() + 1), null, "looking up team " + access);
      if (team.status() == 404) {
        throw new ActionException(action + ": Received 'Not Found' from the API; one of org: "
            + t.owner() + " or team: " + access.substring(t.owner().length() + 1)
            + " was not found within GitHub " + t.host());
      }
    }
    String visibility = text(ctx, "repoVisibility").isEmpty() ? "private"
        : text(ctx, "repoVisibility");
    ObjectNode body = Json.object();
    body.put("name", t.repo());
    if (org) {
      body.put("org", t.owner());
    }
    body.put("private", visibility.equals("private"));
    if (org) {
      body.put("visibility", visibility);
    }
    putIf(ctx, body, "description", "description");
    body.put("delete_branch_on_merge", flag(ctx, "deleteBranchOnMerge", false));
    body.put("allow_merge_commit", flag(ctx, "allowMergeCommit", true));
    body.put("allow_squash_merge", flag(ctx, "allowSquashMerge", true));
    putIf(ctx, body, "squashMergeCommitTitle", "squash_merge_commit_title");
    putIf(ctx, body, "squashMergeCommitMessage", "squash_merge_commit_message");
    body.put("allow_rebase_merge", flag(ctx, "allowRebaseMerge", true));
    body.put("allow_auto_merge", flag(ctx, "allowAutoMerge", false));
    body.put("allow_update_branch", flag(ctx, "allowUpdateBranch", false));
    putIf(ctx, body, "homepage", "homepage");
    putIf(ctx, body, "hasProjects", "has_projects");
    putIf(ctx, body, "hasWiki", "has_wiki");
    putIf(ctx, body, "hasIssues", "has_issues");
    if (org) {
      putIf(ctx, body, "customProperties", "custom_properties");
    }
    putIf(ctx, body, "autoInit", "auto_init");
    String kind = org ? "Organization" : "User";
    String doing = "creating the " + kind + " repository " + t.owner() + "/" + t.repo();
    HostApi.Answer a = api.send("POST", t.apiBaseUrl() + (org ? "/orgs/" + t.owner() + "/repos"
        : "/user/repos"), body, doing);
    if (a.status() == 422 && a.body().toString().toLowerCase(Locale.ROOT)
        .contains("already exists")) {
      throw new ActionException(action + ": repository " + t.owner() + "/" + t.repo()
          + " already exists on GitHub " + t.host() + "; nothing was pushed or overwritten");
    }
    if (!a.ok()) {
      if ("Resource not accessible by integration".equals(HostApi.message(a.body()))) {
        ctx.log("The GitHub app or token provided may not have the required permissions to"
            + " create the " + kind + " repository " + t.owner() + "/" + t.repo() + ".");
      }
      throw api.failure(a, doing);
    }
    JsonNode repo = a.body();
    if (access.startsWith(t.owner() + "/")) {
      api.call("PUT", t.apiBaseUrl() + "/orgs/" + t.owner() + "/teams/"
          + access.substring(t.owner().length() + 1) + "/repos/" + t.owner() + "/" + t.repo(),
          permission("admin"), "granting admin to team " + access);
    } else if (!access.isEmpty() && !access.equals(t.owner())) {
      api.call("PUT", t.repoApi() + "/collaborators/" + access, permission("admin"),
          "granting admin to " + access);
    }
    for (JsonNode c : ctx.input().path("collaborators")) {
      String level = c.path("access").asString("");
      String name = c.has("user") ? c.path("user").asString("")
          : c.has("team") ? c.path("team").asString("") : c.path("username").asString("");
      String simple = name.replaceAll("^.*[:/]", "");
      HostApi.Answer granted = c.has("user")
          ? api.send("PUT", t.repoApi() + "/collaborators/" + simple, permission(level), "")
          : api.send("PUT", t.apiBaseUrl() + "/orgs/" + t.owner() + "/teams/" + simple + "/repos/"
              + t.owner() + "/" + t.repo(), permission(level), "");
      if (!granted.ok()) {
        ctx.log("Skipping " + level + " access for " + name + ", GitHub answered "
            + granted.status() + " " + HostApi.message(granted.body()));
      }
    }
    if (ctx.input().path("topics").isArray()) {
      ObjectNode names = Json.object();
      ArrayNode list = names.putArray("names");
      ctx.input().path("topics").forEach(n -> list.add(n.asString("").toLowerCase(Locale.ROOT)));
      HostApi.Answer topics = api.send("PUT", t.repoApi() + "/topics", names, "setting topics");
      if (!topics.ok()) {
        ctx.log("Skipping topics, GitHub answered " + topics.status() + " "
            + HostApi.message(topics.body()));
      }
    }
    for (Map.Entry<String, JsonNode> v : ctx.input().path("repoVariables").properties()) {
      ObjectNode var = Json.object();
      var.put("name", v.getKey());
      var.put("value", v.getValue().asString(v.getValue().toString()));
      api.call("POST", t.repoApi() + "/actions/variables", var, "adding variable " + v.getKey());
    }
    JsonNode oidc = ctx.input().get("oidcCustomization");
    if (oidc != null && oidc.isObject()) {
      ObjectNode o = Json.object();
      o.put("use_default", oidc.path("useDefault").asBoolean(false));
      if (oidc.has("includeClaimKeys")) {
        o.set("include_claim_keys", oidc.get("includeClaimKeys"));
      }
      api.call("PUT", t.repoApi() + "/actions/oidc/customization/sub", o,
          "setting the OIDC subject claim");
    }
    String workflowAccess = text(ctx, "workflowAccess");
    if (!workflowAccess.isEmpty()) {
      if (visibility.equals("public")) {
        ctx.log("Skipping workflowAccess: GitHub sets it on private and internal repositories"
            + " only, and " + t.owner() + "/" + t.repo() + " is public");
      } else {
        ObjectNode w = Json.object();
        w.put("access_level", workflowAccess);
        api.call("PUT", t.repoApi() + "/actions/permissions/access", w,
            "setting workflow access " + workflowAccess);
      }
    }
    if (flag(ctx, "subscribe", false)) {
      ObjectNode s = Json.object();
      s.put("subscribed", true);
      s.put("ignored", false);
      api.call("PUT", t.repoApi() + "/subscription", s, "subscribing to the repository");
    }
    ObjectNode out = Json.object();
    out.put("clone_url", repo.path("clone_url").asString(""));
    out.put("html_url", repo.path("html_url").asString(""));
    return out;
  }

  private static ObjectNode permission(String level) {
    ObjectNode p = Json.object();
    p.put("permission", level);
    return p;
  }

  private static void putIf(ActionContext ctx, ObjectNode body, String input, String field) {
    JsonNode n = ctx.input().get(input);
    if (n != null && !n.isNull()) {
      body.set(field, n);
    }
  }

  /**
   * Pushes the workspace to {@code cloneUrl} as {@code x-access-token}, then protects the default
   * branch (a refused protection is logged and skipped, as in Backstage). Returns the commit id.
   */
  static String pushAndProtect(String action, ActionContext ctx, PublishSettings settings,
      GithubClients.Target t, Path dir, String cloneUrl, String branch) {
    GitPusher.Commit commit = new GitPusher.Commit(
        text(ctx, "gitAuthorName").isEmpty() ? settings.authorName() : text(ctx, "gitAuthorName"),
        text(ctx, "gitAuthorEmail").isEmpty() ? settings.authorEmail()
            : text(ctx, "gitAuthorEmail"),
        text(ctx, "gitCommitMessage").isEmpty() ? settings.commitMessage()
            : text(ctx, "gitCommitMessage"));
    String hash = settings.pusher().initAndPush(action, ctx, dir, cloneUrl, branch,
        GitAuth.basic("x-access-token", t.token()), commit);
    if (flag(ctx, "protectDefaultBranch", true)) {
      try {
        protect(ctx, t, branch);
      } catch (ActionException e) {
        ctx.log("Skipping: default branch protection on '" + t.repo() + "', " + e.getMessage());
      }
    }
    return hash;
  }

  private static void protect(ActionContext ctx, GithubClients.Target t, String branch) {
    ObjectNode body = Json.object();
    ObjectNode checks = body.putObject("required_status_checks");
    checks.put("strict", flag(ctx, "requireBranchesToBeUpToDate", true));
    ArrayNode contexts = checks.putArray("contexts");
    ctx.input().path("requiredStatusCheckContexts").forEach(contexts::add);
    JsonNode restrictions = ctx.input().get("restrictions");
    body.set("restrictions", restrictions == null ? Json.nodes().nullNode() : restrictions);
    body.put("enforce_admins", flag(ctx, "protectEnforceAdmins", true));
    int count = ctx.input().path("requiredApprovingReviewCount").asInt(1);
    if (count == 0) {
      body.putNull("required_pull_request_reviews");
    } else {
      ObjectNode reviews = body.putObject("required_pull_request_reviews");
      reviews.put("required_approving_review_count", count);
      reviews.put("require_code_owner_reviews", flag(ctx, "requireCodeOwnerReviews", false));
      reviews.put("dismiss_stale_reviews", flag(ctx, "dismissStaleReviews", false));
      reviews.put("require_last_push_approval", flag(ctx, "requireLastPushApproval", false));
      JsonNode bypass = ctx.input().get("bypassPullRequestAllowances");
      if (bypass != null && bypass.isObject()) {
        reviews.set("bypass_pull_request_allowances", bypass);
      }
    }
    body.put("required_conversation_resolution",
        flag(ctx, "requiredConversationResolution", false));
    body.put("required_linear_history", flag(ctx, "requiredLinearHistory", false));
    t.api().call("PUT", t.repoApi() + "/branches/" + branch + "/protection", body,
        "protecting branch " + branch);
    if (flag(ctx, "requiredCommitSigning", false)) {
      t.api().call("POST", t.repoApi() + "/branches/" + branch
          + "/protection/required_signatures", null, "requiring signed commits on " + branch);
    }
  }
}
