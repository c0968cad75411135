package dev.greenroom.spring.boot.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The JDK's {@link ScheduledExecutorService}, which Greenroom's builders take, over a Spring
 * {@link TaskScheduler} bean ({@code ThreadPoolTaskScheduler}, or {@code SimpleAsyncTaskScheduler}
 * on virtual threads). Spring keeps the scheduler's lifecycle: {@link #shutdown()} and {@link
 * #shutdownNow()} refuse, as Spring's own {@code ExecutorServiceAdapter} does, so no Greenroom
 * component can stop a pool the application shares.
 *
 * <p>Spring's scheduler does not end a periodic task that throws (it logs and runs it again),
 * where the JDK's cancels it; Greenroom's periodic tasks catch their own failures, so both agree.
 *
 * <p>With a {@code handOff} executor, one-shot {@code schedule(..)} calls only wait on the
 * scheduler: when due, the work runs on the executor (on the scheduler's thread when the executor
 * refuses it). That keeps long work (a scorecard retriever over the whole catalog) from holding a
 * scheduler thread that catalog ticks and task heartbeats share.
 */
public final class SpringScheduledExecutor extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final TaskScheduler scheduler;
  private final @Nullable Executor handOff;

  /** An adapter that runs everything on {@code scheduler}. */
  public SpringScheduledExecutor(TaskScheduler scheduler) {
    this(scheduler, null);
  }

  /**
   * An adapter whose one-shot schedules run their work on {@code handOff} when due, or on the
   * scheduler when it is null.
   */
  public SpringScheduledExecutor(TaskScheduler scheduler, @Nullable Executor handOff) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.handOff = handOff;
  }

  /** The Spring scheduler this adapter runs on. */
  public TaskScheduler taskScheduler() {
    return scheduler;
  }

  private Instant after(long delay, TimeUnit unit) {
    return scheduler.getClock().instant().plusNanos(Math.max(0, unit.toNanos(delay)));
  }

  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command);
    if (scheduler instanceof Executor e) { // ThreadPoolTaskScheduler, SimpleAsyncTaskScheduler
      e.execute(command);
    } else {
      scheduler.schedule(command, scheduler.getClock().instant());
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Objects.requireNonNull(command);
    Executor h = handOff;
    Runnable r = h == null ? command : () -> {
      try {
        h.execute(command);
      } catch (RejectedExecutionException e) {
        command.run();
      }
    };
    return scheduler.schedule(r, after(delay, unit));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    FutureTask<V> task = new FutureTask<>(callable);
    ScheduledFuture<?> timer = schedule(task, delay, unit);
    return new CallableFuture<>(task, timer);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
      TimeUnit unit) {
    return scheduler.scheduleAtFixedRate(Objects.requireNonNull(command),
        after(initialDelay, unit), Duration.ofNanos(unit.toNanos(period)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
      TimeUnit unit) {
    return scheduler.scheduleWithFixedDelay(Objects.requireNonNull(command),
        after(initialDelay, unit), Duration.ofNanos(unit.toNanos(delay)));
  }

  /** Refused: the application context shuts the scheduler down. */
  @Override
  public void shutdown() {
    throw new IllegalStateException("the scheduler is a Spring bean: the application context"
        + " shuts it down");
  }

  /** Refused: the application context shuts the scheduler down. */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return scheduler instanceof ThreadPoolTaskScheduler t && isShutdown(t);
  }

  private static boolean isShutdown(ThreadPoolTaskScheduler t) {
    try {
      return t.getScheduledExecutor().isShutdown();
    } catch (IllegalStateException notInitialized) {
      return false;
    }
  }

  @Override
  public boolean isTerminated() {
    if (scheduler instanceof ThreadPoolTaskScheduler t && isShutdown(t)) {
      return t.getScheduledExecutor().isTerminated();
    }
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    if (scheduler instanceof ThreadPoolTaskScheduler t && isShutdown(t)) {
      return t.getScheduledExecutor().awaitTermination(timeout, unit);
    }
    return false;
  }

  @Override
  public String toString() {
    return "SpringScheduledExecutor[" + scheduler + "]";
  }

  /** A callable's result with its timer's delay; cancelling cancels both. */
  private record CallableFuture<V>(FutureTask<V> task, ScheduledFuture<?> timer)
      implements ScheduledFuture<V> {
    @Override
    public long getDelay(TimeUnit unit) {
      return timer.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed o) {
      return timer.compareTo(o);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      timer.cancel(mayInterruptIfRunning);
      return task.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return task.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return task.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return task.get(timeout, unit);
    }
  }
}
