package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.OrphanStrategy;
import dev.greenroom.catalog.processing.state.ClaimedEntity;
import dev.greenroom.catalog.processing.state.CompletionOutcome;
import dev.greenroom.catalog.processing.state.Conflict;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.catalog.processing.state.RunOutcome;
import dev.greenroom.catalog.processing.state.StitchInput;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine instance's work cycle. Design: a tick claims a batch of due entities from the state
 * store (a lease keeps other instances off them), runs the {@link Orchestrator} over them in
 * parallel on the worker executor, and stores all outcomes in one state transaction (an outcome
 * whose hash is unchanged costs no write); meanwhile the control executor drains the stitch queue
 * that earlier batches filled into the catalog store, in batches of one catalog write each: each
 * ref's processed entity, state id (the final uid), orphan state, errors and relations go as they
 * are, and catalog-core's {@code stitch.Stitcher} makes the final entity from them. The tick ends
 * by stitching what this batch queued. Orphans are deleted on their own period when the strategy
 * says so.
 *
 * <p>No thread waits for another: {@link #tickAsync()} claims on the calling thread, hands each
 * entity to the worker executor, and runs what follows (completing the batch, stitching) as
 * continuations on the control executor once the work it needs is done; so a host may give both
 * executors one small pool. Ticks are started by {@link
 * dev.greenroom.catalog.processing.CatalogEngine} on its scheduler, or by tests; a tick is not
 * re-entrant (the engine serialises them: the next starts when the returned future is done).
 */
public final class ProcessingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingLoop.class);
  private static final int MAX_ANCESTOR_LEVELS = 32;

  /**
   * Settings of a loop.
   *
   * @param owner this instance's id in leases
   * @param batchSize entities claimed per tick
   * @param stitchBatchSize refs stitched per catalog write
   * @param lease how long a claim holds
   * @param intervalMin the shortest time until an entity is processed again
   * @param intervalMax the longest (a uniform random pick in between spreads the load)
   * @param orphanStrategy keep or delete orphans
   * @param orphanPeriod how often orphans are looked for when they are deleted
   */
  public record Settings(
      String owner,
      int batchSize,
      int stitchBatchSize,
      Duration lease,
      Duration intervalMin,
      Duration intervalMax,
      OrphanStrategy orphanStrategy,
      Duration orphanPeriod) {}

  private final Settings settings;
  private final ProcessingStateStore state;
  private final Catalog catalog;
  private final Orchestrator orchestrator;
  private final Executor workers;
  private final Executor control;
  private final Clock clock;
  private final List<CatalogListener> listeners;
  private final ProcessingMeters meters;
  private final AtomicInteger inFlight = new AtomicInteger();
  private @Nullable Instant lastOrphanPass;
  private volatile boolean bulkLoading;

  public ProcessingLoop(
      Settings settings,
      ProcessingStateStore state,
      Catalog catalog,
      Orchestrator orchestrator,
      Executor workers,
      Executor control,
      Clock clock,
      List<CatalogListener> listeners,
      ProcessingMeters meters) {
    this.settings = settings;
    this.state = state;
    this.catalog = catalog;
    this.orchestrator = orchestrator;
    this.workers = workers;
    this.control = control;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.meters = meters;
  }

  /** True while a tick is processing claimed entities. */
  public boolean busy() {
    return inFlight.get() > 0;
  }

  /**
   * Does one round of work and waits for it; see {@link #tickAsync()}.
   *
   * @return how many entities were processed, stitched or deleted (0 when there was nothing to do)
   */
  public int tick() {
    return join(tickAsync());
  }

  /**
   * Starts one round of work: claims a batch on the calling thread, processes it on the worker
   * executor while the control executor stitches what earlier batches queued, then (on the control
   * executor) completes the batch, stitches what it queued, re-stitches deferred entities once the
   * backlog is done and deletes orphans when due.
   *
   * @return how many entities were processed, stitched or deleted (0 when there was nothing to
   *     do); failed with the first failure of any step, once every step started has ended
   */
  public CompletableFuture<Integer> tickAsync() {
    // Stitching what earlier batches produced runs on the control executor while this batch is
    // processed: one is mostly catalog-store writes, the other mostly processor CPU and state
    // writes, so they overlap well.
    boolean backlog = backlog();
    CompletableFuture<Integer> stitching =
        CompletableFuture.supplyAsync(() -> stitchAll(backlog), control);
    CompletableFuture<Integer> processing;
    try {
      processing = processBatchAsync();
    } catch (RuntimeException e) {
      processing = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Integer> processed = processing;
    // both steps end before the rest runs or a failure is reported: the next tick must not
    // stitch while this one still does
    return CompletableFuture.allOf(processed, stitching).handleAsync((v, e) -> {
      int work = join(processed) + join(stitching);
      boolean stillBacklog = backlog();
      work += stitchAll(stillBacklog);
      if (!stillBacklog) {
        work += restitchDeferred();
        endBulkLoad();
      }
      work += orphans();
      return work;
    }, control);
  }

  /**
   * Starts a bulk load when the catalog store is empty and entities are due: the store may suspend
   * index upkeep until the backlog is done (an initial ingest). Called by the engine at start.
   */
  public void beginBulkLoadIfEmpty() {
    if (catalog.store().size() == 0 && backlog()) {
      LOG.info("catalog store is empty: ingesting as a bulk load");
      catalog.store().beginBulkLoad();
      bulkLoading = true;
    }
  }

  /**
   * Whether entities are due: the due index's head, one row read, where counting them would read
   * them all (twice a tick, through a backlog of 100,000 rows).
   */
  public boolean backlog() {
    return state.oldestDue(clock.instant()).isPresent();
  }

  private void endBulkLoad() {
    if (bulkLoading && state.stitchQueueSize() == 0) {
      long start = System.nanoTime();
      catalog.store().endBulkLoad();
      bulkLoading = false;
      LOG.info("bulk load done; indexes rebuilt in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** True while a bulk load is under way. */
  public boolean bulkLoading() {
    return bulkLoading;
  }

  /**
   * Re-stitches, in batches, the entities whose re-stitch was deferred while a backlog was
   * processed (the targets of inverse relations); returns how many there were.
   */
  public int restitchDeferred() {
    int total = 0;
    while (catalog.store().deferredCount() > 0) {
      long start = System.nanoTime();
      WriteResult r = catalog.restitchDeferred(settings.stitchBatchSize());
      meters.stitched(System.nanoTime() - start);
      total += Math.max(1, r.changed().size());
      publish(r);
    }
    return total;
  }

  private static int join(CompletableFuture<Integer> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Claims, processes and completes one batch; returns the number of entities processed. */
  public int processBatch() {
    return join(processBatchAsync());
  }

  /**
   * Claims a batch on the calling thread and processes it on the worker executor; the outcomes
   * are stored on the control executor once every entity is done.
   *
   * @return the number of entities processed
   */
  public CompletableFuture<Integer> processBatchAsync() {
    Instant now = clock.instant();
    Supplier<Duration> interval = this::nextInterval;
    List<ClaimedEntity> claimed =
        state.claim(settings.owner(), settings.batchSize(), now, settings.lease(), interval);
    if (claimed.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    inFlight.incrementAndGet();
    CompletableFuture<Integer> done;
    try {
      List<CompletableFuture<RunOutcome>> futures = new ArrayList<>(claimed.size());
      for (ClaimedEntity c : claimed) {
        Set<String> ancestors =
            "Location".equals(c.unprocessed().kind()) ? ancestorLocations(c.ref()) : Set.of();
        futures.add(CompletableFuture.supplyAsync(() -> run(c, ancestors), workers));
      }
      done = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .thenApplyAsync(v -> complete(claimed, futures), control);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    return done.whenComplete((n, e) -> inFlight.decrementAndGet());
  }

  private int complete(List<ClaimedEntity> claimed, List<CompletableFuture<RunOutcome>> futures) {
    List<RunOutcome> outcomes = new ArrayList<>(claimed.size());
    for (CompletableFuture<RunOutcome> f : futures) {
      outcomes.add(f.join());
    }
    CompletionOutcome done = state.complete(settings.owner(), outcomes, clock.instant());
    for (Conflict c : done.conflicts()) {
      reportConflict(c);
    }
    if (!done.skipped().isEmpty()) {
      LOG.info("{} outcomes dropped: their lease was lost ({}...)", done.skipped().size(),
          done.skipped().get(0));
    }
    Set<EntityRef> skipped = new HashSet<>(done.skipped());
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof RunOutcome.Failed f && !skipped.contains(f.ref())) {
        ClaimedEntity c = claimed.get(i);
        String loc = c.unprocessed().metadata().annotation(Orchestrator.MANAGED_BY_LOCATION);
        LOG.debug("processing {} failed: {}", f.ref(), f.errors());
        meters.errors(f.errors());
        publish(new CatalogEvent.ProcessingFailed(f.ref(), loc, f.errors()));
      }
    }
    return claimed.size();
  }

  private RunOutcome run(ClaimedEntity c, Set<String> ancestors) {
    long start = System.nanoTime();
    RunOutcome outcome = outcome(c, ancestors);
    meters.processed(System.nanoTime() - start, !(outcome instanceof RunOutcome.Unchanged),
        outcome instanceof RunOutcome.Failed);
    return outcome;
  }

  private RunOutcome outcome(ClaimedEntity c, Set<String> ancestors) {
    RunResult r;
    try {
      r = orchestrator.process(c.unprocessed(), c.cache(), ancestors);
    } catch (RuntimeException e) {
      LOG.warn("processing {} failed unexpectedly", c.ref(), e);
      r = new RunResult(null, List.of(), List.of(), List.of(),
          List.of(dev.greenroom.catalog.processing.ProcessingError.of(e)), c.cache());
    }
    String hash = r.hash();
    if (hash.equals(c.resultHash())) {
      return new RunOutcome.Unchanged(c.ref());
    }
    if (!r.ok()) {
      return new RunOutcome.Failed(c.ref(), hash, r.errors());
    }
    return new RunOutcome.Succeeded(c.ref(), hash, r.completed(), r.relations(), r.deferred(),
        r.refreshKeys(), r.cache());
  }

  /** The location refs read by {@code ref}'s ancestors, and by the entity itself. */
  private Set<String> ancestorLocations(EntityRef ref) {
    Set<String> out = new HashSet<>();
    Set<EntityRef> seen = new HashSet<>();
    List<EntityRef> level = List.of(ref);
    for (int depth = 0; depth < MAX_ANCESTOR_LEVELS && !level.isEmpty(); depth++) {
      List<EntityRef> next = new ArrayList<>();
      for (EntityRef r : level) {
        if (!seen.add(r)) {
          continue;
        }
        if (!r.equals(ref)) {
          state.get(r).map(RefreshState::unprocessed)
              .map(e -> e.metadata().annotation(Orchestrator.MANAGED_BY_LOCATION))
              .ifPresent(out::add);
        }
        next.addAll(state.parentsOf(r));
      }
      level = next;
    }
    return out;
  }

  private Duration nextInterval() {
    long min = settings.intervalMin().toMillis();
    long max = settings.intervalMax().toMillis();
    return Duration.ofMillis(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
  }

  /** Stitches everything queued; returns the number of refs stitched. */
  public int stitchAll() {
    return stitchAll(false);
  }

  /**
   * Stitches everything queued; returns the number of refs stitched.
   *
   * @param deferRestitch defer re-stitching the targets of inverse relations (during a backlog,
   *     so that a group receiving relations from every batch is stitched once at the end)
   */
  public int stitchAll(boolean deferRestitch) {
    int total = 0;
    while (true) {
      List<StitchInput> inputs = state.claimStitches(
          settings.owner(), settings.stitchBatchSize(), clock.instant(), settings.lease());
      if (inputs.isEmpty()) {
        return total;
      }
      total += inputs.size();
      WriteBatch batch = new WriteBatch();
      if (deferRestitch) {
        batch.deferRestitch();
      }
      for (StitchInput in : inputs) {
        Entity processed = in.processed();
        if (!in.exists()) {
          batch.delete(in.ref());
        } else if (processed != null) {
          // the raw inputs: catalog-core's stitch.Stitcher makes the final entity from them
          batch.upsert(new WriteBatch.Upsert(processed, in.relations(), in.entityId(),
              in.orphan(), in.errors().stream()
                  .map(e -> StatusItem.processingError(e.name(), e.message())).toList()));
        }
      }
      WriteResult result;
      long start = System.nanoTime();
      try {
        result = batch.isEmpty() ? new WriteResult(List.of(), List.of(), List.of())
            : catalog.write(batch);
        meters.stitched(System.nanoTime() - start);
      } catch (RuntimeException e) {
        LOG.warn("stitching {} entities failed; they stay queued", inputs.size(), e);
        state.finishStitches(settings.owner(), List.of());
        throw e;
      }
      state.finishStitches(settings.owner(), inputs);
      publish(result);
    }
  }

  private int orphans() {
    if (settings.orphanStrategy() != OrphanStrategy.DELETE) {
      return 0;
    }
    Instant now = clock.instant();
    if (lastOrphanPass != null && now.isBefore(lastOrphanPass.plus(settings.orphanPeriod()))) {
      return 0;
    }
    lastOrphanPass = now;
    List<EntityRef> deleted = state.deleteOrphans(1_000, 100);
    if (deleted.isEmpty()) {
      return 0;
    }
    LOG.info("deleted {} orphaned entities", deleted.size());
    return deleted.size() + stitchAll() + restitchDeferred();
  }

  private void publish(WriteResult result) {
    meters.written(result);
    if (listeners.isEmpty()) {
      return;
    }
    List<EntityRef> refs = new ArrayList<>(result.added());
    refs.addAll(result.changed());
    List<@Nullable Entity> entities = catalog.entities(refs);
    for (int i = 0; i < refs.size(); i++) {
      Entity e = entities.get(i);
      if (e == null) {
        continue;
      }
      publish(i < result.added().size()
          ? new CatalogEvent.EntityAdded(refs.get(i), e)
          : new CatalogEvent.EntityChanged(refs.get(i), e));
    }
    for (EntityRef r : result.removed()) {
      publish(new CatalogEvent.EntityRemoved(r));
    }
  }

  /** Logs a conflict and tells the listeners. */
  public void reportConflict(Conflict c) {
    LOG.warn("Detected conflicting entityRef {} already referenced by {} and now also {}",
        c.ref(), c.existingLocationKey(), c.newLocationKey());
    meters.conflict();
    publish(new CatalogEvent.Conflict(c.ref(), c.existingLocationKey(), c.newLocationKey()));
  }

  /** Sends an event to every listener, isolating their failures. */
  public void publish(CatalogEvent event) {
    for (CatalogListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("catalog listener {} failed on {}", l, event.getClass().getSimpleName(), e);
      }
    }
  }
}
