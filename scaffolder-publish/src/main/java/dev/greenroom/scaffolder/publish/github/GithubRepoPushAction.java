package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * {@code github:repo:push}: pushes the workspace to an existing (empty) repository, read with
 * {@code GET /repos/{owner}/{repo}}, and protects the default branch (Backstage's action). Outputs
 * {@code remoteUrl}, {@code repoContentsUrl} and {@code commitHash}.
 */
public final class GithubRepoPushAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubRepoPushAction(PublishSettings settings, GithubClients clients) {
    super(settings, "github:repo:push",
        "Initializes a git repository of contents in workspace and publishes it to GitHub.",
        "{\"type\":\"object\",\"required\":[\"repoUrl\"],\"properties\":{"
            + "\"repoUrl\":{\"title\":\"Repository Location\",\"type\":\"string\"},"
            + "\"token\":{\"title\":\"Authentication Token\",\"type\":\"string\"},"
            + "\"requiredCommitSigning\":{\"title\":\"Require commit signing\","
            + "\"type\":\"boolean\",\"description\":\"Require commit signing so that you must"
            + " sign commits on this branch.\"},"
            + GithubRepoSteps.PUSH_PROPERTIES + "}}",
        GithubRepoSteps.OUTPUT,
        new ActionExample("Push to a GitHub repository with no options", """
            steps:
              - id: push
                action: github:repo:push
                name: Push to a repository
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
    JsonNode repo = t.api().call("GET", t.repoApi(), null,
        "reading repository " + t.owner() + "/" + t.repo());
    String remoteUrl = repo.path("clone_url").asString("");
    String pushTo = ownRemote(remoteUrl, t.host(), hostOf(t.apiBaseUrl()));
    JsonNode hash = ctx.checkpoint("init.repo.publish." + t.owner() + "." + t.repo(),
        () -> str(GithubRepoSteps.pushAndProtect(id(), ctx, settings, t, dir, pushTo, branch)));
    ctx.output("commitHash", hash.asString());
    ctx.output("remoteUrl", remoteUrl);
    ctx.output("repoContentsUrl", repo.path("html_url").asString("") + "/blob/" + branch);
  }
}
