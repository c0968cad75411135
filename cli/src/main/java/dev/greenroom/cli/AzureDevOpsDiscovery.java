package dev.greenroom.cli;

import dev.greenroom.catalog.azure.AzureDevOpsConfigException;
import dev.greenroom.catalog.azure.AzureDevOpsProviders;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code catalog.providers.azureDevOps} for {@code serve}: the providers of {@code
 * greenroom-catalog-azure}, asking Azure DevOps code search with the credentials of {@code
 * integrations.azure}, each run on its {@code schedule} on {@code serve}'s scheduler. Closed
 * before the engine, so no run writes to a closed catalog.
 */
final class AzureDevOpsDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AzureDevOpsDiscovery.class);

  private final @Nullable AzureDevOpsProviders providers;

  private AzureDevOpsDiscovery(@Nullable AzureDevOpsProviders providers) {
    this.providers = providers;
  }

  /**
   * The configured Azure DevOps providers, scheduled once the engine connects them.
   *
   * @throws ConfigException naming the key when a provider's config is wrong or its host has no
   *     integration
   */
  static AzureDevOpsDiscovery fromConfig(AppConfig config, ScheduledExecutorService scheduler) {
    JsonNode providers = config.tree().path("catalog").path("providers");
    if (!providers.has("azureDevOps")) {
      return new AzureDevOpsDiscovery(null);
    }
    try {
      AzureDevOpsProviders.Builder b = AzureDevOpsProviders.builder()
          .config(providers)
          .integrations(IntegrationsConfig.parse(config.integrationsTree(), false))
          .scheduler(scheduler);
      AzureDevOpsProviders built = b.build();
      built.providers().forEach(p -> LOG.info("Catalog provider {}", p));
      return new AzureDevOpsDiscovery(built);
    } catch (AzureDevOpsConfigException | IntegrationException e) {
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
