package dev.greenroom.catalog.github;

import dev.greenroom.catalog.github.internal.Backoff;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.ScheduledTask;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.events.EventSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What both GitHub providers share: the connection, the schedule ({@link ScheduledTask} on the
 * host's threads, started when the engine connects), and a refresh that applies a full mutation
 * only when the whole read succeeded; a failed read keeps the last good entities and backs off.
 */
abstract sealed class ScheduledProvider implements EntityProvider, EventSubscriber, AutoCloseable
    permits GithubEntityProvider, GithubOrgEntityProvider {
  private final TaskSchedule schedule;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable Executor executor;
  final Backoff backoff;
  private volatile @Nullable EntityProviderConnection connection;
  private volatile @Nullable ScheduledTask task;
  private volatile @Nullable String lastError;

  ScheduledProvider(TaskSchedule schedule, @Nullable ScheduledExecutorService scheduler,
      @Nullable Executor executor, Backoff backoff) {
    this.schedule = schedule;
    this.scheduler = scheduler;
    this.executor = executor;
    this.backoff = backoff;
  }

  abstract Logger log();

  /** Reads the whole source. */
  abstract List<DeferredEntity> read();

  @Override
  public String id() {
    return name();
  }

  /**
   * Keeps the connection and, when the host gave a scheduler, starts the schedule (the first run
   * after the schedule's initial delay).
   */
  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
    ScheduledTask previous = task;
    if (previous != null) {
      previous.close(); // connected again: one schedule only
    }
    if (scheduler != null) {
      ScheduledTask.Builder b = ScheduledTask.builder(name() + ":refresh", this::scheduledRun)
          .schedule(schedule).scheduler(scheduler);
      if (executor != null) {
        b.executor(executor);
      }
      task = b.start();
    }
  }

  final EntityProviderConnection connection() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to a catalog engine yet");
    }
    return c;
  }

  /**
   * Reads the source now and replaces this provider's entities with what it found.
   *
   * @return false when the provider is backing off after a failure and asked nothing
   * @throws GithubProviderException when GitHub could not be read; nothing changed, and the
   *     provider backs off
   * @throws IllegalStateException before the engine has connected the provider
   */
  public boolean refresh() {
    EntityProviderConnection c = connection();
    if (!backoff.allowed()) {
      log().info("{} waits until {} before asking GitHub again", name(), backoff.until());
      return false;
    }
    List<DeferredEntity> entities;
    try {
      entities = read();
    } catch (GithubProviderException e) {
      Duration wait = backoff.failed(e.retryAfter());
      lastError = e.getMessage();
      log().warn("{} refresh failed, its last entities stay; next attempt in {} s: {}", name(),
          wait.toSeconds(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // an answer this code did not expect (an entity GitHub data cannot make): same rule
      Duration wait = backoff.failed(java.util.Optional.empty());
      lastError = e.toString();
      log().warn("{} refresh failed, its last entities stay; next attempt in {} s", name(),
          wait.toSeconds(), e);
      throw e;
    }
    c.applyMutation(EntityMutation.full(entities));
    backoff.succeeded();
    lastError = null;
    log().info("{} applied {} entities", name(), entities.size());
    return true;
  }

  /** Until when the provider waits after failures; {@link Instant#MIN} when it does not. */
  public Instant backingOffUntil() {
    return backoff.until();
  }

  /** The message of the last failed refresh, or null after a good one. */
  public @Nullable String lastError() {
    return lastError;
  }

  /** Runs a refresh on the schedule's threads now (or at once without a schedule). */
  public void trigger() {
    ScheduledTask t = task;
    if (t != null) {
      t.trigger();
    } else {
      scheduledRun();
    }
  }

  private void scheduledRun() {
    try {
      refresh();
    } catch (GithubProviderException e) {
      // logged by refresh
    }
  }

  /** Stops the schedule. */
  @Override
  public void close() {
    ScheduledTask t = task;
    if (t != null) {
      t.close();
    }
  }
}
