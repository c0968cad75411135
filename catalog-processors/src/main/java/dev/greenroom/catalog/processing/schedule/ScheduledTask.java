package dev.greenroom.catalog.processing.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body run on a {@link TaskSchedule} with the host's threads: the host's scheduler keeps time
 * and its executor runs the body. Runs never overlap: a trigger while a run is going makes one
 * more run right after it. A run longer than the schedule's timeout is interrupted. A body that
 * throws is logged under the task's id and runs again at its next time.
 *
 * <pre>{@code
 * ScheduledTask task = ScheduledTask.builder("github-provider:acme", provider::refresh)
 *     .schedule(TaskSchedule.every(Duration.ofMinutes(30), Duration.ofMinutes(3)))
 *     .scheduler(hostScheduler)
 *     .executor(hostWorkers)
 *     .start();
 * task.trigger();   // run now, for example on a webhook
 * task.close();     // no further runs; a running one is interrupted
 * }</pre>
 *
 * Thread-safe.
 */
public final class ScheduledTask implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduledTask.class);

  /** The work of one run; it should answer interruption. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private final String id;
  private final Body body;
  private final TaskSchedule schedule;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Clock clock;

  private final Object lock = new Object();
  private boolean running;
  private boolean again;
  private boolean closed;
  private boolean started;
  private @Nullable ScheduledFuture<?> next;
  private @Nullable FutureTask<Void> current;
  private long runs;
  private ZonedDateTime lastStart = ZonedDateTime.now(ZoneOffset.UTC);

  private ScheduledTask(Builder b) {
    this.id = b.id;
    this.body = b.body;
    this.schedule = Objects.requireNonNull(b.schedule, "schedule");
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    this.executor = b.executor != null ? b.executor : b.scheduler;
    this.clock = b.clock;
  }

  /** A builder for a task named {@code id} (used in logs) that runs {@code body}. */
  public static Builder builder(String id, Body body) {
    return new Builder(id, body);
  }

  /**
   * The refresh of an entity provider, not started: a task named {@code <providerName>:refresh}
   * that runs {@code refresh} on {@code schedule}. The provider starts it when the engine connects
   * it ({@link #start()}) and closes it with itself.
   *
   * @param executor the host's executor that runs the refreshes, or null for the scheduler's
   *     threads
   */
  public static ScheduledTask providerRefresh(String providerName, Body refresh,
      TaskSchedule schedule, ScheduledExecutorService scheduler, @Nullable Executor executor) {
    Builder b = builder(providerName + ":refresh", refresh).schedule(schedule).scheduler(scheduler);
    if (executor != null) {
      b.executor(executor);
    }
    return b.build();
  }

  /** The task's id. */
  public String id() {
    return id;
  }

  /** How many runs have finished, well or not. */
  public long completedRuns() {
    synchronized (lock) {
      return runs;
    }
  }

  /** Runs the body now (or right after the run going now); the schedule is unchanged. */
  public void trigger() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (running) {
        again = true;
        return;
      }
      launch();
    }
  }

  /** Stops the schedule; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
      if (current != null) {
        current.cancel(true);
      }
    }
  }

  /**
   * Starts the schedule: the first run comes after the schedule's initial delay. Does nothing when
   * started before or closed, so an owner may call it on every (re)connect.
   *
   * @return this task
   */
  public ScheduledTask start() {
    synchronized (lock) {
      if (!started && !closed) {
        started = true;
        if (!schedule.isManual()) {
          scheduleAt(schedule.initialDelay());
        }
      }
    }
    return this;
  }

  /** Whether {@link #start()} was called (before or after a close). */
  public boolean isStarted() {
    synchronized (lock) {
      return started;
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void scheduleNext() {
    // a frequency counts from the start of the last run, as Backstage's scheduler does
    ZonedDateTime now = now();
    ZonedDateTime from = schedule.frequency() != null ? lastStart : now;
    schedule.nextRunAfter(from).ifPresent(at -> scheduleAt(Duration.between(now, at)));
  }

  private ZonedDateTime now() {
    return ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
  }

  // holds lock
  private void scheduleAt(Duration delay) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    next = scheduler.schedule(this::fromSchedule, Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  private void fromSchedule() {
    synchronized (lock) {
      next = null;
      if (closed) {
        return;
      }
      if (running) {
        again = true;
      } else {
        launch();
      }
    }
  }

  // holds lock
  private void launch() {
    running = true;
    lastStart = now();
    FutureTask<Void> task = new FutureTask<>(() -> {
      body.run();
      return null;
    }) {
      @Override
      protected void done() {
        finished(this);
      }
    };
    current = task;
    ScheduledFuture<?> timeout = scheduler.schedule(() -> {
      if (!task.isDone()) {
        log.warn("Task {} ran longer than its timeout of {} and was interrupted", id,
            schedule.timeout());
        task.cancel(true);
      }
    }, schedule.timeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          timeout.cancel(false);
        }
      });
    } catch (RejectedExecutionException e) {
      timeout.cancel(false);
      running = false;
      current = null;
      if (!closed) {
        log.warn("Task {} could not start: the executor refused it", id);
      }
    }
  }

  private void finished(FutureTask<Void> task) {
    try {
      task.get();
    } catch (CancellationException e) {
      // timed out or closed, logged where it was cancelled
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("Task {} failed: {}", id, cause.toString());
    }
    synchronized (lock) {
      runs++;
      running = false;
      current = null;
      if (closed) {
        return;
      }
      if (again) {
        again = false;
        launch();
        return;
      }
      if (next == null) {
        scheduleNext();
      }
    }
  }

  /** Builds a {@link ScheduledTask}. */
  public static final class Builder {
    private final String id;
    private final Body body;
    private @Nullable TaskSchedule schedule;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor executor;
    private Clock clock = Clock.systemUTC();

    private Builder(String id, Body body) {
      this.id = Objects.requireNonNull(id, "id");
      this.body = Objects.requireNonNull(body, "body");
    }

    /** When to run (required). */
    public Builder schedule(TaskSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** The host's scheduler, which keeps time (required); it also runs the body without {@link #executor}. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The host's executor that runs the body; with a one-thread scheduler, give one, or timeouts wait for the run. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The clock cron times are read from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The task, not started: {@link ScheduledTask#start()} starts it later (an entity provider's
     * schedule, when the engine connects it); {@link ScheduledTask#trigger()} runs it before.
     */
    public ScheduledTask build() {
      return new ScheduledTask(this);
    }

    /** Builds the task and starts the schedule: the first run comes after its initial delay. */
    public ScheduledTask start() {
      return build().start();
    }
  }
}
