package dev.greenroom.catalog.gitlab;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's {@code GitlabEventRouter} and webhook token check, for an events ingress that
 * receives GitLab's webhooks on the topic {@code gitlab} ({@code POST /api/events/http/gitlab}).
 *
 * <p>As a subscriber of {@code gitlab}, it republishes each event on {@code gitlab.<event_name>}
 * (a project push is {@code gitlab.push}; system hooks are {@code gitlab.user_create}, {@code
 * gitlab.group_rename}, ...), the topics the GitLab providers subscribe to; an event without a
 * plain {@code event_name} is left where it is. {@link #tokenMatches} is Backstage's {@code
 * createGitlabTokenValidator}: the {@code x-gitlab-token} header must equal the configured {@code
 * events.modules.gitlab.webhookSecret} (compared in constant time; Backstage answers 403 {@code
 * invalid token} otherwise).
 */
public final class GitlabEventRouter implements EventSubscriber {
  /** The topic GitLab's webhooks arrive on. */
  public static final String TOPIC = "gitlab";
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

  private final EventBroker broker;

  /** A router that republishes on {@code broker}. */
  public GitlabEventRouter(EventBroker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
  }

  @Override
  public String id() {
    return "GitlabEventRouter";
  }

  @Override
  public Set<String> topics() {
    return Set.of(TOPIC);
  }

  @Override
  public void onEvent(EventParams event) {
    String name = event.payload().path("event_name").asString("");
    if (NAME.matcher(name).matches()) {
      broker.publish(event.withTopic(TOPIC + "." + name));
    }
  }

  /**
   * Whether a webhook's {@code x-gitlab-token} header holds the configured secret.
   *
   * @param header the header's value, or null when absent
   * @param secret {@code events.modules.gitlab.webhookSecret}
   */
  public static boolean tokenMatches(@Nullable String header, Secret secret) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
        secret.reveal().getBytes(StandardCharsets.UTF_8));
  }
}
