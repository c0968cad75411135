package dev.greenroom.catalog.processing.schedule;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EntityProvider} whose refresh runs on a {@link TaskSchedule} with the host's threads.
 * Connecting it connects the provider it wraps, then starts a {@link ScheduledTask} named {@code
 * <provider name>:refresh} (its first run after the schedule's initial delay). Connected again, it
 * keeps the one schedule; once closed, a connect starts none.
 *
 * <pre>{@code
 * ScheduledEntityProvider scheduled = ScheduledEntityProvider.of(
 *     provider, provider::refresh, TaskSchedule.every(Duration.ofMinutes(30), Duration.ofMinutes(3)),
 *     hostScheduler, hostWorkers);   // hostWorkers may be null: the scheduler's threads run it
 * engineBuilder.provider(scheduled);
 * scheduled.trigger();               // run now, for example on a webhook
 * scheduled.close();                 // before the engine: no more runs
 * }</pre>
 *
 * Thread-safe.
 */
public final class ScheduledEntityProvider implements EntityProvider, AutoCloseable {
  private final EntityProvider provider;
  private final TaskSchedule schedule;
  private final ScheduledTask task;

  private ScheduledEntityProvider(EntityProvider provider, ScheduledTask.Body refresh,
      TaskSchedule schedule, ScheduledExecutorService scheduler, @Nullable Executor executor) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.task = ScheduledTask.providerRefresh(provider.name(), refresh, schedule, scheduler,
        executor);
  }

  /**
   * {@code provider}, refreshed by {@code refresh} on {@code schedule} once connected.
   *
   * @param scheduler the host's scheduler, which keeps time
   * @param executor the host's executor that runs the refreshes, or null for the scheduler's
   *     threads
   */
  public static ScheduledEntityProvider of(EntityProvider provider, ScheduledTask.Body refresh,
      TaskSchedule schedule, ScheduledExecutorService scheduler, @Nullable Executor executor) {
    return new ScheduledEntityProvider(provider, refresh, schedule, scheduler, executor);
  }

  /** The wrapped provider's name: the source key of its entities. */
  @Override
  public String name() {
    return provider.name();
  }

  /** The wrapped provider. */
  public EntityProvider provider() {
    return provider;
  }

  /** When the refresh runs. */
  public TaskSchedule schedule() {
    return schedule;
  }

  /** Connects the wrapped provider, then starts the schedule unless started before or closed. */
  @Override
  public void connect(EntityProviderConnection connection) throws Exception {
    provider.connect(connection);
    task.start();
  }

  /**
   * Runs the refresh now on the schedule's threads (or right after the run going now); the schedule
   * stays.
   *
   * @return false when the schedule has not started (not connected yet) or is closed
   */
  public boolean trigger() {
    if (!task.isStarted() || task.isClosed()) {
      return false;
    }
    task.trigger();
    return true;
  }

  /** Stops the schedule; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    task.close();
  }

  @Override
  public String toString() {
    return provider + " on " + schedule;
  }
}
