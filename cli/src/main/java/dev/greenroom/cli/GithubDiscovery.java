package dev.greenroom.cli;

import dev.greenroom.catalog.github.GithubProviders;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.events.EventBroker;
import dev.greenroom.integrations.ScmIntegrations;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code catalog.providers.github} and {@code catalog.providers.githubOrg} in {@code serve}: the
 * GitHub providers on the integrations the catalog reads with (one GitHub App token cache), their
 * schedules on a scheduler thread of their own with two worker threads, subscribed to the server's
 * event broker. Nothing starts when neither key is configured.
 */
final class GithubDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GithubDiscovery.class);

  private final GithubProviders providers;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;

  private GithubDiscovery(GithubProviders providers, ScheduledExecutorService scheduler,
      ExecutorService workers) {
    this.providers = providers;
    this.scheduler = scheduler;
    this.workers = workers;
  }

  /**
   * The providers the config asks for, or null when it asks for none.
   *
   * @throws ConfigException naming the key of a wrong value or a host without an integration
   */
  static GithubDiscovery create(AppConfig config, ScmIntegrations integrations, EventBroker events) {
    var catalogProviders = config.tree().path("catalog").path("providers");
    if (!catalogProviders.has("github") && !catalogProviders.has("githubOrg")) {
      return null;
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
        r -> daemon(r, "greenroom-github-schedule"));
    AtomicInteger n = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(2,
        r -> daemon(r, "greenroom-github-" + n.incrementAndGet()));
    try {
      GithubProviders p = GithubProviders.builder()
          .config(catalogProviders)
          .integrations(integrations)
          .scheduler(scheduler)
          .executor(workers)
          .build();
      p.subscribe(events);
      p.discoveryProviders().forEach(d -> LOG.info("GitHub discovery {}, catalog path {}", d,
          d.config().catalogPath()));
      p.orgProviders().forEach(o -> LOG.info("GitHub org provider {}", o));
      return new GithubDiscovery(p, scheduler, workers);
    } catch (IllegalArgumentException e) {
      scheduler.shutdownNow();
      workers.shutdownNow();
      throw new ConfigException(e.getMessage());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The providers, for the engine's builder (each starts its schedule when connected). */
  List<EntityProvider> entityProviders() {
    return providers.entityProviders();
  }

  GithubProviders providers() {
    return providers;
  }

  @Override
  public void close() {
    providers.close();
    scheduler.shutdownNow();
    workers.shutdownNow();
  }
}
