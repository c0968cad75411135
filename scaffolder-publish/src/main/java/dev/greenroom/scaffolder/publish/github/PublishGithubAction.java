package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * {@code publish:github}: creates the repository (description, visibility, topics, collaborators,
 * variables...), pushes the workspace to it and protects the default branch, as Backstage's
 * action. Creation and push each run in a checkpoint. Outputs {@code remoteUrl} (the {@code
 * clone_url}), {@code repoContentsUrl} ({@code html_url}/blob/{branch}) and {@code commitHash}.
 */
public final class PublishGithubAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public PublishGithubAction(PublishSettings settings, GithubClients clients) {
    super(settings, "publish:github",
        "Initializes a git repository of contents in workspace and publishes it to GitHub.",
        "{\"type\":\"object\",\"required\":[\"repoUrl\"],\"properties\":{"
            + GithubRepoSteps.CREATE_PROPERTIES + "," + GithubRepoSteps.PUSH_PROPERTIES + "}}",
        GithubRepoSteps.OUTPUT,
        new ActionExample("Initializes a git repository of contents in workspace and publish it"
            + " to GitHub with default configuration.", """
            steps:
              - id: publish
                action: publish:github
                name: Publish to GitHub
                input:
                  repoUrl: github.com?repo=repo&owner=owner
            """));
    this.clients = clients;
  }

  @Override
  public void execute(ActionContext ctx) {
    GithubClients.Target t = clients.target(id(), ctx, required(ctx, "repoUrl"));
    String branch = text(ctx, "defaultBranch", "master");
    Path dir = sourceDir(ctx);
    JsonNode repo = ctx.checkpoint("create.repo.and.topics." + t.owner() + "." + t.repo(),
        () -> GithubRepoSteps.create(id(), ctx, t));
    String remoteUrl = repo.path("clone_url").asString("");
    String pushTo = ownRemote(remoteUrl, t.host(), hostOf(t.apiBaseUrl()));
    JsonNode hash = ctx.checkpoint("init.repo.publish." + t.owner() + "." + t.repo(),
        () -> str(GithubRepoSteps.pushAndProtect(id(), ctx, settings, t, dir, pushTo, branch)));
    ctx.output("commitHash", hash.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", repo.path("html_url").asString("") + "/blob/" + branch);
  }
}
