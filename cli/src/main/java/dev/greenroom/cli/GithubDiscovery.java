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
 * schedules on {@code serve}'s scheduler with two worker threads of their own for the runs and
 * GitHub's HTTP client, subscribed to the server's event broker. Nothing starts when neither key is
 * configured.
 */
final class GithubDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GithubDiscovery.class);

  private final GithubProviders providers;
  private final ExecutorService workers;

  private GithubDiscovery(GithubProviders providers, ExecutorService workers) {
    this.providers = providers;
    this.workers = workers;
  }

  /**
   * The providers the config asks for, or null when it asks for none.
   *
   * @throws ConfigException naming the key of a wrong value or a host without an integration
   */
  static GithubDiscovery create(AppConfig config, ScmIntegrations integrations, EventBroker events,
      ScheduledExecutorService scheduler) {
    var catalogProviders = config.tree().path("catalog").path("providers");
    if (!catalogProviders.has("github") && !catalogProviders.has("githubOrg")) {
      return null;
    }
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
      return new GithubDiscovery(p, workers);
    } catch (IllegalArgumentException e) {
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
    workers.shutdownNow();
  }
}
