package dev.greenroom.events.router;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import java.util.Optional;

/**
 * Backstage's {@code GithubEventRouter}: events of topic {@code github} (webhooks) are published
 * again on {@code github.<x-github-event>}, for example {@code github.push} or {@code
 * github.repository}.
 */
public final class GithubEventRouter extends SubTopicEventRouter {
  /** A router that publishes on {@code broker}; subscribe it to the same broker. */
  public GithubEventRouter(EventBroker broker) {
    super(broker, "github");
  }

  @Override
  public String id() {
    return "GithubEventRouter";
  }

  @Override
  protected Optional<String> subTopic(EventParams event) {
    return Optional.ofNullable(event.metadata().get("x-github-event"));
  }
}
