package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import tools.jackson.databind.JsonNode;

/**
 * {@code github:repo:create}: creates the repository with its settings, collaborators and topics,
 * without pushing (Backstage's action). Outputs {@code remoteUrl} and {@code repoContentsUrl}
 * ({@code html_url}/blob/{defaultBranch}, {@code master} unless given). {@code autoInit} has GitHub
 * make the first commit (a README) on its default branch; {@code workflowAccess} sets who may use
 * the repository's actions and reusable workflows ({@code PUT .../actions/permissions/access}).
 */
public final class GithubRepoCreateAction extends HostAction {
  /** The inputs only this action has: GitHub's own first commit and workflow access. */
  private static final String CREATE_ONLY = """
      "autoInit":{"title":"Auto Init","type":"boolean","description":"Create an initial commit with an empty README. The default value is 'false'"},
      "workflowAccess":{"title":"Workflow Access","type":"string","enum":["none","organization","user"],"description":"The level of access that workflows outside of the repository have to actions and reusable workflows in the repository (private and internal repositories only)"}""";
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubRepoCreateAction(PublishSettings settings, GithubClients clients) {
    super(settings, "github:repo:create", "Creates a GitHub repository.",
        "{\"type\":\"object\",\"required\":[\"repoUrl\"],\"properties\":{"
            + GithubRepoSteps.CREATE_PROPERTIES + "," + CREATE_ONLY + "}}", """
        {"type":"object","properties":{
          "remoteUrl":{"title":"A URL to the repository with the provider","type":"string"},
          "repoContentsUrl":{"title":"A URL to the root of the repository","type":"string"}}}""",
        new ActionExample("Create a GitHub repository with no options", """
            steps:
              - id: create
                action: github:repo:create
                name: Create a repository
                input:
                  repoUrl: github.com?repo=repo&owner=owner
            """));
    this.clients = clients;
  }

  @Override
  public void execute(ActionContext ctx) {
    GithubClients.Target t = clients.target(id(), ctx, required(ctx, "repoUrl"));
    JsonNode repo = ctx.checkpoint("create.repo.and.topics." + t.owner() + "." + t.repo(),
        () -> GithubRepoSteps.create(id(), ctx, t));
    ctx.output("remoteUrl", repo.path("clone_url").asString(""));
    ctx.output("repoContentsUrl", repo.path("html_url").asString("") + "/blob/"
        + text(ctx, "defaultBranch", "master"));
  }
}
