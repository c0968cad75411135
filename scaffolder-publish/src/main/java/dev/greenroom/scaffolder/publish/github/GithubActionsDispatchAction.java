package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code github:actions:dispatch}: starts a GitHub Actions workflow ({@code POST
 * /repos/{owner}/{repo}/actions/workflows/{workflowId}/dispatches}) on {@code branchOrTagName}
 * with {@code workflowInputs}, as Backstage's action. Runs in a checkpoint, so a retried task
 * starts it once. With {@code returnWorkflowRunDetails} it sends {@code return_run_details} and
 * outputs the run's {@code workflowRunId}, {@code workflowRunUrl} and {@code workflowRunHtmlUrl}
 * from GitHub's answer.
 */
public final class GithubActionsDispatchAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubActionsDispatchAction(PublishSettings settings, GithubClients clients) {
    super(settings, "github:actions:dispatch",
        "Dispatches a GitHub Action workflow for a given branch or tag", """
        {"type":"object","required":["repoUrl","workflowId","branchOrTagName"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string","description":"Accepts the format 'github.com?repo=reponame&owner=owner' where 'reponame' is the new repository name and 'owner' is an organization or username"},
          "workflowId":{"title":"Workflow ID","type":"string","description":"The GitHub Action Workflow filename"},
          "branchOrTagName":{"title":"Branch or Tag name","type":"string","description":"The git branch or tag name used to dispatch the workflow"},
          "workflowInputs":{"title":"Workflow Inputs","type":"object","description":"Inputs keys and values to send to GitHub Action configured on the workflow file. The maximum number of properties is 10."},
          "token":{"title":"Authentication Token","type":"string","description":"The GITHUB_TOKEN to use for authorization to GitHub"},
          "returnWorkflowRunDetails":{"title":"Return Workflow Run Details","type":"boolean","description":"Ask GitHub for the dispatched run (return_run_details) and output its id and URLs. The default value is false."}}}""",
        """
        {"type":"object","properties":{
          "workflowRunId":{"title":"Workflow Run ID","type":"number","description":"The id of the dispatched workflow run (with returnWorkflowRunDetails)"},
          "workflowRunUrl":{"title":"Workflow Run API URL","type":"string","description":"The API URL of the dispatched workflow run (with returnWorkflowRunDetails)"},
          "workflowRunHtmlUrl":{"title":"Workflow Run URL","type":"string","description":"The web page of the dispatched workflow run (with returnWorkflowRunDetails)"}}}""",
        new ActionExample("GitHub Action Workflow Without Inputs.", """
            steps:
              - action: github:actions:dispatch
                name: Dispatch Github Action Workflow
                input:
                  repoUrl: github.com?repo=repo&owner=owner
                  workflowId: WORKFLOW_ID
                  branchOrTagName: main
            """));
    this.clients = clients;
  }

  @Override
  public void execute(ActionContext ctx) {
    GithubClients.Target t = clients.target(id(), ctx, required(ctx, "repoUrl"));
    String workflow = required(ctx, "workflowId");
    String ref = required(ctx, "branchOrTagName");
    ctx.log("Dispatching workflow " + workflow + " for repo " + required(ctx, "repoUrl") + " on "
        + ref);
    boolean details = flag(ctx, "returnWorkflowRunDetails", false);
    JsonNode run = ctx.checkpoint("dispatch." + t.owner() + "." + t.repo() + "." + workflow + "."
        + ref, () -> {
          ObjectNode body = Json.object();
          body.put("ref", ref);
          JsonNode inputs = ctx.input().get("workflowInputs");
          if (inputs != null && inputs.isObject()) {
            body.set("inputs", inputs);
          }
          if (details) {
            body.put("return_run_details", true);
          }
          JsonNode answer = t.api().call("POST", t.repoApi() + "/actions/workflows/"
              + seg(workflow) + "/dispatches", body, "dispatching workflow " + workflow + " on "
              + ref);
          ctx.log("Workflow " + workflow + " dispatched successfully");
          return answer == null || !answer.isObject() ? Json.object() : answer;
        });
    if (details) {
      if (!run.has("workflow_run_id")) {
        ctx.log("GitHub answered no workflow run details (older GitHub Enterprise Server?)");
        return;
      }
      ctx.output("workflowRunId", run.get("workflow_run_id"));
      ctx.output("workflowRunUrl", run.path("run_url").asString(""));
      ctx.output("workflowRunHtmlUrl", run.path("html_url").asString(""));
    }
  }
}
