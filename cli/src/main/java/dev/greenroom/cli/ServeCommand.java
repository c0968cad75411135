package dev.greenroom.cli;

import dev.greenroom.auth.AuthBackend;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.jetty.JettyServer;
import dev.greenroom.integrations.ScmIntegrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code greenroom serve}: runs the catalog engine and Backstage's REST API until the process is
 * stopped: the catalog ({@code /api/catalog}), the scaffolder ({@code /api/scaffolder}),
 * TechDocs ({@code /api/techdocs}), notifications ({@code /api/notifications}) and the signals
 * WebSocket ({@code /api/signals}), all on one database (see {@link Plugins}).
 *
 * <p>Without {@code --config} it serves the bundled sample (Backstage's example catalog),
 * extracted into {@code <data>/sample-catalog}. The catalog and its processing state live in one
 * database: an H2 file in the data folder unless {@code backend.database} says otherwise.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the catalog, scaffolder, TechDocs and scorecards with Backstage's REST API",
        "(/api/catalog, /api/scaffolder, /api/techdocs, /api/tech-insights, /api/scorecards, /api/search).",
        "Without --config, serves the bundled sample: Backstage's example catalog."})
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "Backstage app-config.yaml; repeat to merge several, later files win.")
  private List<Path> configs = new ArrayList<>();

  @Option(names = "--port", paramLabel = "N",
      description = "Port to listen on (0: any free port); overrides backend.listen.port"
          + " (default 7007).")
  private @Nullable Integer port;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Folder for the embedded database and the sample catalog (default: ${DEFAULT-VALUE}).")
  private Path data = Path.of("data");

  /** Starts the server and blocks until the process is stopped. */
  @Override
  public Integer call() throws IOException, InterruptedException {
    Running running = start();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "greenroom-shutdown"));
    running.awaitClosed();
    return 0;
  }

  /** Starts the engine and the server; the caller closes what this returns. */
  Running start() throws IOException {
    Files.createDirectories(data);
    AppConfig config;
    if (configs.isEmpty()) {
      Path sample = SampleCatalog.extract(data.resolve("sample-catalog"));
      LOG.info("No --config given: serving the bundled sample catalog (Backstage's example"
          + " catalog, Apache-2.0) from {}", sample.toAbsolutePath());
      config = SampleCatalog.config(sample);
    } else {
      config = AppConfig.load(configs);
      LOG.info("Config: {}", config.files());
      if (config.locations().isEmpty()) {
        LOG.info("No catalog.locations configured: the catalog holds what is registered over"
            + " the API (POST /api/catalog/locations) and what the database kept");
      }
    }
    Auth.Decision auth = Auth.decide(config); // refuses an open API on a public interface
    JdbcEntityStore store = CatalogSetup.store(config.database(), data);
    // the one scheduler of every provider, event and plugin schedule; shut down last
    ScheduledThreadPoolExecutor scheduler = scheduler();
    // closed after the plugins and before the engine, last opened first: no provider run or event
    // after the engine is gone
    Deque<AutoCloseable> extras = new ArrayDeque<>();
    ServeMetrics metrics = new ServeMetrics();
    extras.push(metrics); // closed last of them
    EventsSetup events;
    ScmIntegrations integrations;
    GithubDiscovery github;
    BitbucketDiscovery bitbucket;
    AzureDevOpsDiscovery azureDevOps;
    GerritDiscovery gerrit;
    try {
      events = EventsSetup.create(config, store.dataSource());
      extras.push(events);
      integrations = CatalogSetup.integrations(config);
      github = GithubDiscovery.create(config, integrations, events.broker(), scheduler);
      if (github != null) {
        extras.push(github);
      }
      bitbucket = BitbucketDiscovery.fromConfig(config, events.broker(), scheduler);
      extras.push(bitbucket);
      azureDevOps = AzureDevOpsDiscovery.fromConfig(config, scheduler);
      extras.push(azureDevOps);
      gerrit = GerritDiscovery.fromConfig(config, scheduler);
      extras.push(gerrit);
    } catch (RuntimeException e) {
      closeAll(extras);
      store.close();
      scheduler.shutdownNow();
      throw e;
    }
    UrlReader urlReader = integrations.urlReader();
    LateListener searchEvents = new LateListener();
    OrgProviders orgProviders;
    try {
      // catalog.providers.ldapOrg, microsoftGraphOrg
      orgProviders = OrgProviders.fromConfig(config, scheduler);
      extras.push(orgProviders);
    } catch (RuntimeException e) {
      closeAll(extras);
      store.close();
      scheduler.shutdownNow();
      throw e;
    }
    GitlabSetup gitlab;
    try {
      gitlab = GitlabSetup.create(config, scheduler);
      extras.push(gitlab);
      for (EventSubscriber subscriber : gitlab.subscribers()) {
        extras.push(events.broker().subscribe(subscriber)); // gitlab.push, system hooks
      }
    } catch (RuntimeException e) {
      closeAll(extras);
      store.close();
      scheduler.shutdownNow();
      throw e;
    }
    List<EntityProvider> providers = new ArrayList<>();
    if (github != null) {
      providers.addAll(github.entityProviders());
    }
    providers.addAll(bitbucket.providers());
    providers.addAll(azureDevOps.providers());
    providers.addAll(gerrit.providers());
    providers.addAll(gitlab.providers());
    providers.addAll(orgProviders.providers());
    CatalogEngine engine;
    try {
      engine = CatalogSetup.engine(config, store, urlReader, providers, metrics.registry(),
          searchEvents);
    } catch (RuntimeException e) {
      closeAll(extras);
      scheduler.shutdownNow();
      throw e;
    }
    Plugins plugins = null;
    try {
      engine.start();
      if (config.processingDisabled()) {
        LOG.info("catalog.processingInterval is false: nothing is processed; serving what the"
            + " database holds");
      }
      int listenPort = port != null ? port : config.port();
      AuthBackend authBackend = Auth.backend(config, listenPort, engine.catalog(),
          store.dataSource());
      HttpApi.Builder api = HttpApi.builder()
          .meterRegistry(metrics.registry())
          .metricsScrape(metrics::scrape, ServeMetrics.CONTENT_TYPE)
          .catalog(engine)
          .readonly(config.readonly())
          .locationAnalyzers(integrations.locationAnalyzers())
          .authenticator(Auth.authenticator(auth, config, authBackend))
          .plugin(authBackend.plugin())
          .userCookies(authBackend.userTokens());
      Auth.cors(config).ifPresent(api::cors);
      config.permissionPolicy().ifPresent(p -> {
        api.permissionPolicy(p);
        LOG.info("Permission policy: {} rule(s) from permission.rules; the rest is allowed",
            p.rules().size());
      });
      events.start(engine, api);
      plugins = Plugins.start(config, data, engine, store.dataSource(), urlReader,
          authBackend.userTokens(), api, searchEvents, scheduler, metrics.registry());
      JettyServer.Builder jetty = JettyServer.builder()
          .api(api.build())
          .host(auth.host())
          .port(listenPort)
          .socket(plugins.signals());
      config.maxConcurrentRequests().ifPresent(jetty::maxConcurrentRequests);
      JettyServer server = jetty.build();
      Running running = new Running(server.start(), plugins, engine, extras, github,
          events.broker(), scheduler);
      LOG.info("Greenroom is listening on {} ({}; {}): {}", running.address(),
          running.server.address().getAddress().isAnyLocalAddress() ? "every interface"
              : running.server.address().getAddress().isLoopbackAddress() ? "this machine only"
              : "one interface",
          auth.mode().text, running.catalogUrl());
      return running;
    } catch (RuntimeException e) {
      if (plugins != null) {
        plugins.close();
      }
      closeAll(extras);
      engine.close();
      scheduler.shutdownNow();
      throw e;
    }
  }

  /** Threads of {@link #scheduler()}. */
  static final int SCHEDULER_THREADS = 4;

  /**
   * The scheduler {@code serve} hands to every setup (providers, events, scorecards, search):
   * {@value #SCHEDULER_THREADS} daemon threads named {@code greenroom-scheduler-N}, so that one
   * long run does not hold up another's time (timeouts fire on a free thread). Cancelled tasks
   * leave its queue at once; nothing delayed runs after shutdown.
   */
  static ScheduledThreadPoolExecutor scheduler() {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, r -> {
      Thread t = new Thread(r, "greenroom-scheduler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    s.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    return s;
  }

  /** Closes each, last opened first, logging failures; empties the deque. */
  static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }

  /** A started server and its engine; {@link #close()} stops both, once. */
  static final class Running implements AutoCloseable {
    private final JettyServer server;
    private final Plugins plugins;
    private final CatalogEngine engine;
    private final Deque<AutoCloseable> extras;
    private final @Nullable GithubDiscovery github;
    private final EventBroker events;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    Running(JettyServer server, Plugins plugins, CatalogEngine engine,
        Deque<AutoCloseable> extras, @Nullable GithubDiscovery github, EventBroker events,
        ScheduledThreadPoolExecutor scheduler) {
      this.server = server;
      this.plugins = plugins;
      this.engine = engine;
      this.extras = extras;
      this.github = github;
      this.events = events;
      this.scheduler = scheduler;
    }

    /** The GitHub providers of {@code catalog.providers}, or null. */
    @Nullable GithubDiscovery github() {
      return github;
    }

    /** The server's event broker. */
    EventBroker events() {
      return events;
    }

    /** The port the server listens on. */
    int port() {
      return server.port();
    }

    CatalogEngine engine() {
      return engine;
    }

    /** The scheduler every setup runs its schedules on; shut down last by {@link #close()}. */
    ScheduledThreadPoolExecutor scheduler() {
      return scheduler;
    }

    /** The bound address and port, as the operating system reports them; {@code *} for all. */
    String address() {
      java.net.InetSocketAddress a = server.address();
      if (a.getAddress().isAnyLocalAddress()) {
        return "*:" + a.getPort();
      }
      String ip = a.getAddress().getHostAddress();
      return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** The catalog API's address, as a person on this machine would type it. */
    String catalogUrl() {
      java.net.InetAddress ip = server.address().getAddress();
      String host = ip.isAnyLocalAddress() || ip.isLoopbackAddress() ? "localhost"
          : ip.getHostAddress().contains(":") ? "[" + ip.getHostAddress() + "]"
          : ip.getHostAddress();
      return "http://" + host + ":" + server.port() + "/api/catalog";
    }

    void awaitClosed() throws InterruptedException {
      done.await();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      LOG.info("Greenroom is stopping");
      try {
        server.close();
      } catch (RuntimeException e) {
        LOG.warn("stopping the HTTP server failed", e);
      }
      try {
        plugins.close();
        closeAll(extras); // events and discovery, before the engine
        engine.close();
      } finally {
        scheduler.shutdownNow(); // last: every schedule on it is closed by now
        done.countDown();
      }
    }
  }
}
