package dev.greenroom.cli;

import dev.greenroom.catalog.gitlab.GitlabCatalogException;
import dev.greenroom.catalog.gitlab.GitlabProviders;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * GitLab's catalog providers for {@code serve}: when {@code catalog.providers.gitlab} is
 * configured, one discovery provider per entry (and an org provider with {@code orgEnabled}),
 * using the {@code integrations.gitlab} entry of its host and refreshing on the entry's {@code
 * schedule} on {@code serve}'s scheduler. Bad
 * config (no integration for the host, no schedule, a bad pattern) stops the start with a message
 * naming the key.
 */
final class GitlabSetup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitlabSetup.class);

  private final @Nullable GitlabProviders providers;

  private GitlabSetup(@Nullable GitlabProviders providers) {
    this.providers = providers;
  }

  /** The providers of {@code config}; none when {@code catalog.providers.gitlab} is absent. */
  static GitlabSetup create(AppConfig config, ScheduledExecutorService scheduler) {
    JsonNode gitlab = config.tree().path("catalog").path("providers").path("gitlab");
    if (gitlab.isMissingNode() || gitlab.isNull()) {
      return new GitlabSetup(null);
    }
    try {
      ScmIntegrations scm = ScmIntegrations.builder()
          .config(IntegrationsConfig.parse(config.integrationsTree(), false))
          .build();
      GitlabProviders p = GitlabProviders.builder().config(gitlab).integrations(scm)
          .scheduler(scheduler).build();
      p.providers().forEach(pr -> LOG.info("GitLab: {}", pr));
      return new GitlabSetup(p);
    } catch (GitlabCatalogException | IntegrationException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The providers to hand to the engine. */
  List<EntityProvider> providers() {
    return providers == null ? List.of() : providers.providers();
  }

  /** The providers as subscribers of {@code gitlab.*} events, for an events ingress. */
  List<EventSubscriber> subscribers() {
    return providers == null ? List.of() : providers.subscribers();
  }

  @Override
  public void close() {
    if (providers != null) {
      providers.close();
    }
  }
}
