package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.TaskQuery;
import dev.greenroom.scaffolder.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of Greenroom ({@code greenroom} under {@code /actuator/health}): UP with the
 * processing queue depth ({@code processingDue}), how long the entity due longest has waited
 * ({@code oldestDueSeconds}, 0 when none is due), the stitch queue ({@code stitchQueued}), the
 * entity count and, with a scaffolder, its task workers (running and open tasks); DOWN with the
 * reason when the database cannot be read, or when the catalog has not started because its
 * database could not be opened ({@link CatalogEngineLifecycle#startFailure()}, with the number of
 * failed attempts; the database is not asked again here, the lifecycle retries on its own).
 *
 * <p>The figures are read on a thread of their own and waited for at most {@code
 * greenroom.health.timeout}: a database that does not answer (a pool waiting for a connection, a
 * network that drops packets) makes the indicator DOWN in that time rather than hang the health
 * endpoint. While one check is still waiting for the database, later ones wait on the same check
 * instead of starting more threads.
 */
public final class GreenroomHealthIndicator implements HealthIndicator {
  private final CatalogEngine engine;
  private final @Nullable CatalogEngineLifecycle lifecycle;
  private final @Nullable Scaffolder scaffolder;
  private final @Nullable Integer concurrency;
  private final Duration timeout;
  private final AtomicReference<@Nullable CompletableFuture<Map<String, Object>>> inFlight =
      new AtomicReference<>();

  /**
   * An indicator of {@code engine} and, if not null, {@code scaffolder}'s workers.
   *
   * @param concurrency the scaffolder's worker limit, shown beside the running tasks
   */
  public GreenroomHealthIndicator(CatalogEngine engine, @Nullable Scaffolder scaffolder,
      @Nullable Integer concurrency, Duration timeout) {
    this(engine, null, scaffolder, concurrency, timeout);
  }

  /**
   * An indicator of {@code engine}, DOWN while {@code lifecycle} (if not null) has not started the
   * catalog, and of {@code scaffolder}'s workers (if not null).
   *
   * @param concurrency the scaffolder's worker limit, shown beside the running tasks
   */
  public GreenroomHealthIndicator(CatalogEngine engine, @Nullable CatalogEngineLifecycle lifecycle,
      @Nullable Scaffolder scaffolder, @Nullable Integer concurrency, Duration timeout) {
    this.engine = Objects.requireNonNull(engine);
    this.lifecycle = lifecycle;
    this.scaffolder = scaffolder;
    this.concurrency = concurrency;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("greenroom.health.timeout must be positive");
    }
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    CatalogEngineLifecycle l = lifecycle;
    if (l != null && !l.isCatalogStarted()) {
      String failure = l.startFailure();
      return Health.down()
          .withDetail("reason", failure == null ? "the catalog has not started yet"
              : "the catalog has not started: " + failure)
          .withDetail("failedAttempts", l.failedAttempts())
          .build();
    }
    CompletableFuture<Map<String, Object>> check = inFlight.get();
    if (check == null || check.isDone()) {
      CompletableFuture<Map<String, Object>> fresh = new CompletableFuture<>();
      if (inFlight.compareAndSet(check, fresh)) {
        Thread t = new Thread(() -> {
          try {
            fresh.complete(figures());
          } catch (Throwable e) {
            fresh.completeExceptionally(e);
          }
        }, "greenroom-health");
        t.setDaemon(true);
        t.start();
      }
      check = Objects.requireNonNull(inFlight.get());
    }
    try {
      return Health.up().withDetails(check.get(timeout.toMillis(), TimeUnit.MILLISECONDS)).build();
    } catch (TimeoutException e) {
      return Health.down()
          .withDetail("reason", "the database did not answer within " + timeout.toMillis() + " ms")
          .build();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Health.down().withDetail("reason", "the database cannot be read: " + reason(cause))
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.unknown().withDetail("reason", "interrupted").build();
    }
  }

  /** The innermost message, which names what failed (database, table, connection). */
  private static String reason(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    // the first line only: drivers append SQL and stack details after it
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private Map<String, Object> figures() {
    Map<String, Object> d = new LinkedHashMap<>();
    Instant now = Instant.now();
    d.put("processingDue", engine.state().dueCount(now));
    d.put("oldestDueSeconds", engine.state().oldestDueAge(now).toSeconds());
    d.put("stitchQueued", engine.state().stitchQueueSize());
    d.put("entities", engine.catalog().store().size());
    Scaffolder s = scaffolder;
    if (s != null && s.hasTasks()) {
      Map<String, Object> tasks = new LinkedHashMap<>();
      tasks.put("running", s.runningTasks().size());
      if (concurrency != null) {
        tasks.put("workers", concurrency);
      }
      tasks.put("open", s.tasks().list(
          new TaskQuery(List.of(), List.of(TaskStatus.OPEN), List.of(), 1, 0)).totalTasks());
      d.put("tasks", tasks);
    }
    return d;
  }
}
