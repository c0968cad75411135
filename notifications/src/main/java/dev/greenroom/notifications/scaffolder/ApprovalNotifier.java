package dev.greenroom.notifications.scaffolder;

import dev.greenroom.notifications.NotificationPayload;
import dev.greenroom.notifications.Notifications;
import dev.greenroom.notifications.Recipients;
import dev.greenroom.notifications.Severity;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.WaitingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells the approvers of a task that waits for approval ({@code approval:request}): one
 * notification to the users and groups it names, linking to the task's page in Backstage's
 * frontend ({@code /create/tasks/<id>}), with origin {@value SendNotificationAction#ORIGIN}.
 * Register it with {@code TaskBroker.builder(store).waitingListener(new ApprovalNotifier(n))}.
 */
public final class ApprovalNotifier implements WaitingListener {
  private final Notifications notifications;

  /** A notifier sending through this backend. */
  public ApprovalNotifier(Notifications notifications) {
    this.notifications = Objects.requireNonNull(notifications, "notifications");
  }

  @Override
  public void waiting(TaskRecord task, ObjectNode waiting) {
    JsonNode details = waiting.path("details");
    if (!"approval".equals(details.path("kind").asString(""))) {
      return;
    }
    List<String> approvers = new ArrayList<>();
    details.path("approvers").forEach(a -> approvers.add(a.asString()));
    if (approvers.isEmpty()) {
      return;
    }
    String template = task.spec().path("templateInfo").path("entity").path("metadata")
        .path("title").asString(task.spec().path("templateInfo").path("entityRef")
            .asString("a template"));
    String by = task.createdBy() == null ? "someone" : task.createdBy();
    String reason = details.path("reason").asString("");
    String description = by + " asks for approval of a task of " + template
        + (reason.isBlank() ? "" : ": " + reason) + ". Decide before "
        + details.path("deadline").asString("the deadline") + ".";
    notifications.send(SendNotificationAction.ORIGIN, Recipients.entities(approvers),
        new NotificationPayload("Approval needed: " + template, description,
            "/create/tasks/" + task.id(), Severity.HIGH, null, "approval:" + task.id(), null));
  }
}
