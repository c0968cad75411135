package dev.greenroom.cli;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.scaffolder.ScaffolderApiPlugin;
import dev.greenroom.http.techdocs.TechDocsApiPlugin;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.RecoveryStrategy;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import dev.greenroom.scaffolder.task.TemplateTaskHandler;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.techdocs.TechDocs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins {@code serve} mounts beside the catalog, on the catalog's database: the scaffolder
 * ({@code /api/scaffolder}, tasks in {@code gr_task_*} tables, run by a worker pool) and TechDocs
 * ({@code /api/techdocs}, sites published to a folder, built on demand and once for every entity
 * after the catalog's first pass).
 */
final class Plugins implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private @Nullable Thread docsWarmUp;

  private Plugins() {}

  /**
   * Builds and starts the plugins and mounts their routes on {@code server}; on failure closes
   * what it opened and throws.
   */
  static Plugins start(
      AppConfig config,
      Path dataDir,
      CatalogEngine engine,
      DataSource dataSource,
      UrlReader urlReader,
      BackendServer.Builder server) {
    Plugins p = new Plugins();
    try {
      p.scaffolder(config, dataDir, engine, dataSource, urlReader, server);
      p.techdocs(config, dataDir, engine, urlReader, server);
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void scaffolder(
      AppConfig config,
      Path dataDir,
      CatalogEngine engine,
      DataSource dataSource,
      UrlReader urlReader,
      BackendServer.Builder server) {
    Path root = dataDir.resolve("scaffolder").toAbsolutePath();
    Scaffolder scaffolder =
        Scaffolder.builder()
            .defaultActions()
            .catalogEngine(engine)
            .urlReader(urlReader)
            .workspaceRoot(root.resolve("dry-run"))
            .build();
    JdbcTaskStore store = JdbcTaskStore.create(dataSource);
    open.push(store);
    TaskBroker broker = TaskBroker.builder(store).build();
    int limit = config.concurrentTasksLimit();
    TaskWorkerPool workers =
        TaskWorkerPool.builder(
                broker,
                TemplateTaskHandler.builder(scaffolder.runner())
                    .workingDirectory(root.resolve("work"))
                    .build())
            .concurrency(limit)
            .defaultRecovery(RecoveryStrategy.NONE)
            .staleAfter(Duration.ofSeconds(30))
            .build()
            .start();
    open.push(workers);
    server.plugin(
        ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog())
            .dryRunDirectory(root.resolve("dry-run"))
            .build());
    LOG.info("Scaffolder: {} actions, up to {} tasks at a time, workspaces in {}",
        scaffolder.actions().size(), limit, root);
  }

  private void techdocs(
      AppConfig config,
      Path dataDir,
      CatalogEngine engine,
      UrlReader urlReader,
      BackendServer.Builder server) {
    Path publish =
        config.techdocsPublishDirectory().orElse(dataDir.resolve("techdocs")).toAbsolutePath();
    TechDocs techdocs = TechDocs.builder().publishDirectory(publish).urlReader(urlReader).build();
    open.push(techdocs::close);
    server.plugin(TechDocsApiPlugin.of(techdocs, engine.catalog()));
    LOG.info("TechDocs: sites published to {}", publish);
    // Docs are built when a reader asks (/sync), as Backstage's local builder does; building every
    // entity's docs once the catalog has settled makes search cover them from the start.
    Thread t =
        new Thread(
            () -> {
              try {
                if (!engine.awaitIdle(Duration.ofMinutes(30))) {
                  return;
                }
                TechDocs.SyncAllResult r = techdocs.syncAll(engine.catalog(), line -> LOG.debug("{}", line));
                LOG.info("TechDocs: {} sites built, {} up to date, {} failed",
                    r.built().size(), r.upToDate().size(), r.failures().size());
                r.failures().forEach((ref, why) -> LOG.warn("TechDocs: {}: {}", ref, why));
              } catch (RuntimeException e) {
                LOG.warn("TechDocs: building the docs of the catalog failed", e);
              }
            },
            "greenroom-techdocs-warmup");
    t.setDaemon(true);
    t.start();
    docsWarmUp = t;
  }

  @Override
  public void close() {
    Thread t = docsWarmUp;
    if (t != null) {
      t.interrupt();
    }
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        LOG.warn("stopping a plugin failed", e);
      }
    }
  }
}
