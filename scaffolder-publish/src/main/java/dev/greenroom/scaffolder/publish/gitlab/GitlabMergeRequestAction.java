package dev.greenroom.scaffolder.publish.gitlab;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:gitlab:merge-request}: lays the workspace (or {@code sourcePath}, else the
 * workspace folder {@code targetPath}, as Backstage does) under {@code targetPath} of the target
 * branch on branch {@code branchName}, pushes it with JGit and opens a merge request ({@code POST
 * /projects/:id/merge_requests}) with {@code assignee}, {@code
 * reviewers}, {@code labels} and {@code removeSourceBranch} (an assignee or reviewer that cannot
 * be found is logged and left out, as in Backstage). Outputs {@code targetBranchName},
 * {@code projectid} and {@code projectPath} ({@code owner/repo}) and {@code mergeRequestUrl}.
 * Backstage writes the files through GitLab's Commits API ({@code commitAction} create, update,
 * delete, auto, skip); this action pushes over git, which matches {@code auto}; {@code delete}
 * removes the source's files from the branch instead. {@code assignReviewersFromApprovalRules}
 * adds the approval rules' eligible approvers to the reviewers (a failure is logged);
 * {@code autoMerge} sets the merge request to merge when its pipeline succeeds (a refusal fails
 * the step, as in Backstage 0.12.0). With {@code commitAction: delete} a file the target branch
 * does not have fails the step, as GitLab's Commits API does.
 */
public final class GitlabMergeRequestAction extends HostAction {

  /** The action over the shared settings. */
  public GitlabMergeRequestAction(PublishSettings settings) {
    super(settings, "publish:gitlab:merge-request", "", """
        {"type":"object","required":["repoUrl","branchName"],"properties":{
          "repoUrl":{"type":"string","title":"Repository Location","description":"Accepts the format 'gitlab.com?repo=project_name&owner=group_name' where 'project_name' is the repository name and 'group_name' is a group or username"},
          "title":{"type":"string","title":"Merge Request Name","description":"The name for the merge request"},
          "description":{"type":"string","title":"Merge Request Description","description":"The description of the merge request"},
          "branchName":{"type":"string","title":"Source Branch Name","description":"The source branch name of the merge request"},
          "targetBranchName":{"type":"string","title":"Target Branch Name","description":"The target branch name of the merge request"},
          "sourcePath":{"type":"string","title":"Working Subdirectory","description":"Subdirectory of working directory to copy changes from"},
          "targetPath":{"type":"string","title":"Repository Subdirectory","description":"Subdirectory of repository to apply changes to"},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to GitLab"},
          "commitAction":{"title":"Commit action","type":"string","enum":["create","update","delete","auto","skip"],"description":"The action to be used for git commit. Defaults to auto."},
          "projectid":{"title":"projectid","type":"string","description":"Project ID/Name(slug) of the Gitlab Project"},
          "removeSourceBranch":{"title":"Delete source branch","type":"boolean","description":"Option to delete source branch once the MR has been merged. Default: false"},
          "assignee":{"title":"Merge Request Assignee","type":"string","description":"User this merge request will be assigned to"},
          "reviewers":{"title":"Merge Request Reviewers","type":"array","items":{"type":"string"},"description":"Users that will be assigned as reviewers"},
          "assignReviewersFromApprovalRules":{"title":"Assign reviewers from approval rules","type":"boolean","description":"Automatically assign reviewers from the approval rules of the MR. Includes CODEOWNERS"},
          "autoMerge":{"title":"Auto merge","type":"boolean","description":"Automatically merge the MR when the pipeline succeeds"},
          "labels":{"title":"Merge Request Labels","type":"array","items":{"type":"string"},"description":"Labels with which the merge request will be created"}}}""",
        """
        {"type":"object","properties":{
          "targetBranchName":{"title":"Target branch name of the merge request","type":"string"},
          "projectid":{"title":"Gitlab Project id/Name(slug)","type":"string"},
          "projectPath":{"title":"Gitlab Project path","type":"string"},
          "mergeRequestUrl":{"title":"MergeRequest(MR) URL","type":"string","description":"Link to the merge request in GitLab"}}}""",
        new ActionExample("Create a merge request with a specific assignee", """
            steps:
              - id: createMergeRequest
                action: publish:gitlab:merge-request
                name: Create a Merge Request
                input:
                  repoUrl: gitlab.com?repo=repo&owner=owner
                  title: Create my new MR
                  branchName: new-mr
                  description: MR description
                  assignee: my-assignee
            """));
  }

