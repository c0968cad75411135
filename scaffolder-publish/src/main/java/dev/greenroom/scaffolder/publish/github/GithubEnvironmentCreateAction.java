package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code github:environment:create}: creates or updates a deployment environment ({@code PUT
 * /repos/{owner}/{repo}/environments/{name}}) with its deployment branch policy and wait timer,
 * adds custom branch and tag policies and environment variables, as Backstage's action. Not yet
 * supported, and refused with a clear error: {@code secrets} (GitHub wants them sealed with
 * libsodium) and {@code reviewers} (Backstage resolves them through the catalog).
 */
public final class GithubEnvironmentCreateAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubEnvironmentCreateAction(PublishSettings settings, GithubClients clients) {
    super(settings, "github:environment:create", "Creates Deployment Environments", """
        {"type":"object","required":["repoUrl","name"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string","description":"Accepts the format 'github.com?repo=reponame&owner=owner' where 'reponame' is the new repository name and 'owner' is an organization or username"},
          "name":{"title":"Environment Name","type":"string","description":"Name of the deployment environment to create"},
          "deploymentBranchPolicy":{"title":"Deployment Branch Policy","type":"object","required":["protected_branches","custom_branch_policies"],"properties":{"protected_branches":{"type":"boolean","title":"Protected Branches"},"custom_branch_policies":{"type":"boolean","title":"Custom Branch Policies"}}},
          "customBranchPolicyNames":{"title":"Custom Branch Policy Name","type":"array","items":{"type":"string"}},
          "customTagPolicyNames":{"title":"Custom Tag Policy Name","type":"array","items":{"type":"string"}},
          "environmentVariables":{"title":"Environment Variables","type":"object","description":"Environment variables attached to the deployment environment"},
          "secrets":{"title":"Deployment Secrets","type":"object","description":"Secrets attached to the deployment environment"},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to GitHub"},
          "waitTimer":{"title":"Wait Timer","type":"integer","description":"The time to wait before creating or updating the environment (in milliseconds)"},
          "preventSelfReview":{"title":"Prevent Self Review","type":"boolean","description":"Whether to prevent self-review for this environment"},
          "reviewers":{"title":"Reviewers","type":"array","items":{"type":"string"},"description":"Reviewers for this environment. Must be a list of Backstage entity references."}}}""",
        null,
        new ActionExample("Create a GitHub Environment (No Policies, No Variables, No Secrets)", """
            steps:
              - action: github:environment:create
                id: envs
                name: Create Deployment Environments
                input:
                  repoUrl: github.com?repo=repository&owner=owner
                  name: envname
            """));
    this.clients = clients;
  }

  @Override
  public void execute(ActionContext ctx) {
    if (!ctx.input().path("secrets").isMissingNode() && !ctx.input().path("secrets").isEmpty()) {
      throw new ActionException(id() + ": environment secrets are not supported yet (GitHub"
          + " wants them sealed with libsodium)");
    }
    if (!strings(ctx, "reviewers").isEmpty()) {
      throw new ActionException(id() + ": reviewers are not supported yet (they are resolved"
          + " through the catalog)");
    }
    GithubClients.Target t = clients.target(id(), ctx, required(ctx, "repoUrl"));
    String name = required(ctx, "name");
    String env = t.repoApi() + "/environments/" + seg(name);
    ObjectNode body = Json.object();
    JsonNode policy = ctx.input().get("deploymentBranchPolicy");
    body.set("deployment_branch_policy", policy == null ? Json.nodes().nullNode() : policy);
    JsonNode wait = ctx.input().get("waitTimer");
    body.put("wait_timer", wait == null ? 0 : wait.asInt(0));
    JsonNode selfReview = ctx.input().get("preventSelfReview");
    if (selfReview != null && !selfReview.isNull()) {
      body.put("prevent_self_review", selfReview.asBoolean(false));
    }
    t.api().call("PUT", env, body, "creating environment " + name);
    for (String b : strings(ctx, "customBranchPolicyNames")) {
      policy(t, env, b, "branch");
    }
    for (String tag : strings(ctx, "customTagPolicyNames")) {
      policy(t, env, tag, "tag");
    }
    for (Map.Entry<String, JsonNode> v : ctx.input().path("environmentVariables").properties()) {
      ObjectNode var = Json.object();
      var.put("name", v.getKey());
      var.put("value", v.getValue().asString(v.getValue().toString()));
      t.api().call("POST", env + "/variables", var, "adding environment variable " + v.getKey());
    }
  }

  private static void policy(GithubClients.Target t, String env, String name, String type) {
    ObjectNode p = Json.object();
    p.put("name", name);
    p.put("type", type);
    t.api().call("POST", env + "/deployment-branch-policies", p,
        "adding the " + type + " policy " + name);
  }
}
