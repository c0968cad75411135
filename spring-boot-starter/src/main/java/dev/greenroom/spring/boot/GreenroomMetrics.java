package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.MetricsSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Greenroom's own figures in the application's Micrometer registries, so they show at {@code
 * /actuator/prometheus} beside the JVM's:
 *
 * <ul>
 *   <li>{@code greenroom.http.requests} (a function timer per route: count and total time;
 *       Prometheus {@code greenroom_http_requests_seconds_count/_sum}) and {@code
 *       greenroom.http.errors} (answers with status 400 or more) from the {@link HttpApi}'s route
 *       counters ({@link HttpApi#routeMetrics()}), tagged {@code route} with the route template,
 *       never the raw path;
 *   <li>gauges of the catalog: {@code greenroom.catalog.entities}, {@code
 *       greenroom.catalog.processing.due} (the processing queue depth), {@code
 *       greenroom.catalog.stitch.queued}, {@code greenroom.catalog.restitch.deferred}.
 * </ul>
 *
 * Processing rates and errors are {@link CatalogEventMeters}' counters.
 *
 * A route's meters are registered the first time the route answers a request: after the request
 * (through the servlet's hook, at most once a second) and whenever the gauges are read.
 */
public final class GreenroomMetrics implements MeterBinder {
  private static final long SYNC_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final @Nullable HttpApi api;
  private final @Nullable CatalogEngine engine;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastSync = new AtomicLong(System.nanoTime() - SYNC_EVERY_NANOS);
  private volatile Map<String, MetricsSnapshot.RouteMetrics> routes = Map.of();
  private volatile long routesAt = System.nanoTime() - SYNC_EVERY_NANOS - 1;

  /** Figures of {@code api} and {@code engine}, each optional. */
  public GreenroomMetrics(@Nullable HttpApi api, @Nullable CatalogEngine engine) {
    this.api = api;
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    CatalogEngine e = engine;
    if (e != null) {
      gauge(registry, "greenroom.catalog.entities", "entities the catalog serves",
          x -> x.catalog().store().size());
      gauge(registry, "greenroom.catalog.processing.due",
          "entities waiting to be processed (the processing queue depth)",
          x -> x.state().dueCount(Instant.now()));
      gauge(registry, "greenroom.catalog.stitch.queued",
          "processed entities waiting to be stitched", x -> x.state().stitchQueueSize());
      gauge(registry, "greenroom.catalog.restitch.deferred",
          "entities whose relations catch up after a backlog",
          x -> x.catalog().store().deferredCount());
    }
    registerRoutes(registry, refresh());
  }

  private void gauge(MeterRegistry registry, String name, String description,
      ToDoubleFunction<CatalogEngine> value) {
    Gauge.builder(name, engine, x -> {
          sync(); // new routes get their meters when the registry is read
          return value.applyAsDouble(x);
        })
        .description(description)
        .register(registry);
  }

  /** After a request: registers meters of routes seen for the first time, at most once a second. */
  public void afterRequest() {
    long now = System.nanoTime();
    long last = lastSync.get();
    if (now - last >= SYNC_EVERY_NANOS && lastSync.compareAndSet(last, now)) {
      sync();
    }
  }

  /** Registers meters of routes seen for the first time in every bound registry. */
  public void sync() {
    Map<String, MetricsSnapshot.RouteMetrics> m = refresh();
    for (MeterRegistry r : registries) {
      registerRoutes(r, m);
    }
  }

  private Map<String, MetricsSnapshot.RouteMetrics> refresh() {
    HttpApi a = api;
    Map<String, MetricsSnapshot.RouteMetrics> m = a == null ? Map.of() : Map.copyOf(a.routeMetrics());
    routes = m;
    routesAt = System.nanoTime();
    return m;
  }

  private void registerRoutes(MeterRegistry registry, Map<String, MetricsSnapshot.RouteMetrics> m) {
    for (String route : m.keySet()) {
      String id = System.identityHashCode(registry) + " " + route;
      if (!registered.add(id)) {
        continue;
      }
      FunctionTimer.builder("greenroom.http.requests", this,
              x -> x.route(route).requests(),
              x -> x.route(route).totalMillis(), TimeUnit.MILLISECONDS)
          .description("requests answered by Greenroom's REST API, by route")
          .tag("route", route)
          .register(registry);
      FunctionCounter.builder("greenroom.http.errors", this, x -> x.route(route).errors())
          .description("answers with status 400 or more, by route")
          .tag("route", route)
          .register(registry);
    }
  }

  /**
   * The route's counters, from a copy of the API's counters at most a second old: a registry
   * reads three values of every route in one scrape, which share one copy.
   */
  private MetricsSnapshot.RouteMetrics route(String route) {
    long now = System.nanoTime();
    if (now - routesAt > SYNC_EVERY_NANOS) {
      refresh();
    }
    MetricsSnapshot.RouteMetrics m = routes.get(route);
    return m != null ? m : new MetricsSnapshot.RouteMetrics(0, 0, 0, 0, List.of());
  }
}
