package dev.greenroom.catalog.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GitlabEventRouterTest {
  @Test
  void webhooksOnTheGitlabTopicAreRepublishedByEventName() {
    EventBroker broker = EventBroker.inMemory();
    broker.subscribe(new GitlabEventRouter(broker));
    List<EventParams> seen = new CopyOnWriteArrayList<>();
    broker.subscribe(new EventSubscriber() {
      @Override
      public String id() {
        return "recorder";
      }

      @Override
      public Set<String> topics() {
        return Set.of("gitlab.push", "gitlab.user_create");
      }

      @Override
      public void onEvent(EventParams event) {
        seen.add(event);
      }
    });
    ObjectNode push = GitlabWorld.JSON.createObjectNode().put("object_kind", "push").put("event_name", "push");
    broker.publish(new EventParams("gitlab", push, Map.of("x-gitlab-event", "Push Hook")));
    broker.publish(new EventParams("gitlab",
        GitlabWorld.JSON.createObjectNode().put("event_name", "user_create"), Map.of()));
    // no event_name, or one that is no plain name: stays on "gitlab"
    broker.publish(new EventParams("gitlab", GitlabWorld.JSON.createObjectNode().put("object_kind", "push"), Map.of()));
    broker.publish(new EventParams("gitlab",
        GitlabWorld.JSON.createObjectNode().put("event_name", "push/../x"), Map.of()));

    assertThat(seen).extracting(EventParams::topic).containsExactly("gitlab.push", "gitlab.user_create");
    assertThat(seen.get(0).payload()).isEqualTo(push);
    assertThat(seen.get(0).metadata()).containsEntry("x-gitlab-event", "Push Hook");
  }

  @Test
  void theWebhookTokenMustEqualTheSecret() {
    Secret secret = Secret.of("s3cr3t-webhook-token");
    assertThat(GitlabEventRouter.tokenMatches("s3cr3t-webhook-token", secret)).isTrue();
    assertThat(GitlabEventRouter.tokenMatches("s3cr3t-webhook-tokeN", secret)).isFalse();
    assertThat(GitlabEventRouter.tokenMatches("", secret)).isFalse();
    assertThat(GitlabEventRouter.tokenMatches(null, secret)).isFalse();
  }
}
