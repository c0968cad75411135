package dev.greenroom.events.router;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Backstage's {@code SubTopicEventRouter}: receives the events of one topic and publishes each
 * again on {@code <topic>.<subTopic>}, the sub-topic read from the event (a header, a payload
 * field). Events without a usable sub-topic are dropped. A router sees only the events published
 * on its own host ({@link #receivesRemoteEvents()} is false): the routed event reaches the other
 * hosts.
 */
public abstract class SubTopicEventRouter implements EventSubscriber {
  /** Sub-topics are short words: letters, digits, {@code _}, {@code -} and {@code .}. */
  private static final Pattern SUB_TOPIC = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final EventBroker broker;
  private final String topic;

  /**
   * A router of {@code topic} that publishes on {@code broker}.
   *
   * @param broker where routed events are published
   * @param topic the topic it receives, for example {@code github}
   */
  protected SubTopicEventRouter(EventBroker broker, String topic) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** The sub-topic of {@code event}, or empty to drop it. */
  protected abstract Optional<String> subTopic(EventParams event);

  @Override
  public Set<String> topics() {
    return Set.of(topic);
  }

  @Override
  public boolean receivesRemoteEvents() {
    return false;
  }

  @Override
  public void onEvent(EventParams event) {
    subTopic(event)
        .filter(s -> SUB_TOPIC.matcher(s).matches())
        .ifPresent(s -> broker.publish(event.withTopic(topic + "." + s)));
  }
}
