package dev.greenroom.cli;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.auth.UserTokenIssuer;
import dev.greenroom.http.scaffolder.ScaffolderApiPlugin;
import dev.greenroom.http.scorecard.ScorecardsApiPlugin;
import dev.greenroom.http.scorecard.TechInsightsApiPlugin;
import dev.greenroom.http.techdocs.TechDocsApiPlugin;
import dev.greenroom.notifications.NotificationSettings;
import dev.greenroom.notifications.Notifications;
import dev.greenroom.notifications.http.NotificationsApiPlugin;
import dev.greenroom.notifications.scaffolder.ApprovalNotifier;
import dev.greenroom.notifications.scaffolder.SendNotificationAction;
import dev.greenroom.notifications.signals.SignalHub;
import dev.greenroom.notifications.store.jdbc.JdbcNotificationStore;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.scorecard.RetrieverRun;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.fact.Schedule;
import dev.greenroom.search.SearchEngine;
import dev.greenroom.search.collator.CatalogCollator;
import dev.greenroom.search.collator.TechDocsCollator;
import dev.greenroom.techdocs.TechDocs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins {@code serve} mounts beside the catalog, on the catalog's database: notifications
 * ({@code /api/notifications}, {@code gr_notification*} tables, pushed over {@code /api/signals};
 * the scaffolder gets {@code notification:send}), user settings ({@code /api/user-settings},
 * {@code gr_user_settings}; see {@link UserSettingsSetup}), the scaffolder
 * ({@code /api/scaffolder}, tasks in {@code gr_task_*} tables, run by a worker pool), TechDocs
 * ({@code /api/techdocs}, sites published to a folder, built on demand) and scorecards ({@code
 * /api/tech-insights} and {@code /api/scorecards}, facts in {@code gr_fact_*} tables, the built-in
 * retrievers daily and the default scorecard evaluated daily for the trend report) and search
 * ({@code /api/search}: the catalog, templates included, and the built docs, in memory; entities
 * re-indexed on catalog events and docs builds, each type re-collated on its schedule from {@code
 * search.collators.<catalog|techdocs>.schedule}, every 10 minutes by default, writing only what
 * changed). Once the catalog's
 * first pass is done, every entity's docs are built, the search index is filled and every retriever
 * runs once, so search and scorecards have something to show from the start.
 */
