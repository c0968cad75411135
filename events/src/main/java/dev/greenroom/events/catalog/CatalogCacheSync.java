package dev.greenroom.events.catalog;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the entity caches of hosts that share one database in step. Each host's catalog serves
 * hot reads from its own cache, which only its own writes invalidate; an entity another host's
 * engine stitched stays stale here until told. This is both halves: a {@link CatalogListener} on
 * the host's engine collects the refs it adds, changes and removes, and publishes them on the
 * topic {@value #TOPIC} every flush interval (default 200 ms; more than 1,000 refs at once say
 * "everything"); as an {@link EventSubscriber} it invalidates the refs other hosts published in
 * its {@link Catalog}'s cache ({@link Catalog#invalidateCache}). Its own events are skipped.
 *
 * <pre>{@code
 * CatalogCacheSync sync = new CatalogCacheSync(broker, scheduler);
 * CatalogEngine engine = CatalogEngine.builder()...listener(sync).build();
 * sync.attach(engine.catalog());
 * }</pre>
 */
public final class CatalogCacheSync implements CatalogListener, EventSubscriber, AutoCloseable {
  /** The topic invalidations travel on. */
  public static final String TOPIC = "greenroom.catalog.entities-changed";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogCacheSync.class);
  private static final int MAX_REFS = 1_000;

  private final EventBroker broker;
  private final String origin = UUID.randomUUID().toString();
  private final Set<EntityRef> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean overflow = new AtomicBoolean();
  private final ScheduledFuture<?> flushing;
  private volatile @Nullable Catalog catalog;
  private EventBroker.@Nullable Subscription subscription;

  /** A sync publishing on {@code broker} every 200 ms, on the host's {@code scheduler}. */
  public CatalogCacheSync(EventBroker broker, ScheduledExecutorService scheduler) {
    this(broker, scheduler, Duration.ofMillis(200));
  }

  /** A sync publishing on {@code broker} every {@code flushInterval}, on {@code scheduler}. */
  public CatalogCacheSync(
      EventBroker broker, ScheduledExecutorService scheduler, Duration flushInterval) {
    this.broker = Objects.requireNonNull(broker, "broker");
    long ms = Math.max(1, flushInterval.toMillis());
    this.flushing = scheduler.scheduleWithFixedDelay(this::flush, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Starts invalidating {@code catalog}'s cache with what other hosts publish. */
  public synchronized void attach(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (subscription == null) {
      subscription = broker.subscribe(this);
    }
  }

  @Override
  public void onEvent(CatalogEvent event) {
    if (event instanceof CatalogEvent.EntityAdded || event instanceof CatalogEvent.EntityChanged
        || event instanceof CatalogEvent.EntityRemoved) {
      if (pending.size() >= MAX_REFS) {
        overflow.set(true);
      } else {
        pending.add(event.ref());
      }
    }
  }

  /** Publishes what changed since the last flush; called on the schedule. */
  void flush() {
    try {
      boolean all = overflow.getAndSet(false);
      List<EntityRef> refs = new ArrayList<>();
      for (EntityRef r : pending) {
        pending.remove(r);
        refs.add(r);
      }
      if (!all && refs.isEmpty()) {
        return;
      }
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.put("origin", origin);
      if (all) {
        payload.put("all", true);
      } else {
        ArrayNode a = payload.putArray("refs");
        refs.forEach(r -> a.add(r.toString()));
      }
      broker.publish(new EventParams(TOPIC, payload, Map.of()));
    } catch (RuntimeException e) {
      LOG.warn("Publishing catalog cache invalidations failed: {}", e.toString());
    }
  }

  @Override
  public String id() {
    return "CatalogCacheSync";
  }

  @Override
  public Set<String> topics() {
    return Set.of(TOPIC);
  }

  @Override
  public void onEvent(EventParams event) {
    Catalog c = catalog;
    JsonNode p = event.payload();
    if (c == null || origin.equals(p.path("origin").asString(""))) {
      return;
    }
    if (p.path("all").asBoolean(false)) {
      c.invalidateCache();
      return;
    }
    List<EntityRef> refs = new ArrayList<>();
    for (JsonNode r : p.path("refs")) {
      try {
        refs.add(EntityRef.parse(r.asString()));
      } catch (RuntimeException e) {
        LOG.debug("An invalid ref in a cache invalidation: {}", e.toString());
      }
      if (refs.size() > MAX_REFS) {
        c.invalidateCache();
        return;
      }
    }
    c.invalidateCache(refs);
  }

  /** Publishes what is pending, stops the schedule and unsubscribes. */
  @Override
  public synchronized void close() {
    flushing.cancel(false);
    flush();
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }
}
