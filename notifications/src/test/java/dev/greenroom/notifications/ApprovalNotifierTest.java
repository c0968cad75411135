package dev.greenroom.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.notifications.scaffolder.ApprovalNotifier;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The approvers of a waiting task are told, through their groups, with a link to the task. */
class ApprovalNotifierTest {

  @Test
  void theApprovingGroupsMembersAndNamedUsersAreNotified() {
    Catalog catalog = Catalog.builder().store(new MemoryEntityStore()).build();
    catalog.upsert(List.of(
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"leads"},
             "spec":{"type":"team","children":[]}}"""),
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"lee"},
             "spec":{"memberOf":["leads"]}}"""),
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"cto"},
             "spec":{"memberOf":[]}}"""),
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"jane"},
             "spec":{"memberOf":[]}}""")));
    Notifications notifications = Notifications.builder().catalog(catalog).build();
    ObjectNode spec = (ObjectNode) Json.parse("""
        {"templateInfo":{"entityRef":"template:default/prod-db",
          "entity":{"metadata":{"title":"Production database"}}}}""").deepCopy();
    TaskRecord task = new TaskRecord("t-1", spec, TaskStatus.WAITING, Instant.EPOCH, null,
        "user:default/jane", null, 1, Json.object(), Json.object());
    ObjectNode waiting = (ObjectNode) Json.parse("""
        {"stepId":"approve","details":{"kind":"approval",
          "approvers":["group:default/leads","user:default/cto"],
          "reason":"Spends money","deadline":"2026-12-09T10:00:00Z"}}""").deepCopy();

    new ApprovalNotifier(notifications).waiting(task, waiting);

    for (String user : List.of("user:default/lee", "user:default/cto")) {
      List<Notification> got = notifications.list(user, NotificationQuery.ALL).notifications();
      assertThat(got).as(user).hasSize(1);
      Notification n = got.get(0);
      assertThat(n.payload().title()).isEqualTo("Approval needed: Production database");
      assertThat(n.payload().description()).isEqualTo("user:default/jane asks for approval of a"
          + " task of Production database: Spends money. Decide before 2026-12-09T10:00:00Z.");
      assertThat(n.payload().link()).isEqualTo("/create/tasks/t-1");
    }
    assertThat(notifications.list("user:default/jane", NotificationQuery.ALL).notifications())
        .isEmpty();
    // a wait that is not an approval tells nobody
    ObjectNode other = waiting.deepCopy();
    ((ObjectNode) other.get("details")).put("kind", "something-else");
    new ApprovalNotifier(notifications).waiting(task, other);
    assertThat(notifications.list("user:default/cto", NotificationQuery.ALL).notifications())
        .hasSize(1);
  }
}
