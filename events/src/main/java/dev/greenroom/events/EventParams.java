package dev.greenroom.events;

import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One event, as Backstage's {@code EventParams}: the topic it was published on, its payload (a
 * webhook's JSON body, for example) and metadata (for webhooks, the request's headers with
 * lower-case names, such as {@code x-github-event}).
 *
 * @param topic the topic, for example {@code github} or {@code github.push}
 * @param payload the event's body
 * @param metadata string metadata; never holds secrets
 */
public record EventParams(String topic, JsonNode payload, Map<String, String> metadata) {
  public EventParams {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    metadata = Map.copyOf(metadata);
    if (topic.isBlank()) {
      throw new IllegalArgumentException("an event's topic must not be blank");
    }
  }

  /** The same event on another topic (a router republishing {@code github} as {@code github.push}). */
  public EventParams withTopic(String newTopic) {
    return new EventParams(newTopic, payload, metadata);
  }
}
