package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import tools.jackson.databind.JsonNode;

/**
 * {@code github:repo:create}: creates the repository with its settings, collaborators and topics,
 * without pushing (Backstage's action). Outputs {@code remoteUrl} only, as Backstage 0.10.4 does
 * (its schema also lists {@code repoContentsUrl}, which {@code github:repo:push} outputs; dry runs
 * give both example values). {@code autoInit} has GitHub
 * make the first commit (a README) on its default branch; {@code workflowAccess} sets who may use
 * the repository's actions and reusable workflows ({@code PUT .../actions/permissions/access}, the
 * last call, made whatever the visibility: GitHub refuses it on public repositories, which fails
 * the step, as in Backstage 0.10.4).
 */
public final class GithubRepoCreateAction extends HostAction {
  /** The inputs only this action has: GitHub's own first commit and workflow access. */
  private static final String CREATE_ONLY = """
      "autoInit":{"title":"Auto Init","type":"boolean","description":"Create an initial commit with empty README. Default is 'false'"},
      "workflowAccess":{"title":"Workflow Access","type":"string","enum":["none","organization","user"],"description":"Level of access for workflows outside of the repository. Default is \\"none\\"."}""";
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
    // Backstage 0.10.4 declares repoContentsUrl in the schema (so dry runs show it) but outputs
    // only remoteUrl; github:repo:push outputs repoContentsUrl
    ctx.output("remoteUrl", repo.path("clone_url").asString(""));
  }
}