  @Override
  public void execute(ActionContext ctx) {
    GitlabTarget t = GitlabTarget.of(id(), ctx, settings, required(ctx, "repoUrl"));
    String owner = t.url().owner();
    String repo = t.url().repo();
    String path = t.url().project() != null ? t.url().project() : owner + "/" + repo;
    String branch = required(ctx, "branchName");
    String title = text(ctx, "title", branch);
    String action = text(ctx, "commitAction", "auto");
    HostApi api = t.api();
    String base = t.apiBase();
    JsonNode project = api.call("GET", base + "/projects/" + GitlabTarget.enc(path), null,
        "reading project " + path);
    long projectId = project.path("id").asLong();
    String target = text(ctx, "targetBranchName",
        project.path("default_branch").asString("master"));
    String remote = ownRemote(project.path("http_url_to_repo").asString(""), t.url().host(),
        hostOf(base));
    Path source = fileRoot(ctx);
    GitPusher.Commit commit = new GitPusher.Commit(settings.authorName(), settings.authorEmail(),
        title);
    JsonNode pushed = ctx.checkpoint("push.branch." + path + "." + branch, () -> {
      String hash = settings.pusher().pushBranch(id(), ctx, source, text(ctx, "targetPath", ""),
          remote, target, branch, GitAuth.basic("oauth2", t.token()), commit,
          !action.equals("skip"), action.equals("delete") ? GitPusher.Edit.DELETE
              : GitPusher.Edit.COPY, List.of());
      return hash == null ? Json.nodes().nullNode() : str(hash);
    });
    ctx.output("projectid", path);
    ctx.output("targetBranchName", target);
    ctx.output("projectPath", path);
    if (pushed.isNull()) {
      ctx.log("No changes to commit, so no merge request was created");
      return;
    }
    JsonNode mr = ctx.checkpoint("merge.request." + path + "." + branch, () -> {
      ObjectNode body = Json.object();
      body.put("source_branch", branch);
      body.put("target_branch", target);
      body.put("title", title);
      body.put("description", text(ctx, "description", ""));
      body.put("remove_source_branch", flag(ctx, "removeSourceBranch", false));
      // as Backstage 0.12.0: a user that cannot be found is logged and left out of the request
      String assignee = text(ctx, "assignee");
      if (assignee != null && !assignee.isEmpty()) {
        Long assigneeId = userId(ctx, api, base, assignee,
            "Proceeding with MR creation without an assignee.");
        if (assigneeId != null) {
          body.put("assignee_id", assigneeId);
        }
      }
      List<String> reviewers = strings(ctx, "reviewers");
      if (!reviewers.isEmpty()) {
        ArrayNode ids = Json.nodes().arrayNode();
        for (String r : reviewers) {
          Long reviewerId = userId(ctx, api, base, r,
              "Proceeding with MR creation without reviewer.");
          if (reviewerId != null) {
            ids.add(reviewerId);
          }
        }
        if (!ids.isEmpty()) {
          body.set("reviewer_ids", ids);
        }
      }
      List<String> labels = strings(ctx, "labels");
      if (!labels.isEmpty()) {
        body.put("labels", String.join(",", labels));
      }
      JsonNode created = api.call("POST", base + "/projects/" + projectId + "/merge_requests",
          body, "opening a merge request from " + branch + " to " + target);
      ObjectNode out = Json.object();
      out.put("iid", created.path("iid").asLong());
      out.put("web_url", created.path("web_url").asString(""));
      return out;
    });
    long iid = mr.path("iid").asLong();
    String mrApi = base + "/projects/" + projectId + "/merge_requests/" + iid;
    if (flag(ctx, "assignReviewersFromApprovalRules", false)) {
      ctx.checkpoint("merge.request.reviewers." + path + "." + branch, () -> {
        assignApprovers(ctx, api, mrApi, iid);
        return Json.nodes().nullNode();
      });
    }
    if (flag(ctx, "autoMerge", false)) {
      ctx.checkpoint("merge.request.auto.merge." + path + "." + branch, () -> {
        ObjectNode merge = Json.object();
        merge.put("auto_merge", true);
        HostApi.Answer a = api.send("PUT", mrApi + "/merge", merge, "setting auto-merge");
        if (!a.ok()) {
          // Backstage 0.12.0 fails the step here (the merge request stays open)
          throw new ActionException(id() + ": Enabling auto-merge for merge request " + iid
              + " failed. " + api.hostName() + " answered " + a.status() + " "
              + HostApi.message(a.body()));
        }
        ctx.log("Merge request " + iid + " will merge when its pipeline succeeds");
        return Json.nodes().nullNode();
      });
    }
    ctx.output("mergeRequestUrl", mr.path("web_url").asString(""));
  }

