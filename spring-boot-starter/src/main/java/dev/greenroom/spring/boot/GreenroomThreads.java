package dev.greenroom.spring.boot;

import dev.greenroom.spring.boot.internal.SpringScheduledExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.support.ExecutorServiceAdapter;

/**
 * The application's threads, as Greenroom's builders take them: the executor that runs catalog
 * processors, scaffolder tasks and health checks, and the scheduler for catalog ticks and
 * stitching, scaffolder heartbeats and claims, scorecard schedules and the catalog's start
 * retries. {@link GreenroomThreadsAutoConfiguration} finds them among the application's beans;
 * hosts wiring their own {@code EntityProvider} beans (GitHub discovery, LDAP org data...) pass
 * {@link #scheduler()} to them, so that providers run on the same threads.
 *
 * <p>Spring owns both: the views returned here refuse {@code shutdown()}, and no Greenroom
 * component shuts down what it was given. Either may be null when the application has none (a
 * context without Spring Boot's task auto-configurations); Greenroom's components then make
 * their own daemon threads, named {@code greenroom-*}, and stop them when they close.
 */
public final class GreenroomThreads {
  private final @Nullable Executor executor;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable ScheduledExecutorService handOffScheduler;
  private final String description;

  /**
   * Threads from Spring beans.
   *
   * @param executor the executor for work, or null for none
   * @param scheduler the scheduler, as a JDK {@link ScheduledExecutorService} (a {@link
   *     SpringScheduledExecutor} over a Spring {@code TaskScheduler}, or the application's own),
   *     or null for none
   * @param description which beans these are, for the start log
   */
  public GreenroomThreads(@Nullable Executor executor,
      @Nullable ScheduledExecutorService scheduler, String description) {
    this.executor = executor;
    this.scheduler = scheduler;
    this.handOffScheduler = scheduler instanceof SpringScheduledExecutor s && executor != null
        ? new SpringScheduledExecutor(s.taskScheduler(), executor) : scheduler;
    this.description = description;
  }

  /** The executor for Greenroom's work, or null when the application has none. */
  public @Nullable Executor executor() {
    return executor;
  }

  /**
   * {@link #executor()} as the {@link ExecutorService} some builders take (the scaffolder's task
   * workers), through Spring's {@link ExecutorServiceAdapter}, whose {@code shutdown()} refuses;
   * null when there is no executor.
   */
  public @Nullable ExecutorService executorService() {
    Executor e = executor;
    return e == null ? null : new ExecutorServiceAdapter(e::execute);
  }

  /** The scheduler for Greenroom's periodic and delayed work, or null when there is none. */
  public @Nullable ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * The scheduler for long one-shot jobs (scorecard retrievers and evaluations): each waits on
   * {@link #scheduler()} and runs on {@link #executor()} when due, so that it does not hold a
   * scheduler thread that catalog ticks and task heartbeats share. {@link #scheduler()} itself
   * when there is no executor, or when the scheduler is the application's own JDK one.
   */
  public @Nullable ScheduledExecutorService longJobScheduler() {
    return handOffScheduler;
  }

  @Override
  public String toString() {
    return description;
  }
}
