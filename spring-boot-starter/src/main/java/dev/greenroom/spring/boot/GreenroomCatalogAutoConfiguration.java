package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.spring.boot.internal.BackstageAppConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The catalog on the application's {@link DataSource}: the entity store and processing state
 * (H2 or PostgreSQL, migrated at start), the {@link UrlReader} (integrations first, then plain HTTP
 * to the allowed hosts) and the {@link CatalogEngine} with every {@link CatalogProcessor}, {@link
 * EntityProvider} and {@link CatalogListener} bean, started and stopped with the application, on
 * the application's threads ({@link GreenroomThreads}: processors on its executor, ticks and
 * stitching on its scheduler; {@code greenroom.catalog.threads} gives processing a pool of the
 * engine's own instead).
 * Every bean backs off when the application defines its own; {@code greenroom.catalog.enabled=false}
 * switches the catalog off.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "greenroom.catalog.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomCatalogAutoConfiguration {

  /** The Backstage app-config named by {@code greenroom.app-config}. */
  @Bean
  @ConditionalOnProperty("greenroom.app-config")
  @ConditionalOnMissingBean
  public BackstageAppConfig greenroomAppConfig(
      GreenroomProperties properties, ResourceLoader resources, Environment environment) {
    return BackstageAppConfig.load(
        java.util.Objects.requireNonNull(properties.getAppConfig()), resources, environment);
  }

  /**
   * Final entities, in the application's database. Lazy: opened (and migrated) when the catalog
   * starts, so that a database that is not reachable yet does not fail the context.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean(EntityStore.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbcEntityStore greenroomEntityStore(DataSource dataSource) {
    return JdbcEntityStore.create(dataSource);
  }

  /**
   * Processing state (refresh queue, locations, relations), in the application's database; lazy
   * as the entity store.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean(ProcessingStateStore.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbcProcessingState greenroomProcessingState(DataSource dataSource) {
    return JdbcProcessingState.create(dataSource);
  }

  /**
   * Reads url locations, placeholders, templates and docs: hosts of the app-config's {@code
   * integrations} through their SCM readers, every other URL through the plain HTTP reader limited
   * to {@code greenroom.reading.allow} and the app-config's {@code backend.reading.allow}.
   */
  @Bean
  @ConditionalOnMissingBean(UrlReader.class)
  public UrlReader greenroomUrlReader(
      GreenroomProperties properties, ObjectProvider<BackstageAppConfig> appConfig) {
    BackstageAppConfig app = appConfig.getIfAvailable();
    // unlike Backstage, no implicit anonymous github.com integration: no request leaves for a
    // host nobody configured
    IntegrationsConfig integrations = app != null ? app.integrations() : emptyIntegrations();
    HttpUrlReader plain;
    try {
      plain = HttpUrlReader.builder().allow(readingAllow(properties, app)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("greenroom.reading.allow: " + e.getMessage(), e);
    }
    try {
      return ScmIntegrations.builder()
          .config(integrations)
          .fallback(plain)
          .build()
          .urlReader();
    } catch (IntegrationException e) {
      throw new IllegalArgumentException("integrations: " + e.getMessage(), e);
    }
  }

  private static IntegrationsConfig emptyIntegrations() {
    return IntegrationsConfig.parse(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
        false);
  }

  /** The allowed hosts of both sources, the properties' first. */
  static List<String> readingAllow(
      GreenroomProperties properties, @Nullable BackstageAppConfig app) {
    List<String> out = new ArrayList<>(properties.getReading().getAllow());
    if (app != null) {
      out.addAll(app.readingAllow());
    }
    return out;
  }

  /**
   * The engine; started by {@link #greenroomCatalogLifecycle}, not when built. It gets lazy
   * references to the stores, which open on first use.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public CatalogEngine greenroomCatalogEngine(
      @Lazy EntityStore store,
      @Lazy ProcessingStateStore state,
      UrlReader urlReader,
      GreenroomProperties properties,
      ObjectProvider<BackstageAppConfig> appConfig,
      ObjectProvider<CatalogProcessor> processors,
      ObjectProvider<EntityProvider> providers,
      ObjectProvider<CatalogListener> listeners,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<GreenroomThreads> threads) {
    BackstageAppConfig app = appConfig.getIfAvailable();
    GreenroomProperties.Catalog settings = properties.getCatalog();
    CatalogEngine.Builder b = CatalogEngine.builder()
        .store(store)
        .state(state)
        .closeStores(false) // the stores are beans of their own; Spring closes them
        .urlReader(urlReader);
    meterRegistry.ifUnique(b::meterRegistry);
    @Nullable CatalogRules rules = app == null ? null : app.rules();
    if (rules != null) {
      b.rules(rules);
    }
    for (int i = 0; i < settings.getLocations().size(); i++) {
      GreenroomProperties.Location l = settings.getLocations().get(i);
      if (l.getType().isBlank() || l.getTarget().isBlank()) {
        throw new IllegalArgumentException(
            "greenroom.catalog.locations[" + i + "]: type and target must not be empty");
      }
      b.location(absolute(LocationSpec.of(l.getType(), l.getTarget())));
    }
    if (app != null) {
      for (LocationSpec l : app.locations()) {
        b.location(absolute(l));
      }
    }
    if (settings.getProcessingInterval() != null) {
      b.processingInterval(settings.getProcessingInterval());
    }
    if (settings.getAllowedLocationTypes().isEmpty()) {
      throw new IllegalArgumentException("greenroom.catalog.allowed-location-types must not be"
          + " empty (leave it out for url only)");
    }
    b.allowedLocationTypes(settings.getAllowedLocationTypes());
    GreenroomThreads t = threads.getIfUnique();
    Executor executor = t == null ? null : t.executor();
    if (settings.getThreads() != null) {
      // an explicit pool size keeps processing off the application's executor, on a pool of the
      // engine's own
      b.threads(settings.getThreads());
    } else if (executor != null) {
      b.executor(executor);
    }
    ScheduledExecutorService scheduler = t == null ? null : t.scheduler();
    if (scheduler != null) {
      b.scheduler(scheduler);
    }
    processors.orderedStream().forEach(b::processor);
    providers.orderedStream().forEach(b::provider);
    listeners.orderedStream().forEach(b::listener);
    return b.build();
  }

  /**
   * A {@code file} location with a relative target, resolved against the working directory as
   * Backstage does, so that its entities' origin annotations name the file fully.
   */
  static LocationSpec absolute(LocationSpec l) {
    if (!"file".equals(l.type())) {
      return l;
    }
    java.nio.file.Path p = java.nio.file.Path.of(l.target());
    return p.isAbsolute() ? l
        : new LocationSpec(l.type(), p.toAbsolutePath().normalize().toString(), l.optional());
  }

  /**
   * Opens the stores and starts the engine with the application context, trying again with
   * backoff while the database cannot be opened; closes the engine when the context stops.
   */
  @Bean
  @ConditionalOnMissingBean
  public CatalogEngineLifecycle greenroomCatalogLifecycle(CatalogEngine engine,
      ObjectProvider<EntityStore> store, ObjectProvider<ProcessingStateStore> state,
      GreenroomProperties properties, ObjectProvider<GreenroomThreads> threads) {
    GreenroomProperties.StartRetry retry = properties.getCatalog().getStartRetry();
    GreenroomThreads t = threads.getIfUnique();
    return new CatalogEngineLifecycle(engine,
        List.of(store::getObject, state::getObject),
        retry.getInitialDelay(), retry.getMaxDelay(), t == null ? null : t.longJobScheduler());
  }
}
