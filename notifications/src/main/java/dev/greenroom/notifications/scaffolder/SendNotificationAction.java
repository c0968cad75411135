package dev.greenroom.notifications.scaffolder;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.notifications.NotificationPayload;
import dev.greenroom.notifications.Notifications;
import dev.greenroom.notifications.Recipients;
import dev.greenroom.notifications.Severity;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code notification:send}, as Backstage's {@code scaffolder-backend-module-notifications}:
 * inputs {@code recipients} ({@code broadcast} or {@code entity}), {@code entityRefs}, {@code
 * title}, {@code info} (the description), {@code link}, {@code severity}, {@code scope} and {@code
 * optional} (when true, a failure to send is logged and the step succeeds). The origin is {@value
 * #ORIGIN}. Sending is a checkpoint, so a resumed task does not send twice. In a dry run nothing
 * is sent.
 */
public final class SendNotificationAction implements TemplateAction {
  /** The origin of notifications this action sends, as Backstage's scaffolder's. */
  public static final String ORIGIN = "plugin:scaffolder";

  private static final JsonNode INPUT = Json.parse("""
      {"type":"object","required":["recipients","title"],"properties":{
        "recipients":{"title":"Recipient","type":"string","enum":["broadcast","entity"],
          "description":"The recipient of the notification, either broadcast or entity. If using entity, also entityRef must be provided"},
        "entityRefs":{"title":"Entity references","type":"array","items":{"type":"string"},
          "description":"The entity references to send the notification to, required if using recipient of entity"},
        "title":{"title":"Title","type":"string","description":"Notification title"},
        "info":{"title":"Description","type":"string","description":"Notification description"},
        "link":{"title":"Link","type":"string","description":"Notification link"},
        "severity":{"title":"Severity","type":"string","enum":["low","normal","high","critical"],
          "description":"Notification severity"},
        "scope":{"title":"Scope","type":"string","description":"Notification scope"},
        "optional":{"title":"Optional","type":"boolean",
          "description":"Do not fail the action if the notification sending fails"}}}""");

  private final Notifications notifications;

  /** The action, sending through this backend. */
  public SendNotificationAction(Notifications notifications) {
    this.notifications = Objects.requireNonNull(notifications, "notifications");
  }

  @Override
  public String id() {
    return "notification:send";
  }

  @Override
  public String description() {
    return "Sends a notification using NotificationService";
  }

  @Override
  public List<ActionExample> examples() {
    return List.of(new ActionExample("Send a notification to a group", """
        steps:
          - action: notification:send
            id: send-notification
            name: Send notification
            input:
              recipients: entity
              entityRefs:
                - group:default/team-a
              title: Your component is ready
              info: It was created from a template
              link: /catalog/default/component/my-service
              severity: normal
        """));
  }

  @Override
  public JsonNode inputSchema() {
    return INPUT.deepCopy();
  }

  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    ObjectNode in = ctx.input();
    String recipients = text(in, "recipients");
    boolean optional = in.path("optional").isBoolean() && in.get("optional").asBoolean();
    ctx.log("Sending notification to " + recipients);
    List<String> refs = new ArrayList<>();
    JsonNode er = in.get("entityRefs");
    if (er != null && er.isArray()) {
      er.forEach(x -> refs.add(x.asString()));
    }
    if ("entity".equals(recipients) && (er == null || !er.isArray())) {
      if (!optional) {
        throw new ActionException("Entity references must be provided");
      }
      return;
    }
    if (ctx.isDryRun()) {
      ctx.log("Dry run: no notification sent");
      return;
    }
    try {
      String title = text(in, "title");
      if (title == null || title.isBlank()) {
        throw new IllegalArgumentException("title must be a non-empty string");
      }
      String sev = text(in, "severity");
      NotificationPayload payload = new NotificationPayload(
          title, text(in, "info"), text(in, "link"),
          sev == null ? Severity.NORMAL : Severity.parse(sev),
          null, text(in, "scope"), null);
      Recipients to = "broadcast".equals(recipients)
          ? Recipients.broadcast()
          : Recipients.entities(refs);
      ctx.checkpoint("send.notification." + title, () -> {
        int n = notifications.send(ORIGIN, to, payload).size();
        return Json.nodes().numberNode(n);
      });
    } catch (RuntimeException e) {
      ctx.log("Failed to send notification: " + e.getMessage());
      if (!optional) {
        throw new ActionException("Failed to send notification: " + e.getMessage(), e);
      }
    }
  }

  private static @Nullable String text(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
