package dev.greenroom.cli;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.cli.config.Database;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the catalog engine a command runs from its settings: the store ({@code
 * backend.database}), processing state in the same database, the locations, rules, URL reader,
 * interval, orphan strategy and entity cache.
 */
final class CatalogSetup {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogSetup.class);

  /** The H2 file (H2 adds {@code .mv.db}) under the data folder. */
  static final String H2_FILE = "greenroom";

  private CatalogSetup() {}

  /** Opens the store; the engine closes it. */
  static JdbcEntityStore store(Database database, Path dataDir) {
    if (database instanceof Database.Postgres pg) {
      LOG.info("Catalog database: PostgreSQL {}", pg.redactedUrl());
      return JdbcEntityStore.postgres(pg.jdbcUrl());
    }
    if (((Database.Embedded) database).inMemory()) {
      LOG.info("Catalog database: H2 in memory");
      return JdbcEntityStore.h2InMemory("greenroom-" + UUID.randomUUID());
    }
    Path file = dataDir.resolve(H2_FILE).toAbsolutePath();
    LOG.info("Catalog database: H2 file {}.mv.db", file);
    return JdbcEntityStore.h2File(file);
  }

  /**
   * A built, not started engine that owns its store; processing failures are logged, and the
   * given listeners see every event.
   */
  static CatalogEngine engine(AppConfig config, Path dataDir, CatalogListener... listeners) {
    return engine(config, store(config.database(), dataDir), urlReader(config), List.of(), listeners);
  }

  /**
   * The reader of url locations, placeholders, templates and docs: a host configured under {@code
   * integrations} is read through its SCM reader (tokens, GitHub Apps, trees and globs) without
   * being listed in {@code backend.reading.allow}, as in Backstage; every other URL goes to the
   * plain HTTP reader of the hosts {@code backend.reading.allow} names. Unlike Backstage, the
   * implicit anonymous {@code github.com} (and other public hosts) integration is not added: no
   * request leaves for a host nobody configured.
   */
  static UrlReader urlReader(AppConfig config) {
    return integrations(config).urlReader();
  }

  /** The integrations whose {@link ScmIntegrations#urlReader()} {@link #urlReader} is. */
  static ScmIntegrations integrations(AppConfig config) {
    try {
      return ScmIntegrations.builder()
          .config(IntegrationsConfig.parse(config.integrationsTree(), false))
          .fallback(HttpUrlReader.builder().allow(config.readingAllow()).build())
          .build();
    } catch (IntegrationException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * A built, not started engine on {@code store}, which it owns (closes it, and closes it at once
   * when building fails), with the entity providers {@code serve} configured (discovery).
   */
  static CatalogEngine engine(
      AppConfig config, JdbcEntityStore store, UrlReader urlReader, CatalogListener... listeners) {
    return engine(config, store, urlReader, List.of(), listeners);
  }

  /** As above, with entity providers of the host (connected when the engine starts). */
  static CatalogEngine engine(AppConfig config, JdbcEntityStore store, UrlReader urlReader,
      List<EntityProvider> providers, CatalogListener... listeners) {
    return engine(config, store, urlReader, providers,
        new io.micrometer.core.instrument.composite.CompositeMeterRegistry(), listeners);
  }

  /** As above, with the engine's meters recorded in {@code meters}. */
  static CatalogEngine engine(AppConfig config, JdbcEntityStore store, UrlReader urlReader,
      List<EntityProvider> providers, io.micrometer.core.instrument.MeterRegistry meters,
      CatalogListener... listeners) {
    try {
      CatalogEngine.Builder b = CatalogEngine.builder()
          .meterRegistry(meters)
          .store(store)
          .state(JdbcProcessingState.create(store.dataSource()))
          .rules(config.rules())
          .urlReader(urlReader)
          .orphanStrategy(config.orphanStrategy())
          .orphanProviderStrategy(config.orphanProviderStrategy())
          .locationNotFoundStrategy(config.locationNotFoundStrategy())
          .entityCache(config.catalogCacheMaximumSize(), config.catalogCacheTtl().orElse(null))
          .listener(new ProcessingLog());
      config.catalogCacheCheckInterval().ifPresent(b::entityCacheCheckInterval);
      for (CatalogListener l : listeners) {
        b.listener(l);
      }
      config.locations().forEach(b::location);
      providers.forEach(b::provider);
      config.processingInterval().ifPresent(b::processingInterval);
      if (config.processingDisabled()) {
        b.processingDisabled();
      }
      return b.build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
