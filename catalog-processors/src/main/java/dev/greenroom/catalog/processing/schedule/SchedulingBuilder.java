package dev.greenroom.catalog.processing.schedule;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the builder of every scheduled entity provider takes from the host: its scheduler, its
 * executor and a schedule given in code (Backstage's {@code schedule} option). A module's builder
 * extends it and adds its own settings; {@link ScheduledProviders#assembly} and {@link
 * ScheduledOrgEntityProvider} read it back.
 *
 * <pre>{@code
 * public static final class Builder extends SchedulingBuilder<Builder> {
 *   ...                                   // the module's own settings
 *   @Override
 *   protected Builder self() {
 *     return this;
 *   }
 * }
 * }</pre>
 *
 * <p>Without a scheduler nothing is scheduled: the host runs the providers itself. With one, every
 * provider needs a schedule, from its config or from {@link #schedule}; which of the two wins is
 * the provider's rule, and the error of a provider with neither names the config key to set.
 *
 * @param <B> the module's builder
 */
public abstract class SchedulingBuilder<B extends SchedulingBuilder<B>> {
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable Executor executor;
  private @Nullable TaskSchedule schedule;

  /** For a module's builder. */
  protected SchedulingBuilder() {}

  /** The module's builder itself, returned by the setters. */
  protected abstract B self();

  /** The host's scheduler: with it, each provider runs on its schedule once the engine connects it. */
  public B scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return self();
  }

  /** The host's executor for the runs; the scheduler's threads otherwise. */
  public B executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * A schedule given in code (Backstage's {@code schedule} option). A facade of several providers
   * gives it to those whose config has none; a single provider's builder lets it override the
   * config's. Each module's builder says which.
   */
  public B schedule(TaskSchedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    return self();
  }

  /** The host's scheduler, or null when the host runs the providers itself. */
  public final @Nullable ScheduledExecutorService hostScheduler() {
    return scheduler;
  }

  /** The host's executor, or null for the scheduler's threads. */
  public final @Nullable Executor hostExecutor() {
    return executor;
  }

  /** The schedule given in code, or null. */
  public final @Nullable TaskSchedule codeSchedule() {
    return schedule;
  }

  /**
   * The schedule of one provider: {@code first} or else {@code second}; null when no scheduler
   * is set (nothing is scheduled then, so none is needed).
   *
   * @param providerName the provider's name, for the error
   * @param key the config key of the provider's schedule, for the error
   * @param error makes the module's exception from a message
   * @throws RuntimeException made by {@code error}, naming the provider and {@code key}, when a
   *     scheduler is set and both schedules are null
   */
  protected final @Nullable TaskSchedule pick(String providerName, String key,
      @Nullable TaskSchedule first, @Nullable TaskSchedule second,
      Function<String, ? extends RuntimeException> error) {
    if (scheduler == null) {
      return null;
    }
    if (first != null) {
      return first;
    }
    if (second != null) {
      return second;
    }
    throw error.apply("No schedule provided neither via code nor config for " + providerName
        + ": " + key + " is required (frequency and timeout)");
  }
}
