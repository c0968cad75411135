package dev.greenroom.cli;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.cli.config.Database;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.catalog.PushRefreshSubscriber;
import dev.greenroom.events.http.EventsApiPlugin;
import dev.greenroom.events.http.GithubSignatureValidator;
import dev.greenroom.events.http.GitlabTokenValidator;
import dev.greenroom.events.http.RequestValidator;
import dev.greenroom.events.jdbc.PostgresEventBroker;
import dev.greenroom.events.router.GithubEventRouter;
import dev.greenroom.events.router.GitlabEventRouter;
import dev.greenroom.http.HttpApi;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events {@code serve} runs: the broker (through PostgreSQL when the catalog's database is
 * PostgreSQL, so that hosts sharing it hear each other's events, else in this process), the
 * webhook ingress under {@code /api/events/http/:topic} ({@code events.http.topics}, plus {@code
 * github} when a GitHub webhook secret is configured and {@code gitlab} when a GitLab one is),
 * the GitHub and GitLab routers, and the refresh of what a pushed repository holds. (The entity
 * caches of hosts sharing PostgreSQL follow each other through the catalog store's change log,
 * not through events.)
 */
final class EventsSetup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventsSetup.class);

  private final AppConfig config;
  private final EventBroker broker;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  private EventsSetup(AppConfig config, EventBroker broker) {
    this.config = config;
    this.broker = broker;
  }

  /** The broker on the catalog's database; call before the engine is built (it listens to it). */
  static EventsSetup create(AppConfig config, DataSource dataSource) {
    if (config.database() instanceof Database.Postgres) {
      PostgresEventBroker broker = EventBroker.postgres(dataSource).build();
      EventsSetup s = new EventsSetup(config, broker);
      s.open.push(broker);
      LOG.info("Events: shared with the other hosts on this PostgreSQL database");
      return s;
    }
    return new EventsSetup(config, EventBroker.inMemory());
  }

  /** The broker providers subscribe to (push and repository events). */
  EventBroker broker() {
    return broker;
  }

  /** Subscribes the routers and the push refresh, and mounts the ingress on {@code api}. */
  void start(CatalogEngine engine, HttpApi.Builder api) {
    open.push(broker.subscribe(new GithubEventRouter(broker)));
    open.push(broker.subscribe(new GitlabEventRouter(broker)));
    open.push(broker.subscribe(new PushRefreshSubscriber(engine)));
    EventsApiPlugin.Builder plugin = EventsApiPlugin.builder(broker);
    try {
      for (String topic : config.eventsHttpTopics()) {
        plugin.topic(topic);
      }
      Optional<RequestValidator> github =
          GithubSignatureValidator.of(config.githubWebhookSecrets());
      github.ifPresent(v -> plugin.topic("github", v));
      Optional<String> gitlab = config.gitlabWebhookSecret();
      if (gitlab.isPresent()) {
        plugin.topic("gitlab", new GitlabTokenValidator(gitlab.get()));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("events: " + e.getMessage());
    }
    EventsApiPlugin built = plugin.build();
    List<String> unverified = built.topics().stream()
        .filter(t -> t.equals("github") || t.equals("gitlab"))
        .filter(t -> t.equals("github") ? config.githubWebhookSecrets().isEmpty()
            : config.gitlabWebhookSecret().isEmpty())
        .toList();
    for (String t : unverified) {
      LOG.warn("Webhooks on topic {} are accepted without a signature: configure"
          + " events.modules.{}.webhookSecret", t, t);
    }
    api.plugin(built);
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        LOG.warn("closing events failed", e);
      }
    }
  }
}
