package dev.greenroom.events.router;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's {@code GitlabEventRouter}: events of topic {@code gitlab} are published again on
 * {@code gitlab.<event_name>} (the payload's {@code event_name}, as Backstage reads it), or {@code
 * gitlab.<object_kind>} for the webhooks that carry only {@code object_kind} (merge requests,
 * pipelines).
 */
public final class GitlabEventRouter extends SubTopicEventRouter {
  /** A router that publishes on {@code broker}; subscribe it to the same broker. */
  public GitlabEventRouter(EventBroker broker) {
    super(broker, "gitlab");
  }

  @Override
  public String id() {
    return "GitlabEventRouter";
  }

  @Override
  protected Optional<String> subTopic(EventParams event) {
    JsonNode p = event.payload();
    for (String field : new String[] {"event_name", "object_kind"}) {
      JsonNode v = p.get(field);
      if (v != null && v.isString()) {
        return Optional.of(v.stringValue());
      }
    }
    return Optional.empty();
  }
}
