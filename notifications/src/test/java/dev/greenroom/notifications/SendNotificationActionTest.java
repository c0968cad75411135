package dev.greenroom.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.notifications.scaffolder.SendNotificationAction;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.template.Template;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notification:send} in a template run, as Backstage's scaffolder module runs it. */
class SendNotificationActionTest {
  @TempDir Path tmp;

  Notifications notifications;
  Scaffolder scaffolder;

  @BeforeEach
  void setUp() {
    Catalog catalog = Catalog.builder().store(new MemoryEntityStore()).build();
    catalog.upsert(List.of(
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"team-a"},
             "spec":{"type":"team","children":[]}}"""),
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"alice"},
             "spec":{"memberOf":["team-a"]}}"""),
        NotificationsHttpTest.entity("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"bob"},
             "spec":{"memberOf":["team-a"]}}""")));
    notifications = Notifications.builder().catalog(catalog).build();
    scaffolder = Scaffolder.builder()
        .action(new SendNotificationAction(notifications))
        .workspaceRoot(tmp)
        .build();
  }

  void run(String input, boolean dryRun) {
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: notify }
        spec:
          type: service
          parameters:
            - properties:
                name: { type: string }
                team: { type: string }
          steps:
            - id: notify
              action: notification:send
              input:
        """ + input.indent(8), null);
    scaffolder.runner().run(RunRequest.builder(t, tmp.resolve("ws"))
        .parameters(Json.parse("{\"name\":\"payments\",\"team\":\"group:default/team-a\"}"))
        .dryRun(dryRun)
        .build());
  }

  @Test
  void sendsToTheGroupsMembersWithTheRenderedTitle() {
    run("""
        recipients: entity
        entityRefs: ["${{ parameters.team }}"]
        title: "${{ parameters.name }} is ready"
        info: Created from a template
        link: /catalog/default/component/payments
        severity: high
        """, false);
    for (String user : List.of("user:default/alice", "user:default/bob")) {
      List<Notification> got = notifications.list(user, NotificationQuery.ALL).notifications();
      assertThat(got).hasSize(1);
      Notification n = got.get(0);
      assertThat(n.origin()).isEqualTo("plugin:scaffolder");
      assertThat(n.payload().title()).isEqualTo("payments is ready");
      assertThat(n.payload().description()).isEqualTo("Created from a template");
      assertThat(n.payload().severity()).isEqualTo(Severity.HIGH);
    }
  }

  @Test
  void broadcastReachesEverybodyAndADryRunSendsNothing() {
    run("""
        recipients: broadcast
        title: Dry
        """, true);
    assertThat(notifications.status("user:default/alice").unread()).isZero();
    run("""
        recipients: broadcast
        title: Everybody
        """, false);
    assertThat(notifications.status("user:default/zed").unread()).isEqualTo(1);
  }

  @Test
  void entityWithoutRefsFailsUnlessOptional() {
    assertThatThrownBy(() -> run("""
        recipients: entity
        title: Nobody
        """, false)).hasStackTraceContaining("Entity references must be provided");
    run("""
        recipients: entity
        title: Nobody
        optional: true
        """, false);
    run("""
        recipients: entity
        entityRefs: ["not a ref:"]
        title: Broken
        optional: true
        """, false);
    assertThat(notifications.status("user:default/alice").unread()).isZero();
  }
}
