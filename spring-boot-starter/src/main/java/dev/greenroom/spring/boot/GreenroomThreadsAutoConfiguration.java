package dev.greenroom.spring.boot;

import dev.greenroom.spring.boot.internal.SpringScheduledExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Hands Greenroom the application's threads ({@link GreenroomThreads}), so that the catalog, the
 * scaffolder and the scorecards start no pool of their own. Spring owns the pools: it configures
 * them ({@code spring.task.execution.*}, {@code spring.task.scheduling.*}, virtual threads with
 * {@code spring.threads.virtual.enabled}) and shuts them down; Greenroom's components never do.
 *
 * <p>The executor is, in this order: the bean marked {@link GreenroomTaskExecutor}; Spring Boot's
 * {@code applicationTaskExecutor}; the bean named {@code taskExecutor} (Spring's name for {@code
 * @Async}'s executor, which an application that defines its own usually takes). The scheduler:
 * the bean marked {@link GreenroomTaskScheduler}; the one {@code TaskScheduler} bean, or the one
 * named {@code taskScheduler} among several (how {@code @Scheduled} finds it: Spring Boot defines
 * it under {@code @EnableScheduling}); likewise a {@code ScheduledExecutorService} bean. An
 * application without any gets {@code greenroomTaskScheduler}, built by Spring Boot's {@code
 * ThreadPoolTaskSchedulerBuilder} (or {@code SimpleAsyncTaskSchedulerBuilder} on virtual threads)
 * from the same {@code spring.task.scheduling.*} settings (four threads unless {@code
 * spring.task.scheduling.pool.size} says otherwise), and owned by the context as Spring Boot's own
 * would be. A shared scheduler of one thread is logged as a warning: the catalog's ticks and the
 * scaffolder's heartbeats would wait for each other.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
    "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration"},
    before = GreenroomCatalogAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "greenroom.catalog.enabled", matchIfMissing = true)
public class GreenroomThreadsAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(GreenroomThreadsAutoConfiguration.class);

  /** Spring Boot's executor. */
  static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";
  /** Spring's default name of {@code @Async}'s executor. */
  static final String TASK_EXECUTOR = "taskExecutor";
  /** Spring's default name of {@code @Scheduled}'s scheduler. */
  static final String TASK_SCHEDULER = "taskScheduler";

  /**
   * A scheduler for Greenroom when the application has none: a Spring pool like the one Spring
   * Boot defines under {@code @EnableScheduling}, from its builder and settings.
   */
  @Bean
  @ConditionalOnMissingBean({TaskScheduler.class, ScheduledExecutorService.class})
  public TaskScheduler greenroomTaskScheduler(
      ObjectProvider<ThreadPoolTaskSchedulerBuilder> poolBuilder,
      ObjectProvider<SimpleAsyncTaskSchedulerBuilder> simpleBuilder, Environment environment) {
    if (Threading.VIRTUAL.isActive(environment)) {
      return simpleBuilder.getIfAvailable(SimpleAsyncTaskSchedulerBuilder::new)
          .virtualThreads(true).build();
    }
    ThreadPoolTaskSchedulerBuilder b = poolBuilder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new);
    if (!environment.containsProperty(POOL_SIZE)) {
      // Spring Boot's default of one thread would let a long catalog tick delay the scaffolder's
      // heartbeats past their stale timeout; four, as serve's scheduler
      b = b.poolSize(DEFAULT_POOL_SIZE);
    }
    return b.build();
  }

  /** Spring Boot's setting of its scheduler's threads. */
  static final String POOL_SIZE = "spring.task.scheduling.pool.size";
  /** The threads of {@code greenroomTaskScheduler} when {@value #POOL_SIZE} is not set. */
  static final int DEFAULT_POOL_SIZE = 4;

  /** The application's executor and scheduler, found as the class comment says. */
  @Bean
  @ConditionalOnMissingBean
  public GreenroomThreads greenroomThreads(ListableBeanFactory beans,
      @GreenroomTaskExecutor ObjectProvider<Executor> markedExecutor,
      @GreenroomTaskScheduler ObjectProvider<TaskScheduler> markedScheduler,
      @GreenroomTaskScheduler ObjectProvider<ScheduledExecutorService> markedJdkScheduler) {
    StringBuilder d = new StringBuilder();
    Executor executor = markedExecutor.getIfUnique();
    if (executor != null) {
      d.append("executor @GreenroomTaskExecutor");
    } else {
      for (String name : new String[] {APPLICATION_TASK_EXECUTOR, TASK_EXECUTOR}) {
        if (beans.containsBean(name) && beans.isTypeMatch(name, Executor.class)) {
          executor = beans.getBean(name, Executor.class);
          d.append("executor ").append(name);
          break;
        }
      }
    }
    if (executor == null) {
      d.append("no executor (own threads)");
    }
    ScheduledExecutorService scheduler;
    TaskScheduler marked = markedScheduler.getIfUnique();
    ScheduledExecutorService markedJdk = markedJdkScheduler.getIfUnique();
    if (marked != null) {
      scheduler = new SpringScheduledExecutor(marked);
      d.append(", scheduler @GreenroomTaskScheduler");
    } else if (markedJdk != null) {
      scheduler = markedJdk;
      d.append(", scheduler @GreenroomTaskScheduler");
    } else {
      String name = single(beans, TaskScheduler.class);
      if (name != null) {
        scheduler = new SpringScheduledExecutor(beans.getBean(name, TaskScheduler.class));
      } else {
        name = single(beans, ScheduledExecutorService.class);
        scheduler = name == null ? null : beans.getBean(name, ScheduledExecutorService.class);
      }
      d.append(name == null ? ", no scheduler (own threads)" : ", scheduler " + name);
    }
    GreenroomThreads threads = new GreenroomThreads(executor, scheduler, d.toString());
    LOG.info("Greenroom runs on the application's threads: {}", threads);
    if (scheduler instanceof SpringScheduledExecutor s
        && s.taskScheduler() instanceof ThreadPoolTaskScheduler pool && threads(pool) == 1) {
      LOG.warn("Greenroom's scheduler has one thread: a long catalog tick delays the scaffolder's"
          + " task heartbeats, which workers take for a dead worker after their stale timeout (30 s by"
          + " default); set {} to 2 or more, or mark a scheduler of Greenroom's own with @GreenroomTaskScheduler",
          POOL_SIZE);
    }
    return threads;
  }

  private static int threads(ThreadPoolTaskScheduler pool) {
    try {
      return pool.getScheduledThreadPoolExecutor().getCorePoolSize();
    } catch (IllegalStateException notInitialized) {
      return 0;
    }
  }

  /** The one bean of {@code type}, or the one named taskScheduler among several; else null. */
  private static @Nullable String single(ListableBeanFactory beans, Class<?> type) {
    String[] names = beans.getBeanNamesForType(type, true, false);
    if (names.length == 1) {
      return names[0];
    }
    for (String n : names) {
      if (n.equals(TASK_SCHEDULER)) {
        return n;
      }
    }
    return null;
  }
}
