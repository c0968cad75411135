package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.store.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Micrometer meters (every one is listed in {@code docs/metrics.md}): processing runs
 * timed by result, processing errors by name, catalog events by type, stitch batches timed, and
 * gauges of the queues. Recording costs a counter or timer update; the gauges read the stores
 * (counts in SQL on JDBC stores), so their values are cached and read again at most once per
 * {@link #GAUGE_MAX_AGE}, however often the registry is scraped.
 */
public final class ProcessingMeters {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingMeters.class);

  /** Timer of one processing run over one entity; tag {@code result}: ok, error, unchanged. */
  public static final String PROCESSING = "greenroom.catalog.processing";
  /** Counter of the errors processing runs stored on entities; tag {@code error}: the name. */
  public static final String PROCESSING_ERRORS = "greenroom.catalog.processing.errors";
  /**
   * Counter of catalog events; tag {@code type}: added, changed, removed (final entities written
   * by stitching), failed (runs that stored errors), conflict (entities another location owns).
   */
  public static final String EVENTS = "greenroom.catalog.events";
  /** Timer of one stitch batch: one catalog write of up to the stitch batch size. */
  public static final String STITCHING = "greenroom.catalog.stitching";
  /** Gauge of the final entities the catalog serves. */
  public static final String ENTITIES = "greenroom.catalog.entities";
  /** Gauge of the entities due for processing: the processing queue depth. */
  public static final String DUE = "greenroom.catalog.processing.due";
  /**
   * Gauge of how long, in seconds, the entity due longest has waited for processing (0 when none
   * is due): a growing value means the engine does not keep up.
   */
  public static final String OLDEST_DUE_AGE = "greenroom.catalog.processing.oldest.due.age";
  /** Gauge of the processed entities waiting to be stitched. */
  public static final String STITCH_QUEUED = "greenroom.catalog.stitch.queued";
  /** Gauge of the entities whose relations catch up after a backlog (deferred re-stitch). */
  public static final String RESTITCH_DEFERRED = "greenroom.catalog.restitch.deferred";

  /** How old a gauge's value may be before a scrape reads the stores again. */
  public static final Duration GAUGE_MAX_AGE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Timer ok;
  private final Timer error;
  private final Timer unchanged;
  private final Counter added;
  private final Counter changed;
  private final Counter removed;
  private final Counter failed;
  private final Counter conflict;
  private final Timer stitching;
  private final List<Meter> gauges = new ArrayList<>();

  /** Meters in {@code registry}. */
  public ProcessingMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ok = processing("ok");
    this.error = processing("error");
    this.unchanged = processing("unchanged");
    this.added = event("added");
    this.changed = event("changed");
    this.removed = event("removed");
    this.failed = event("failed");
    this.conflict = event("conflict");
    this.stitching = Timer.builder(STITCHING)
        .description("stitch batches: one catalog write each")
        .register(registry);
  }

  private Timer processing(String result) {
    return Timer.builder(PROCESSING)
        .description("processing runs over one entity, by result")
        .tag("result", result)
        .register(registry);
  }

  private Counter event(String type) {
    return Counter.builder(EVENTS)
        .description("catalog events, by type")
        .tag("type", type)
        .register(registry);
  }

  /** One run's time: {@code errors} when it stored errors, {@code changed} false when unchanged. */
  void processed(long nanos, boolean changed, boolean errors) {
    (!changed ? unchanged : errors ? error : ok).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The errors one run stored on an entity. */
  void errors(List<ProcessingError> errors) {
    failed.increment();
    for (ProcessingError e : errors) {
      Counter.builder(PROCESSING_ERRORS)
          .description("errors stored on entities by processing runs, by error name")
          .tag("error", e.name())
          .register(registry)
          .increment();
    }
  }

  /** A conflict: another location owns the entity. */
  void conflict() {
    conflict.increment();
  }

  /** What one catalog write changed. */
  void written(WriteResult result) {
    added.increment(result.added().size());
    changed.increment(result.changed().size());
    removed.increment(result.removed().size());
  }

  /** One stitch batch's time. */
  void stitched(long nanos) {
    stitching.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Registers the queue gauges over the stores; {@link #close()} removes them, so that an engine
   * built later on the same registry registers its own.
   */
  public synchronized void bindGauges(Catalog catalog, ProcessingStateStore state, Clock clock) {
    Queues q = new Queues(catalog, state, clock);
    gauge(ENTITIES, "final entities the catalog serves", q, x -> x.read().entities);
    gauge(DUE, "entities due for processing: the processing queue depth", q, x -> x.read().due);
    gauge(OLDEST_DUE_AGE, "seconds the entity due longest has waited for processing", q,
        x -> x.read().oldestDueAgeSeconds);
    gauge(STITCH_QUEUED, "processed entities waiting to be stitched", q,
        x -> x.read().stitchQueued);
    gauge(RESTITCH_DEFERRED, "entities whose relations catch up after a backlog", q,
        x -> x.read().deferred);
  }

  private void gauge(String name, String description, Queues q, ToDoubleFunction<Queues> f) {
    gauges.add(Gauge.builder(name, q, f).description(description).strongReference(true)
        .register(registry));
  }

  /** Removes the gauges from the registry (their stores may be closed). */
  public synchronized void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }

  /** The store counts, read together at most once per {@link #GAUGE_MAX_AGE}. */
  private static final class Queues {
    private final Catalog catalog;
    private final ProcessingStateStore state;
    private final Clock clock;
    private long readAt;
    private boolean read;
    private double entities = Double.NaN;
    private double due = Double.NaN;
    private double oldestDueAgeSeconds = Double.NaN;
    private double stitchQueued = Double.NaN;
    private double deferred = Double.NaN;

    Queues(Catalog catalog, ProcessingStateStore state, Clock clock) {
      this.catalog = catalog;
      this.state = state;
      this.clock = clock;
    }

    synchronized Queues read() {
      long now = System.nanoTime();
      if (read && now - readAt < GAUGE_MAX_AGE.toNanos()) {
        return this;
      }
      read = true;
      readAt = now;
      try {
        entities = catalog.store().size();
        Instant at = clock.instant();
        due = state.dueCount(at);
        oldestDueAgeSeconds = state.oldestDueAge(at).toMillis() / 1000.0;
        stitchQueued = state.stitchQueueSize();
        deferred = catalog.store().deferredCount();
      } catch (RuntimeException e) {
        // a closed or unreachable store: the last values stay until the next read
        LOG.debug("reading the catalog's queue gauges failed: {}", e.toString());
      }
      return this;
    }
  }
}
