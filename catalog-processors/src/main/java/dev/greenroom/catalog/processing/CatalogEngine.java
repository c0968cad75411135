package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.builtin.Processors;
import dev.greenroom.catalog.processing.engine.Orchestrator;
import dev.greenroom.catalog.processing.engine.ProcessingLoop;
import dev.greenroom.catalog.processing.engine.ProcessingMeters;
import dev.greenroom.catalog.processing.engine.RunResult;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.FileLocations;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.processing.location.YamlEntityParser;
import dev.greenroom.catalog.processing.state.DuplicateLocationException;
import dev.greenroom.catalog.processing.state.MemoryProcessingState;
import dev.greenroom.catalog.processing.state.MutationOutcome;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import dev.greenroom.catalog.store.CachingEntityStore;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.catalog.validation.EntityValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog processing engine: the module's entry point. It reads locations and providers'
 * entities, runs the processors over every entity, and keeps the {@link Catalog} of final entities
 * up to date, refreshing each entity on a jittered interval.
 *
 * <pre>{@code
 * try (CatalogEngine engine = CatalogEngine.builder()
 *         .store(JdbcEntityStore.h2File(Path.of("data/catalog")))
 *         .location("file", "catalog/all.yaml")
 *         .rules(CatalogRules.allowKinds("Component", "API", "System", "Group", "User", "Location"))
 *         .build()) {
 *   engine.start();
 *   engine.awaitIdle(Duration.ofMinutes(1));
 *   engine.catalog().entity(EntityRef.parse("component:default/petstore"));
 * }
 * }</pre>
 *
 * <p>Design: providers (the configured locations, the registered locations, the host's own) write
 * unprocessed entities into the {@link ProcessingStateStore}; ticks of the {@link ProcessingLoop}
 * claim due entities in batches, run the {@link Orchestrator} over them on the executor, store the
 * outcomes, and stitch changed entities into the catalog store. Several engines may share one
 * PostgreSQL database: claims are leased rows, so each entity is processed by one engine at a time.
 *
 * <p><b>Threads.</b> The engine has no thread of its own that waits in a loop. Its scheduler
 * starts a tick every poll interval and whenever something is due now (a mutation, a refresh);
 * one tick runs at a time, and a tick that did work asks for the next at once. A tick claims and
 * stitches on the scheduler and runs the processors on the executor; no thread blocks waiting
 * for another. The host passes its own with {@link Builder#executor} and {@link
 * Builder#scheduler}, and keeps them: {@link #close()} never shuts down what the host gave. What
 * the host does not give, the engine makes ({@code threads} daemon workers, one daemon scheduler
 * thread, started when first used) and shuts down on {@link #close()}.
 *
 * <p><b>Idle.</b> {@link #awaitIdle} reads the state store between ticks only: a read counts
 * when no tick (or stitch) ran or started while it was made, so a tick that claims while the
 * state is read cannot make a busy engine look idle.
 */
public final class CatalogEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogEngine.class);

  /** The provider name of locations given to the builder (Backstage's config locations). */
  public static final String CONFIG_PROVIDER = "ConfigLocationProvider";

  /** The provider name of locations registered at run time. */
  public static final String REGISTERED_PROVIDER = "DefaultLocationStore";

  private final Catalog catalog;
  private final ProcessingStateStore state;
  private final Orchestrator orchestrator;
  private final ProcessingLoop loop;
  private final List<EntityProvider> providers;
  private final List<LocationSpec> configLocations;
  private final OrphanStrategy orphanProviderStrategy;
  private final Set<String> registrationTypes;
  private final Clock clock;
  private final boolean processingEnabled;
  private final Duration pollInterval;
  private final boolean bulkLoad;
  private final String instanceId;
  private final Executor workers;
  private final @Nullable ExecutorService ownedWorkers;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;
  private final List<AutoCloseable> owned;
  private final ProcessingMeters meters;

  /** Held by the running tick: one at a time. */
  private final Semaphore permit = new Semaphore(1);
  /** A tick is wanted: set by the poll schedule, wake-ups and ticks that did work. */
  private final AtomicBoolean tickWanted = new AtomicBoolean();
  /** Ticks and stitches running now. */
  private final AtomicInteger active = new AtomicInteger();
  /** Ticks and stitches started so far; a state read during which it moved does not count. */
  private final AtomicLong activityStarts = new AtomicLong();
  private volatile boolean started;
  private volatile boolean closed;
  private @Nullable ScheduledFuture<?> polling;

  private CatalogEngine(Builder b) {
    this.clock = b.clock;
    this.owned = new ArrayList<>();
    EntityStore store = b.store != null ? b.store : new MemoryEntityStore();
    Catalog.Builder cb = Catalog.builder().store(store).cacheSize(b.cacheSize)
        .cacheCheckInterval(b.cacheCheckInterval);
    if (b.cacheTtl != null) {
      cb.cacheTtl(b.cacheTtl);
    }
    this.catalog = cb.build();
    this.state = b.state != null ? b.state : new MemoryProcessingState();
    if (b.ownStores) {
      owned.add(state);
      owned.add(catalog);
    }
    List<CatalogProcessor> processors = new ArrayList<>();
    FileLocations files = FileLocations.of(b.fileRoots);
    if (b.defaultProcessors) {
      processors.addAll(Processors.defaults(files, b.urlReader));
    }
    processors.addAll(b.processors);
    if (b.discover) {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      processors.addAll(Processors.discover(cl != null ? cl : CatalogEngine.class.getClassLoader()));
    }
    Set<String> names = new HashSet<>();
    for (CatalogProcessor p : processors) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("two processors are named " + p.name());
      }
    }
    this.orchestrator = new Orchestrator(processors, b.validator, YamlEntityParser.create(),
        b.rules, b.allowedLocationTypes, b.locationNotFoundStrategy);
    this.orphanProviderStrategy = b.orphanProviderStrategy;
    this.registrationTypes = Set.copyOf(b.allowedLocationTypes);
    this.providers = List.copyOf(b.providers);
    this.configLocations = List.copyOf(b.locations);
    this.processingEnabled = b.intervalMin != null;
    this.pollInterval = b.pollInterval;
    this.bulkLoad = b.bulkLoad;
    Executor given = b.executor;
    if (given == null) {
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(b.threads, r -> {
        Thread t = new Thread(r, "greenroom-catalog-worker-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.ownedWorkers = pool;
      given = pool;
    } else {
      this.ownedWorkers = null;
    }
    Executor target = given;
    // A host's executor that refuses work (saturated, bounded queue) gets it back on the tick's
    // own thread, as ThreadPoolExecutor.CallerRunsPolicy does: a claimed entity is never dropped.
    this.workers = r -> {
      try {
        target.execute(r);
      } catch (RejectedExecutionException e) {
        if (closed) {
          throw e;
        }
        r.run();
      }
    };
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.ownScheduler = false;
    } else {
      ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "greenroom-catalog-scheduler");
        t.setDaemon(true);
        return t;
      });
      s.setRemoveOnCancelPolicy(true);
      this.scheduler = s;
      this.ownScheduler = true;
    }
    Duration min = b.intervalMin == null ? Duration.ofSeconds(100) : b.intervalMin;
    Duration max = b.intervalMax == null ? Duration.ofSeconds(150) : b.intervalMax;
    this.instanceId = b.instanceId;
    this.meters = new ProcessingMeters(b.meters);
    meters.bindGauges(catalog, state, clock);
    this.loop = new ProcessingLoop(
        new ProcessingLoop.Settings(b.instanceId, b.batchSize, b.stitchBatchSize, b.lease, min,
            max, b.orphanStrategy, b.orphanPeriod),
        state, catalog, orchestrator, workers, scheduler, clock, b.listeners, meters);
  }

  /** A builder with Backstage's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The catalog of final entities this engine maintains: queries, facets, graph. */
  public Catalog catalog() {
    return catalog;
  }

  /** The processing state store. */
  public ProcessingStateStore state() {
    return state;
  }

  /** The processors, in the order they run. */
  public List<CatalogProcessor> processors() {
    return orchestrator.processors();
  }

  /**
   * Connects the providers (configured locations first, then registered locations, then the
   * host's providers) and starts ticking on the scheduler: every poll interval, and at once
   * when something is due.
   *
   * @throws IllegalStateException when started before, or closed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "engine is closed" : "engine already started");
    }
    // What this instance id claimed in an earlier run that was killed is free again at once.
    state.releaseClaims(instanceId);
    connectProviders();
    if (bulkLoad) {
      loop.beginBulkLoadIfEmpty();
    }
    started = true;
    if (processingEnabled) {
      long ms = Math.max(1, pollInterval.toMillis());
      polling = scheduler.scheduleWithFixedDelay(() -> {
        try {
          wake();
        } catch (RuntimeException e) { // a periodic task that throws is never run again
          LOG.error("starting a catalog processing tick failed", e);
        }
      }, 0, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void connectProviders() {
    List<DeferredEntity> config = new ArrayList<>();
    for (LocationSpec l : configLocations) {
      config.add(locationEntity(l));
    }
    apply(CONFIG_PROVIDER, EntityMutation.full(config));
    List<DeferredEntity> registered = new ArrayList<>();
    for (RegisteredLocation l : state.locations()) {
      registered.add(locationEntity(LocationSpec.of(l.type(), l.target())));
    }
    apply(REGISTERED_PROVIDER, EntityMutation.full(registered));
    removeUnconfiguredProviders();
    for (EntityProvider p : providers) {
      try {
        p.connect(new Connection(p.name()));
      } catch (Exception e) {
        LOG.error("entity provider {} failed to connect", p.name(), e);
      }
    }
  }

  /**
   * Backstage's {@code catalog.orphanProviderStrategy}: the entities of source keys that no
   * configured provider owns any more (a provider removed from the configuration) are deleted at
   * start when the strategy is delete, and kept (as before) when it is keep.
   */
  private void removeUnconfiguredProviders() {
    Set<String> configured = new HashSet<>();
    configured.add(CONFIG_PROVIDER);
    configured.add(REGISTERED_PROVIDER);
    providers.forEach(p -> configured.add(p.name()));
    for (String source : state.sourceKeys()) {
      if (configured.contains(source)) {
        continue;
      }
      if (orphanProviderStrategy == OrphanStrategy.DELETE) {
        LOG.info("Entity provider {} is no longer configured: deleting its entities"
            + " (catalog.orphanProviderStrategy: delete)", source);
        apply(source, EntityMutation.full(List.of()));
      } else {
        LOG.info("Entity provider {} is no longer configured: its entities are kept"
            + " (catalog.orphanProviderStrategy: keep)", source);
      }
    }
  }

  /** Asks for a tick: it starts at once on the scheduler unless one is running (then after it). */
  private void wake() {
    if (!started || !processingEnabled) {
      return;
    }
    tickWanted.set(true);
    startTickIfFree();
  }

  private void startTickIfFree() {
    while (!closed && tickWanted.get() && permit.tryAcquire()) {
      if (!tickWanted.getAndSet(false)) {
        permit.release(); // another thread took the request meanwhile
        continue;
      }
      beginActivity();
      try {
        scheduler.execute(this::runTick);
      } catch (RejectedExecutionException e) {
        endActivity();
        permit.release();
        if (!closed) {
          LOG.error("the scheduler refused the catalog's processing tick; retrying at the next"
              + " poll", e);
        }
      }
      return;
    }
  }

  /** On the scheduler, holding the permit: one tick, then the next if it did work. */
  private void runTick() {
    CompletableFuture<Integer> tick;
    try {
      tick = closed ? CompletableFuture.completedFuture(0) : loop.tickAsync();
    } catch (RuntimeException | Error e) {
      tick = CompletableFuture.failedFuture(e);
    }
    tick.whenComplete((work, e) -> {
      try {
        if (e != null) {
          if (!closed) {
            LOG.error("catalog processing tick failed; retrying after {}", pollInterval,
                e instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e);
          }
        } else if (work > 0) {
          tickWanted.set(true);
        }
      } finally {
        endActivity();
        permit.release();
        startTickIfFree();
      }
    });
  }

  private void beginActivity() {
    active.incrementAndGet();
    activityStarts.incrementAndGet();
  }

  private void endActivity() {
    active.decrementAndGet();
  }

  /** One tick on the calling thread (an engine that does not tick by itself). */
  private int tickHere() {
    permit.acquireUninterruptibly();
    beginActivity();
    try {
      return loop.tick();
    } finally {
      endActivity();
      permit.release();
      startTickIfFree();
    }
  }

  /**
   * Waits until nothing is due, queued or in flight on this engine: every entity read so far is
   * processed and stitched. On an engine that was not started (or has processing disabled), does
   * the work on the calling thread instead (its stitching still runs on the scheduler, so do not
   * call this on a thread of a single-threaded scheduler given to the engine).
   *
   * @return true when idle, false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!started || !processingEnabled) {
      while (System.nanoTime() < deadline) {
        if (tickHere() == 0 && idle()) {
          return true;
        }
      }
      return idle();
    }
    while (System.nanoTime() < deadline) {
      if (idle()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return idle();
  }

  /**
   * True when nothing is due, queued or deferred, and no tick or stitch ran while that was read.
   * The state alone is not enough: a tick that claims the last due entities between the reads
   * leaves nothing due and nothing queued yet while it processes them (seen on PostgreSQL under
   * load as an empty catalog right after {@code awaitIdle}).
   */
  private boolean idle() {
    long starts = activityStarts.get();
    if (active.get() > 0 || loop.busy() || loop.bulkLoading()) {
      return false;
    }
    boolean quiet = !loop.backlog() && state.stitchQueueSize() == 0
        && catalog.store().deferredCount() == 0;
    return quiet && active.get() == 0 && activityStarts.get() == starts;
  }

  /**
   * Registers a location (Backstage's {@code POST /locations}); its entities are read in the
   * background.
   *
   * @throws IllegalArgumentException when the type is not allowed for registration
   * @throws DuplicateLocationException when the location is registered already
   */
  public RegisteredLocation registerLocation(String type, String target) {
    checkRegistrationType(type);
    RegisteredLocation l = state.addLocation(type, target);
    apply(REGISTERED_PROVIDER,
        EntityMutation.delta(List.of(locationEntity(LocationSpec.of(type, target))), List.of()));
    return l;
  }

  private void checkRegistrationType(String type) {
    if (!registrationTypes.contains(type)) {
      throw new IllegalArgumentException("Registered locations must be of an allowed type "
          + registrationTypes.stream().sorted().map(t -> "\"" + t + "\"").toList()
              .toString().replace(" ", ""));
    }
  }

  /**
   * Unregisters a location: its Location entity and everything read through it are deleted.
   *
   * @return false when the id is unknown
   */
  public boolean unregisterLocation(String id) {
    Optional<RegisteredLocation> l = state.location(id);
    if (l.isEmpty()) {
      return false;
    }
    state.removeLocation(id);
    EntityRef ref = locationRef(LocationSpec.of(l.get().type(), l.get().target()));
    apply(REGISTERED_PROVIDER,
        EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(ref, null))));
    return true;
  }

  /** The registered locations. */
  public List<RegisteredLocation> locations() {
    return state.locations();
  }

  /** The ref of the Location entity generated for {@code location}. */
  public static EntityRef locationRef(LocationSpec location) {
    return EntityRef.of("location", EntityRef.DEFAULT_NAMESPACE,
        Orchestrator.generatedLocationName(location));
  }

  /**
   * Reads and processes what registering {@code location} would ingest, storing nothing
   * (Backstage's {@code dryRun}).
   *
   * @param maxEntities stop after this many entities
   */
  public DryRunResult dryRun(LocationSpec location, int maxEntities) {
    checkRegistrationType(location.type());
    Deque<Pending> queue = new ArrayDeque<>();
    queue.add(new Pending(locationEntity(location).entity(), Set.of()));
    Map<EntityRef, Entity> found = new LinkedHashMap<>();
    List<DryRunResult.Failure> failures = new ArrayList<>();
    Set<EntityRef> seen = new HashSet<>();
    boolean truncated = false;
    while (!queue.isEmpty()) {
      Pending item = queue.poll();
      Entity e = item.entity();
      Set<String> ancestors = item.ancestors();
      if (!seen.add(e.ref())) {
        continue;
      }
      if (seen.size() > maxEntities) {
        truncated = true;
        break;
      }
      RunResult r = orchestrator.process(e, Json.object(), ancestors);
      String loc = e.metadata().annotation(Orchestrator.MANAGED_BY_LOCATION);
      if (!r.ok()) {
        failures.add(new DryRunResult.Failure(e.ref(), loc == null ? "" : loc, r.errors()));
        continue;
      }
      found.put(e.ref(), r.completed());
      Set<String> childAncestors = new HashSet<>(ancestors);
      if (loc != null) {
        childAncestors.add(loc);
      }
      for (DeferredEntity d : r.deferred()) {
        queue.add(new Pending(d.entity(), childAncestors));
      }
    }
    return new DryRunResult(new ArrayList<>(found.values()), failures, truncated);
  }

  /** An entity a dry run still has to process, with the locations its ancestors were read from. */
  private record Pending(Entity entity, Set<String> ancestors) {}

  /**
   * Schedules an entity and the ancestors that read it for processing now (Backstage's {@code
   * POST /refresh}).
   *
   * @return false when the entity is unknown
   */
  public boolean refresh(EntityRef ref) {
    boolean known = state.refreshNow(ref, clock.instant());
    wake();
    return known;
  }

  /**
   * Schedules every entity holding a refresh key that starts with one of {@code prefixes} for
   * processing now (letters compared case-insensitively): a webhook's push to a repository
   * refreshes what was read from it, for example with {@code
   * url:https://github.com/org/repo/blob/main/}. Url locations and {@code $text}-style
   * placeholders hold the key {@code url:<target>}, file locations {@code file:<path>}.
   *
   * @return how many entities were scheduled
   */
  public int refreshByKeyPrefix(Collection<String> prefixes) {
    int n = state.refreshKeyPrefixes(prefixes, clock.instant());
    wake();
    return n;
  }

  /**
   * Deletes an entity (Backstage's {@code DELETE /entities/by-uid}). A parent that still emits it
   * brings it back at its next run, which is scheduled now.
   *
   * @return false when the entity is unknown
   */
  public boolean deleteEntity(EntityRef ref) {
    boolean known = state.deleteEntity(ref, clock.instant());
    if (known) {
      stitchNow();
    }
    return known;
  }

  /**
   * Stitches what is queued on the calling thread, so that a deletion is gone from the catalog
   * when the call returns. It does not wait for a tick under way: stitch claims are leased rows,
   * so a tick's stitching and this one take different rows, as two engines' do (and waiting could
   * deadlock a provider running on a single-threaded scheduler the engine shares).
   */
  private void stitchNow() {
    beginActivity();
    try {
      loop.stitchAll();
    } finally {
      endActivity();
    }
    wake();
  }

  private void apply(String source, EntityMutation mutation) {
    MutationOutcome out = state.applyMutation(source, mutation, clock.instant());
    out.conflicts().forEach(loop::reportConflict);
    if (!out.deleted().isEmpty()) {
      stitchNow();
    }
    wake();
  }

  private DeferredEntity locationEntity(LocationSpec location) {
    LocationSpec l = location;
    if ("file".equals(l.type())) {
      l = new LocationSpec("file", Path.of(l.target()).toAbsolutePath().normalize().toString(),
          l.optional());
    }
    String ref = l.toString();
    return new DeferredEntity(Orchestrator.generatedLocationEntity(l, ref, ref), ref);
  }

  /**
   * Stops ticking and waits (up to 30 s) for the tick under way, then shuts down the executor and
   * scheduler the engine made (never the host's) and closes the stores it owns.
   */
  @Override
  public void close() {
    ScheduledFuture<?> p;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      p = polling;
    }
    meters.close();
    if (p != null) {
      p.cancel(false);
    }
    boolean quiet = false;
    try {
      quiet = permit.tryAcquire(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!quiet) {
      LOG.warn("closing the catalog engine while a processing tick still runs; its claims are"
          + " taken over after their lease");
    }
    if (ownedWorkers != null) {
      ownedWorkers.shutdownNow();
    }
    if (ownScheduler) {
      scheduler.shutdownNow();
    }
    if (loop.bulkLoading()) {
      try {
        catalog.store().endBulkLoad();
      } catch (RuntimeException e) {
        LOG.warn("rebuilding the store's indexes after a bulk load failed; the store rebuilds"
            + " them when it is opened again", e);
      }
    }
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c, e);
      }
    }
    if (quiet) {
      permit.release();
    }
  }

  /** A provider's connection. */
  private final class Connection implements EntityProviderConnection {
    private final String source;

    Connection(String source) {
      this.source = source;
    }

    @Override
    public void applyMutation(EntityMutation mutation) {
      List<DeferredEntity> added = mutation instanceof EntityMutation.Full f ? f.entities()
          : ((EntityMutation.Delta) mutation).added();
      for (DeferredEntity d : added) {
        for (String a : List.of(Orchestrator.MANAGED_BY_LOCATION,
            Orchestrator.MANAGED_BY_ORIGIN_LOCATION)) {
          if (d.entity().metadata().annotation(a) == null) {
            throw new IllegalArgumentException("Provider " + source + " submitted entity '"
                + d.entity().ref() + "' without the annotation " + a);
          }
        }
      }
      apply(source, mutation);
    }

    @Override
    public void refresh(Collection<String> keys) {
      state.refreshKeys(keys, clock.instant());
      wake();
    }
  }

  /** Configures a {@link CatalogEngine}. */
  public static final class Builder {
    private @Nullable EntityStore store;
    private @Nullable ProcessingStateStore state;
    private boolean ownStores = true;
    private final List<CatalogProcessor> processors = new ArrayList<>();
    private boolean defaultProcessors = true;
    private boolean discover;
    private final List<EntityProvider> providers = new ArrayList<>();
    private final List<LocationSpec> locations = new ArrayList<>();
    private final List<CatalogListener> listeners = new ArrayList<>();
    private CatalogRules rules = CatalogRules.defaults();
    private final List<Path> fileRoots = new ArrayList<>();
    private @Nullable UrlReader urlReader;
    private Set<String> allowedLocationTypes = Set.of("url");
    private @Nullable Duration intervalMin = Duration.ofSeconds(100);
    private @Nullable Duration intervalMax = Duration.ofSeconds(150);
    private OrphanStrategy orphanStrategy = OrphanStrategy.DELETE;
    private OrphanStrategy orphanProviderStrategy = OrphanStrategy.DELETE;
    private LocationNotFoundStrategy locationNotFoundStrategy = LocationNotFoundStrategy.KEEP;
    private Duration orphanPeriod = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meters = new CompositeMeterRegistry();
    private @Nullable Executor executor;
    private @Nullable ScheduledExecutorService scheduler;
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private String instanceId = UUID.randomUUID().toString();
    private int batchSize = 500;
    private int stitchBatchSize = 1_000;
    private Duration lease = Duration.ofMinutes(2);
    private Duration pollInterval = Duration.ofSeconds(1);
    private EntityValidator.Builder validator = EntityValidator.builder();
    private boolean bulkLoad = true;
    private long cacheSize = 10_000;
    private @Nullable Duration cacheTtl;
    private Duration cacheCheckInterval = CachingEntityStore.DEFAULT_CHECK_INTERVAL;

    private Builder() {}

    /** Where final entities are kept; default an in-memory store. */
    public Builder store(EntityStore store) {
      this.store = Objects.requireNonNull(store);
      return this;
    }

    /** Where processing state is kept; default in memory. Use the JDBC one to survive restarts. */
    public Builder state(ProcessingStateStore state) {
      this.state = Objects.requireNonNull(state);
      return this;
    }

    /** Whether {@link #close()} closes the stores (default true). */
    public Builder closeStores(boolean close) {
      this.ownStores = close;
      return this;
    }

    /** Adds a processor, after the defaults. */
    public Builder processor(CatalogProcessor processor) {
      processors.add(Objects.requireNonNull(processor));
      return this;
    }

    /**
     * Whether the default processors run (placeholders, built-in kinds, Template, file and URL
     * readers, location annotations); default true. Without them, add your own.
     */
    public Builder defaultProcessors(boolean enabled) {
      this.defaultProcessors = enabled;
      return this;
    }

    /** Also adds every {@link CatalogProcessor} found by {@link java.util.ServiceLoader}. */
    public Builder discoverProcessors() {
      this.discover = true;
      return this;
    }

    /** Adds an entity provider, connected at {@link CatalogEngine#start()}. */
    public Builder provider(EntityProvider provider) {
      providers.add(Objects.requireNonNull(provider));
      return this;
    }

    /** Adds a configured location (Backstage's {@code catalog.locations}). */
    public Builder location(String type, String target) {
      locations.add(LocationSpec.of(type, target));
      return this;
    }

    /** Adds a configured location. */
    public Builder location(LocationSpec location) {
      locations.add(Objects.requireNonNull(location));
      return this;
    }

    /** Which kinds each location may provide; default Component, API and Location. */
    public Builder rules(CatalogRules rules) {
      this.rules = Objects.requireNonNull(rules);
      return this;
    }

    /** Folders file locations may read from; default anywhere. */
    public Builder fileRoots(Collection<Path> roots) {
      fileRoots.addAll(roots);
      return this;
    }

    /** Reads {@code url} locations and placeholders; default none (url locations then fail). */
    public Builder urlReader(UrlReader reader) {
      this.urlReader = Objects.requireNonNull(reader);
      return this;
    }

    /**
     * Location types that may be registered, and that a Location entity may name when it differs
     * from its own location's type; default {@code url}, as in Backstage.
     */
    public Builder allowedLocationTypes(Collection<String> types) {
      this.allowedLocationTypes = Set.copyOf(types);
      return this;
    }

    /** Re-process every entity after a random time in {@code [interval, 1.5 interval]}. */
    public Builder processingInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("processing interval must be positive");
      }
      this.intervalMin = interval;
      this.intervalMax = Duration.ofMillis(interval.toMillis() * 3 / 2);
      return this;
    }

    /**
     * Starts no ticks (Backstage's {@code processingInterval: false}); {@link
     * CatalogEngine#awaitIdle} then processes on the caller's thread.
     */
    public Builder processingDisabled() {
      this.intervalMin = null;
      return this;
    }

    /** Keep or delete orphans; default delete, as in Backstage. */
    public Builder orphanStrategy(OrphanStrategy strategy) {
      this.orphanStrategy = Objects.requireNonNull(strategy);
      return this;
    }

    /**
     * What happens at start to the entities of a provider that is no longer configured (its source
     * key is in the state, no provider of this engine has its name): deleted, as Backstage's
     * {@code catalog.orphanProviderStrategy} defaults to since 1.41, or kept. Engines that share a
     * database must be given the same providers, or one deletes what the other provides.
     */
    public Builder orphanProviderStrategy(OrphanStrategy strategy) {
      this.orphanProviderStrategy = Objects.requireNonNull(strategy);
      return this;
    }

    /**
     * What a Location does when a target it reads is gone; default keep (the last good entities
     * stay, with the error). See {@link LocationNotFoundStrategy}.
     */
    public Builder locationNotFoundStrategy(LocationNotFoundStrategy strategy) {
      this.locationNotFoundStrategy = Objects.requireNonNull(strategy);
      return this;
    }

    /**
     * How often orphans are looked for when they are deleted; default 30 s, zero for every round
     * of the loop.
     */
    public Builder orphanPeriod(Duration period) {
      Objects.requireNonNull(period, "orphan period");
      if (period.isNegative()) {
        throw new IllegalArgumentException("orphan period must not be negative, was " + period);
      }
      this.orphanPeriod = period;
      return this;
    }

    /** Receives catalog events. */
    public Builder listener(CatalogListener listener) {
      listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /**
     * Where the engine's meters go (processing runs and errors, catalog events, stitching, queue
     * gauges; {@code docs/metrics.md} lists them); default an empty {@link
     * CompositeMeterRegistry}, which records nothing.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The clock for schedules and leases. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Runs the processors on the host's executor instead of a pool of the engine's own. The host
     * keeps it: {@link CatalogEngine#close()} does not shut it down. An executor that refuses a
     * task gets it run on the tick's thread instead. Every task ends by itself (no task waits for
     * another), so a small or shared pool is fine.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Starts the engine's ticks on the host's scheduler (every poll interval and on demand), which
     * also runs the ticks' claiming, completing and stitching (database work, no waiting for
     * other threads). The host keeps it: {@link CatalogEngine#close()} cancels the engine's
     * schedule and does not shut the scheduler down. Default: one daemon thread of the engine's
     * own.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The size of the engine's own worker pool when no {@link #executor} is given; default the
     * number of processors (at least 2).
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = threads;
      return this;
    }

    /**
     * This instance's id in leases; default a random UUID. Engines sharing a database need
     * different ids. At start, an engine frees what its id still holds: a server restarted after
     * a crash under the id it had takes its unfinished claims back at once instead of after their
     * lease (on PostgreSQL; an H2 database frees every claim when first opened in a JVM).
     */
    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id);
      return this;
    }

    /** Entities claimed per round; default 500. */
    public Builder batchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      this.batchSize = size;
      return this;
    }

    /**
     * Entities stitched into the catalog store per write transaction; default 1,000. Larger
     * batches mean fewer commits on bulk loads and more memory per batch.
     */
    public Builder stitchBatchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("stitch batch size must be at least 1");
      }
      this.stitchBatchSize = size;
      return this;
    }

    /** How long a claim holds before another engine may take the entity; default 2 minutes. */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** How long the loop sleeps when there is nothing to do; default 1 s. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "poll interval");
      return this;
    }

    /**
     * Whether an engine that starts on an empty catalog store ingests as a bulk load (default
     * true): the store may suspend index upkeep until the first backlog is done, so filters and
     * facets read during the initial ingest are slower (H2 drops its (key, value) search indexes
     * and builds them once at the end). Turn it off for hosts that serve queries while the first
     * ingest runs.
     */
    public Builder bulkLoad(boolean enabled) {
      this.bulkLoad = enabled;
      return this;
    }

    /**
     * The validator whose policies apply (its kind validators come from the processors). The
     * engine keeps a copy: changing {@code validator} afterwards does not change the engine.
     */
    public Builder validator(EntityValidator.Builder validator) {
      this.validator = Objects.requireNonNull(validator, "validator").copy();
      return this;
    }

    /**
     * The catalog's read cache of final entities, counts and facets ({@link CachingEntityStore}):
     * at most {@code maximumSize} entities (0 turns the cache off; default 10,000), each served
     * for at most {@code ttl} (null, the default: until a write changes it). Writes of other
     * engines sharing the database reach the cache through the store's change log within the
     * {@linkplain #entityCacheCheckInterval check interval}, so the ttl is only an upper bound
     * for stores that keep no change log.
     *
     * @throws IllegalArgumentException for a negative size or a ttl that is not positive
     */
    public Builder entityCache(long maximumSize, @Nullable Duration ttl) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException(
            "entity cache maximum size must not be negative, was " + maximumSize);
      }
      this.cacheTtl = ttl == null ? null : positive(ttl, "entity cache ttl");
      this.cacheSize = maximumSize;
      return this;
    }

    /**
     * How often a cached read asks the store what other engines changed: the longest a write of
     * another host sharing the database is served stale here. Default 1 s; zero asks on every
     * cached read.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder entityCacheCheckInterval(Duration interval) {
      Objects.requireNonNull(interval, "entity cache check interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "entity cache check interval must not be negative, was " + interval);
      }
      this.cacheCheckInterval = interval;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }

    /** Builds the engine; call {@link CatalogEngine#start()} to run it. */
    public CatalogEngine build() {
      return new CatalogEngine(this);
    }
  }
}
