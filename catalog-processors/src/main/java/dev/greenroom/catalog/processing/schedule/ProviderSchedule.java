package dev.greenroom.catalog.processing.schedule;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The refresh schedule a provider keeps itself, for providers handed to the engine and the event
 * broker as themselves (GitHub's, GitLab's, the org providers): their own events trigger the
 * refresh, so a {@link ScheduledEntityProvider} wrapping them would not be what they trigger.
 * Without the host's scheduler there is none ({@link #isScheduled()} false) and the host runs the
 * provider itself.
 *
 * <pre>{@code
 * // in the provider's constructor; settings is the module's SchedulingBuilder
 * this.schedule = ProviderSchedule.of(settings, name, this::refresh, config.schedule(),
 *     settings.codeSchedule(), "catalog.providers.x." + id + ".schedule", XException::new);
 * // connect(connection): keep it, then schedule.start()
 * // an event:            if (!schedule.trigger()) refresh();
 * // close():             schedule.close()
 * }</pre>
 *
 * <p>{@link #start()} starts a {@link ScheduledTask} named {@code <provider name>:refresh} (its
 * first run after the schedule's initial delay) once: connected again, the schedule goes on; once
 * closed, none starts. Thread-safe.
 */
public final class ProviderSchedule implements AutoCloseable {
  private static final ProviderSchedule NONE = new ProviderSchedule(null, null);

  private final @Nullable TaskSchedule schedule;
  private final @Nullable ScheduledTask task;

  private ProviderSchedule(@Nullable TaskSchedule schedule, @Nullable ScheduledTask task) {
    this.schedule = schedule;
    this.task = task;
  }

  /**
   * The schedule of the provider named {@code providerName}: none without the settings' scheduler,
   * else {@code refresh} on {@code first}, or {@code second} when {@code first} is null, with the
   * settings' scheduler and executor. Which of the config's and the code's schedule comes first is
   * the module's rule.
   *
   * @param key the config key of the provider's schedule, named by the error when there is none
   * @param error makes the module's exception from a message
   * @throws RuntimeException made by {@code error} when a scheduler is set and both schedules are
   *     null
   */
  public static ProviderSchedule of(SchedulingBuilder<?> settings, String providerName,
      ScheduledTask.Body refresh, @Nullable TaskSchedule first, @Nullable TaskSchedule second,
      String key, Function<String, ? extends RuntimeException> error) {
    Objects.requireNonNull(providerName, "providerName");
    Objects.requireNonNull(refresh, "refresh");
    TaskSchedule schedule = settings.pick(providerName, key, first, second, error);
    var scheduler = settings.hostScheduler();
    if (schedule == null || scheduler == null) {
      return NONE;
    }
    return new ProviderSchedule(schedule, ScheduledTask.providerRefresh(providerName, refresh,
        schedule, scheduler, settings.hostExecutor()));
  }

  /** No schedule: the host runs the provider. */
  public static ProviderSchedule none() {
    return NONE;
  }

  /** Whether the refresh runs on a schedule of the host's scheduler. */
  public boolean isScheduled() {
    return task != null;
  }

  /** The schedule the refresh runs on, or null when none. */
  public @Nullable TaskSchedule schedule() {
    return schedule;
  }

  /** Starts the schedule, when there is one, unless started before or closed; call on connect. */
  public void start() {
    if (task != null) {
      task.start();
    }
  }

  /**
   * Runs the refresh now on the schedule's threads (or right after the run going now); once closed,
   * nothing runs.
   *
   * @return false when there is no schedule or it has not started (the provider is not connected
   *     yet): the caller may run the refresh itself
   */
  public boolean trigger() {
    ScheduledTask t = task;
    if (t == null || !t.isStarted()) {
      return false;
    }
    t.trigger();
    return true;
  }

  /** Stops the schedule; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    if (task != null) {
      task.close();
    }
  }

  @Override
  public String toString() {
    return schedule == null ? "unscheduled" : schedule.toString();
  }
}
