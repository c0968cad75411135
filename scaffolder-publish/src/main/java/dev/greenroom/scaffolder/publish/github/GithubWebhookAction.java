package dev.greenroom.scaffolder.publish.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code github:webhook}: adds a webhook to a repository ({@code POST
 * /repos/{owner}/{repo}/hooks}) with Backstage's inputs: {@code webhookUrl}, {@code
 * webhookSecret}, {@code events} (default {@code push}), {@code active} (true), {@code
 * contentType} ({@code form} or {@code json}), {@code insecureSsl}. Runs in a checkpoint, so a
 * retried task adds it once.
 */
public final class GithubWebhookAction extends HostAction {
  private final GithubClients clients;

  /** The action over the shared settings and GitHub clients. */
  public GithubWebhookAction(PublishSettings settings, GithubClients clients) {
    super(settings, "github:webhook", "Creates webhook for a repository on GitHub.", """
        {"type":"object","required":["repoUrl","webhookUrl"],"properties":{
          "repoUrl":{"title":"Repository Location","type":"string","description":"Accepts the format 'github.com?repo=reponame&owner=owner' where 'reponame' is the new repository name and 'owner' is an organization or username"},
          "webhookUrl":{"title":"Webhook URL","type":"string","description":"The URL to which the payloads will be delivered"},
          "webhookSecret":{"title":"Webhook Secret","type":"string","description":"Webhook secret value. The default can be provided internally in action creation"},
          "events":{"title":"Triggering Events","type":"array","items":{"type":"string"},"description":"Determines what events the hook is triggered for. Default: push"},
          "active":{"title":"Active","type":"boolean","description":"Determines if notifications are sent when the webhook is triggered. Default: true"},
          "contentType":{"title":"Content Type","type":"string","enum":["form","json"],"description":"The media type used to serialize the payloads. The default is 'form'"},
          "insecureSsl":{"title":"Insecure SSL","type":"boolean","description":"Determines whether the SSL certificate of the host for url will be verified when delivering payloads. Default 'false'"},
          "token":{"title":"Authentication Token","type":"string","description":"The GITHUB_TOKEN to use for authorization to GitHub"}}}""",
        null,
        new ActionExample("Create a GitHub webhook for a repository", """
            steps:
              - id: create-webhook
                action: github:webhook
                name: Create webhook
                input:
                  repoUrl: github.com?repo=repo&owner=owner
                  webhookUrl: https://example.com/my-webhook
                  webhookSecret: mysecret
                  events: [push]
                  active: true
                  contentType: json
            """));
    this.clients = clients;
  }

  /**
   * Dry-run safe, as Backstage's: a dry run checks the repository URL and finds the credentials,
   * and creates no webhook.
   */
  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) {
    GithubClients.Target t = clients.target(id(), ctx, required(ctx, "repoUrl"));
    String url = required(ctx, "webhookUrl");
    if (ctx.isDryRun()) {
      ctx.log("Dry run complete");
      return;
    }
    List<String> events = strings(ctx, "events");
    ctx.checkpoint("create.webhook." + t.owner() + "." + t.repo() + "." + url, () -> {
      ObjectNode body = Json.object();
      ObjectNode config = body.putObject("config");
      config.put("url", url);
      config.put("content_type", text(ctx, "contentType", "form"));
      String secret = text(ctx, "webhookSecret");
      if (secret != null) {
        config.put("secret", secret);
      }
      config.put("insecure_ssl", flag(ctx, "insecureSsl", false) ? "1" : "0");
      ArrayNode ev = body.putArray("events");
      (events.isEmpty() ? List.of("push") : events).forEach(ev::add);
      body.put("active", flag(ctx, "active", true));
      t.api().call("POST", t.repoApi() + "/hooks", body, "creating webhook " + url + " on "
          + t.owner() + "/" + t.repo());
      ctx.log("Webhook '" + url + "' created successfully");
      return Json.object();
    });
  }
}