final class Plugins implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final SignalHub signals = new SignalHub();
  private @Nullable Thread warmUp;
  private volatile @Nullable SearchEngine search;

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
      UserTokenIssuer taskTokens,
      HttpApi.Builder server,
      LateListener catalogEvents,
      ScheduledExecutorService scheduler,
      io.micrometer.core.instrument.MeterRegistry meters) {
    Plugins p = new Plugins();
    try {
      Notifications notifications = p.notifications(config, engine, dataSource, server);
      p.open.push(UserSettingsSetup.mount(dataSource, p.signals, server));
      p.scaffolder(config, dataDir, engine, dataSource, urlReader, taskTokens, server,
          notifications, meters);
      TechDocs techdocs = p.techdocs(config, dataDir, engine, urlReader, server);
      Scorecards scorecards = p.scorecards(engine, dataSource, server, scheduler, meters);
      SearchEngine search = p.search(config, engine, techdocs, server, scheduler);
      p.warmUp(engine, techdocs, scorecards, search, catalogEvents);
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
      UserTokenIssuer taskTokens,
      HttpApi.Builder server,
      Notifications notifications,
      io.micrometer.core.instrument.MeterRegistry meters) {
    Path root = dataDir.resolve("scaffolder").toAbsolutePath();
    JdbcTaskStore store = JdbcTaskStore.create(dataSource);
    open.push(store);
    int limit = config.concurrentTasksLimit();
    RemoteTargets publishTargets = publishTargets(config);
    Scaffolder.Builder builder =
        Scaffolder.builder()
            .defaultActions()
            .action(new SendNotificationAction(notifications))
            .catalogEngine(engine)
            .urlReader(urlReader)
            .fetchTargets(fetchTargets(config))
            .publishTargets(publishTargets)
            .actions(PublishSetup.actions(config, publishTargets))
            .workspaceRoot(root.resolve("dry-run"))
            .taskStore(store)
            .meterRegistry(meters)
            .concurrency(limit)
            .taskWorkingDirectory(root.resolve("work"))
            .staleAfter(Duration.ofSeconds(30))
            // approvers of approval:request steps hear of waiting tasks through notifications
            .waitingListener(new ApprovalNotifier(notifications));
    PublishSetup.commitDefaults(config, builder); // publish:git commits as publish:github does
    Scaffolder scaffolder = builder.build();
    open.push(scaffolder);
    scaffolder.start();
    ScaffolderApiPlugin plugin =
        ScaffolderApiPlugin.builder(scaffolder, engine.catalog())
            .dryRunDirectory(root.resolve("dry-run"))
            .taskTokens(taskTokens)
            .upgrades(UpgradesSetup.create(scaffolder, engine.catalog(), config))
            .build();
    open.push(plugin); // its dry-run pool
    server.plugin(plugin);
    LOG.info("Scaffolder: {} actions, up to {} tasks at a time, workspaces in {}",
        scaffolder.actions().size(), limit, root);
  }

  /**
   * The notifications backend ({@code /api/notifications}, notifications in {@code
   * gr_notification*} tables of the catalog's database) and the signals hub that pushes new ones
   * to browsers ({@link #signals()}, mounted by the server at {@code /api/signals}).
   */
  private Notifications notifications(
      AppConfig config, CatalogEngine engine, DataSource dataSource, HttpApi.Builder server) {
    NotificationSettings defaults = NotificationSettings.none();
    tools.jackson.databind.JsonNode d = config.tree().at("/notifications/defaultSettings");
    if (!d.isMissingNode() && !d.isNull()) {
      try {
        defaults = NotificationSettings.parse(d);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("notifications.defaultSettings: " + e.getMessage());
      }
    }
    JdbcNotificationStore store = JdbcNotificationStore.create(dataSource);
    open.push(store);
    Notifications notifications = Notifications.builder()
        .store(store)
        .catalog(engine.catalog())
        .signals(signals)
        .defaultSettings(defaults)
        .build();
    server.plugin(new NotificationsApiPlugin(notifications));
    LOG.info("Notifications: stored in the catalog's database; signals at {}", SignalHub.PATH);
    return notifications;
  }

  /** The signals WebSocket endpoint, for the server to mount. */
  SignalHub signals() {
    return signals;
  }

  /**
   * Where {@code fetch:*} may read beyond public hosts: the hosts of {@code backend.reading.allow}
   * and of the configured {@code integrations} (an enterprise SCM host on the private network).
   */
  private static RemoteTargets fetchTargets(AppConfig config) {
    RemoteTargets.Builder b = RemoteTargets.builder();
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>(config.readingAllowHosts());
    hosts.addAll(config.integrations().hosts());
    for (String host : hosts) {
      try {
        b.allowHost(host);
      } catch (IllegalArgumentException e) {
        LOG.warn("backend.reading.allow: {} is not a host fetch:* can allow: {}", host, e.getMessage());
      }
    }
    return b.build();
  }

  /** Where {@code publish:git} may push beyond public hosts: {@code scaffolder.publish.allow}. */
  private static RemoteTargets publishTargets(AppConfig config) {
    RemoteTargets.Builder b = RemoteTargets.builder();
    try {
      b.allowHosts(config.publishAllowHosts());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("scaffolder.publish.allow: " + e.getMessage(), e);
    }
    config.publishAllowFolders().forEach(b::allowFileRoot);
    return b.build();
  }

  private TechDocs techdocs(
      AppConfig config,
      Path dataDir,
      CatalogEngine engine,
      UrlReader urlReader,
      HttpApi.Builder server) {
    Path publish =
        config.techdocsPublishDirectory().orElse(dataDir.resolve("techdocs")).toAbsolutePath();
    TechDocs techdocs = TechDocs.builder().publishDirectory(publish).urlReader(urlReader)
        .allowedFileRoots(config.fileLocationFolders())
        .onPublished(entity -> {
          SearchEngine s = search;
          if (s != null) {
            s.refresh(entity);
          }
        })
        .build();
    open.push(techdocs::close);
    server.plugin(TechDocsApiPlugin.of(techdocs, engine.catalog()));
    LOG.info("TechDocs: sites published to {}", publish);
    return techdocs;
  }

  private Scorecards scorecards(CatalogEngine engine, DataSource dataSource,
      HttpApi.Builder server, ScheduledExecutorService schedules,
      io.micrometer.core.instrument.MeterRegistry meters) {
    Scorecards scorecards =
        Scorecards.builder()
            .meterRegistry(meters)
            .catalog(engine.catalog())
            .dataSource(dataSource)
            .builtinRetrievers()
            .defaultScorecard()
            .evaluationSchedule(Schedule.cron("0 4 * * *"))
            .build();
    open.push(scorecards.start(schedules));
    server.plugin(new TechInsightsApiPlugin(scorecards));
    server.plugin(new ScorecardsApiPlugin(scorecards));
    LOG.info("Scorecards: facts in the catalog's database; retrievers daily at 03:00 UTC");
    return scorecards;
  }

  /**
   * Backstage's default collator schedule: every 10 minutes, 15 minutes at most. The first run
   * comes one period after start, as the warm-up fills the index once the catalog's first pass is
   * done. A configured schedule runs first after its own {@code initialDelay} (none when not given,
   * so at once, beside the catalog's first pass).
   */
  static final TaskSchedule DEFAULT_SEARCH_SCHEDULE =
      TaskSchedule.every(Duration.ofMinutes(10), Duration.ofMinutes(15))
          .withInitialDelay(Duration.ofMinutes(10));

  private SearchEngine search(AppConfig config, CatalogEngine engine, TechDocs techdocs,
      HttpApi.Builder server, ScheduledExecutorService schedules) {
    SearchEngine s = SearchEngine.builder()
        .catalog(engine.catalog())
        .techDocs(techdocs)
        .executor(schedules)
        .build();
    open.push(s);
    // Backstage's config names the collators by module (catalog, techdocs), results by type
    List<String> described = new ArrayList<>();
    for (Map.Entry<String, String> collator : List.of(Map.entry("catalog", CatalogCollator.TYPE),
        Map.entry("techdocs", TechDocsCollator.TYPE))) {
      TaskSchedule schedule =
          config.searchCollatorSchedule(collator.getKey()).orElse(DEFAULT_SEARCH_SCHEDULE);
      open.push(s.start(collator.getValue(), schedule, schedules));
      described.add(collator.getValue() + " " + describe(schedule));
    }
    // catalog events reach the index from the warm-up on (see there), not during the first pass
    search = s;
    server.plugin(s.apiPlugin());
    LOG.info("Search: in memory, kept current from catalog changes and re-collated ({}; only what"
        + " changed is written)", String.join(", ", described));
    return s;
  }

  private static String describe(TaskSchedule s) {
    return s.isManual() ? "only when triggered"
        : s.cron() != null ? "on cron '" + s.cron() + "' (UTC)"
        : "every " + s.frequency().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * After the catalog's first pass: connects search to the catalog's events, builds every
   * entity's docs (they are otherwise built when a reader asks, as Backstage's local builder does),
   * fills the search index and runs every fact retriever once.
   */
  private void warmUp(CatalogEngine engine, TechDocs techdocs, Scorecards scorecards,
      SearchEngine search, LateListener catalogEvents) {
    Thread t =
        new Thread(
            () -> {
              boolean idle = engine.awaitIdle(Duration.ofMinutes(30));
              // Search hears catalog events only from here on: during the first pass (an initial
              // ingest of every entity) indexing each event cost an eighth of the server's CPU,
              // and the full reindex below covers them all at once. Events from now on are
              // applied as they come, or recorded while that reindex runs.
              catalogEvents.set(search.catalogListener());
              if (!idle) {
                return;
              }
              try {
                TechDocs.SyncAllResult r =
                    techdocs.syncAll(engine.catalog(), line -> LOG.debug("{}", line));
                LOG.info("TechDocs: {} sites built, {} up to date, {} failed",
                    r.built().size(), r.upToDate().size(), r.failures().size());
                r.failures().forEach((ref, why) -> LOG.warn("TechDocs: {}: {}", ref, why));
              } catch (RuntimeException e) {
                LOG.warn("TechDocs: building the docs of the catalog failed", e);
              }
              try {
                Map<String, String> failed = search.reindexAll();
                LOG.info("Search: {} documents indexed", search.size());
                failed.forEach((type, why) -> LOG.warn("Search: collator {} failed: {}", type, why));
              } catch (RuntimeException e) {
                LOG.warn("Search: indexing the catalog failed", e);
              }
              try {
                for (RetrieverRun run : scorecards.runAllRetrievers()) {
                  if (run.error() != null) {
                    LOG.warn("Scorecards: retriever {} failed: {}", run.retrieverId(), run.error());
                  }
                }
                LOG.info("Scorecards: facts retrieved for the catalog");
              } catch (RuntimeException e) {
                LOG.warn("Scorecards: retrieving facts failed", e);
              }
            },
            "greenroom-warmup");
    t.setDaemon(true);
    t.start();
    warmUp = t;
  }

  @Override
  public void close() {
    Thread t = warmUp;
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