  /**
   * The folder whose files go to the branch, as Backstage 0.12.0 picks it: {@code sourcePath}
   * when given (not empty), else the workspace folder named by {@code targetPath} (kept for
   * backward compatibility; {@code sourcePath: .} takes the whole workspace), else the workspace.
   */
  private static Path fileRoot(ActionContext ctx) {
    String source = text(ctx, "sourcePath", "");
    if (!source.isEmpty()) {
      return SafePaths.resolve(ctx.workspace(), source, "sourcePath");
    }
    String target = text(ctx, "targetPath", "");
    if (!target.isEmpty()) {
      return SafePaths.resolve(ctx.workspace(), target, "targetPath");
    }
    return ctx.workspace();
  }

  /**
   * Adds the eligible approvers of the merge request's approval rules (CODEOWNERS included) to its
   * reviewers, as Backstage does: waits while GitLab is still preparing the merge request (a
   * bounded number of reads), then reads {@code approval_rules} and updates {@code reviewer_ids}.
   * A failure is logged and the merge request stays as made.
   */
  private void assignApprovers(ActionContext ctx, HostApi api, String mrApi, long iid) {
    try {
      JsonNode current = api.call("GET", mrApi, null, "reading merge request " + iid);
      for (int i = 0; i < 30 && java.util.Set.of("preparing", "approvals_syncing", "checking")
          .contains(current.path("detailed_merge_status").asString("")); i++) {
        ctx.log(current.path("detailed_merge_status").asString(""));
        Thread.sleep(1000);
        current = api.call("GET", mrApi, null, "reading merge request " + iid);
      }
      java.util.LinkedHashSet<Long> ids = new java.util.LinkedHashSet<>();
      for (JsonNode rule : api.call("GET", mrApi + "/approval_rules", null,
          "reading the approval rules of merge request " + iid)) {
        for (JsonNode u : rule.path("eligible_approvers")) {
          ids.add(u.path("id").asLong());
        }
      }
      if (ids.isEmpty()) {
        return;
      }
      for (JsonNode r : current.path("reviewers")) {
        ids.add(r.path("id").asLong());
      }
      ObjectNode edit = Json.object();
      ArrayNode list = edit.putArray("reviewer_ids");
      ids.forEach(list::add);
      api.call("PUT", mrApi, edit, "assigning reviewers to merge request " + iid);
    } catch (ActionException e) {
      ctx.log("Failed to assign reviewers from approval rules: " + e.getMessage() + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(id() + ": interrupted while waiting for merge request " + iid);
    }
  }

  /**
   * The id of a GitLab user, or null (logged with {@code proceeding}) when the lookup finds no one
   * or fails, as Backstage's {@code Users.all({username})[0].id} in a try/catch.
   */
  private @Nullable Long userId(ActionContext ctx, HostApi api, String base, String username,
      String proceeding) {
    String reason;
    try {
      JsonNode users = api.call("GET", base + "/users?username=" + GitlabTarget.enc(username),
          null, "looking up user " + username);
      if (users.isArray() && !users.isEmpty()) {
        return users.get(0).path("id").asLong();
      }
      reason = "no such user on " + api.hostName();
    } catch (ActionException e) {
      reason = e.getMessage();
    }
    ctx.log("Failed to find gitlab user id for " + username + ": " + reason + ". " + proceeding);
    return null;
  }
}
