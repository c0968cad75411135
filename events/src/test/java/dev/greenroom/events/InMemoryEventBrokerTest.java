package dev.greenroom.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class InMemoryEventBrokerTest {
  private static EventSubscriber subscriber(String id, Set<String> topics, List<String> seen,
      boolean fail) {
    return new EventSubscriber() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Set<String> topics() {
        return topics;
      }

      @Override
      public void onEvent(EventParams event) {
        seen.add(id + ":" + event.topic());
        if (fail) {
          throw new IllegalStateException("boom");
        }
      }
    };
  }

  @Test
  void deliversByTopicAndIsolatesFailures() {
    EventBroker broker = EventBroker.inMemory();
    List<String> seen = new ArrayList<>();
    broker.subscribe(subscriber("a", Set.of("github.push"), seen, true));
    EventBroker.Subscription b = broker.subscribe(subscriber("b", Set.of("github.push", "gitlab"), seen, false));
    broker.publish(new EventParams("github.push", JsonNodeFactory.instance.objectNode(), Map.of()));
    broker.publish(new EventParams("other", JsonNodeFactory.instance.objectNode(), Map.of()));
    assertThat(seen).containsExactly("a:github.push", "b:github.push");
    b.close();
    broker.publish(new EventParams("gitlab", JsonNodeFactory.instance.objectNode(), Map.of()));
    assertThat(seen).hasSize(2);
  }
}
