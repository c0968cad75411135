package dev.greenroom.cli;

import dev.greenroom.catalog.bitbucket.BitbucketConfigException;
import dev.greenroom.catalog.bitbucket.BitbucketProviders;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.events.EventBroker;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code catalog.providers.bitbucketCloud} and {@code catalog.providers.bitbucketServer} for
 * {@code serve}: the providers of {@code greenroom-catalog-bitbucket}, reading through the
 * credentials of {@code integrations}, each run on its {@code schedule} on {@code
 * serve}'s scheduler. Closed before the engine, so no run writes to a closed catalog.
 */
final class BitbucketDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BitbucketDiscovery.class);

  private final @Nullable BitbucketProviders providers;

  private BitbucketDiscovery(@Nullable BitbucketProviders providers) {
    this.providers = providers;
  }

  /**
   * The configured Bitbucket providers, scheduled once the engine connects them.
   *
   * @throws ConfigException naming the key when a provider's config is wrong or its host has no
   *     integration
   */
  static BitbucketDiscovery fromConfig(AppConfig config, @Nullable EventBroker events,
      ScheduledExecutorService scheduler) {
    JsonNode providers = config.tree().path("catalog").path("providers");
    if (!providers.has("bitbucketCloud") && !providers.has("bitbucketServer")) {
      return new BitbucketDiscovery(null);
    }
    try {
      BitbucketProviders.Builder b = BitbucketProviders.builder()
          .config(providers)
          .integrations(IntegrationsConfig.parse(config.integrationsTree(), false))
          .scheduler(scheduler);
      if (events != null) {
        b.events(events); // pushes and renames without waiting for the schedule
      }
      BitbucketProviders built = b.build();
      built.providers().forEach(p -> LOG.info("Catalog provider {}", p));
      return new BitbucketDiscovery(built);
    } catch (BitbucketConfigException | IntegrationException e) {
      throw new ConfigException(e.getMessage() + " (" + String.join(", ", config.files()) + ")", e);
    }
  }

  /** The providers to add to the engine; empty when none is configured. */
  List<EntityProvider> providers() {
    return providers == null ? List.of() : providers.providers();
  }

  @Override
  public void close() {
    if (providers != null) {
      providers.close();
    }
  }
}
