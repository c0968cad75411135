package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Greenroom runs on the application's threads (issue 16): the engine's processors on Spring
 * Boot's {@code applicationTaskExecutor} (or the {@code @GreenroomTaskExecutor} bean), its ticks
 * on the application's scheduler, and no part of Greenroom starts a {@code greenroom-*} thread;
 * closing Greenroom leaves Spring's pools running.
 */
class ApplicationThreadsTest {

  static ApplicationContextRunner withSpringTasks() {
    return GreenroomAutoConfigurationTest.h2()
        .withConfiguration(AutoConfigurations.of(
            TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
        .withUserConfiguration(Recorders.class)
        .withPropertyValues(
            "spring.task.execution.thread-name-prefix=app-exec-",
            "spring.task.scheduling.thread-name-prefix=app-sched-",
            "greenroom.catalog.locations[0].type=file",
            "greenroom.catalog.locations[0].target="
                + GreenroomAutoConfigurationTest.CATALOG.resolve("all.yaml"));
  }

  /** Where the engine ran the test's processor and delivered catalog events. */
  @Configuration(proxyBeanMethods = false)
  static class Recorders {
    final Set<String> processorThreads = ConcurrentHashMap.newKeySet();
    final Set<String> listenerThreads = ConcurrentHashMap.newKeySet();

    @Bean
    CatalogProcessor threadRecordingProcessor() {
      return new CatalogProcessor() {
        @Override
        public String name() {
          return "ThreadRecorder";
        }

        @Override
        public Entity preProcess(Entity entity, ProcessorContext context) {
          processorThreads.add(Thread.currentThread().getName());
          return entity;
        }
      };
    }

    @Bean
    CatalogListener threadRecordingListener() {
      return event -> listenerThreads.add(Thread.currentThread().getName());
    }
  }

  static Set<Thread> greenroomThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("greenroom-"))
        .collect(Collectors.toSet());
  }

  @Test
  void theEngineProcessesOnTheApplicationTaskExecutorAndTicksOnASpringScheduler() {
    Set<Thread> before = greenroomThreads();
    withSpringTasks().run(ctx -> {
      assertThat(ctx).hasNotFailed();
      Recorders rec = ctx.getBean(Recorders.class);
      CatalogEngine engine = ctx.getBean(CatalogEngine.class);
      assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(rec.processorThreads).isNotEmpty().allMatch(n -> n.startsWith("app-exec-"));
      assertThat(rec.listenerThreads).isNotEmpty()
          .allMatch(n -> n.startsWith("app-exec-") || n.startsWith("app-sched-"));
      // no @EnableScheduling: Greenroom's scheduler is a Spring pool from Spring Boot's builder
      assertThat(ctx).hasBean("greenroomTaskScheduler");
      assertThat(ctx.getBean("greenroomTaskScheduler")).isInstanceOf(ThreadPoolTaskScheduler.class);
      // four threads, not Spring Boot's one: a long tick must not hold back task heartbeats
      assertThat(ctx.getBean("greenroomTaskScheduler", ThreadPoolTaskScheduler.class)
          .getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(4);
      assertThat(ctx.getBean(GreenroomThreads.class).toString())
          .isEqualTo("executor applicationTaskExecutor, scheduler greenroomTaskScheduler");
      Set<Thread> made = greenroomThreads();
      made.removeAll(before);
      assertThat(made).as("threads Greenroom started itself").isEmpty();
    });
  }

  @Test
  void greenroomsSchedulerTakesSpringBootsPoolSizeWhenSet() {
    withSpringTasks().withPropertyValues("spring.task.scheduling.pool.size=2").run(ctx ->
        assertThat(ctx.getBean("greenroomTaskScheduler", ThreadPoolTaskScheduler.class)
            .getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(2));
  }

  @Test
  void anApplicationWithEnableSchedulingSharesItsTaskScheduler() {
    withSpringTasks().withUserConfiguration(Scheduling.class).run(ctx -> {
      assertThat(ctx).hasNotFailed().doesNotHaveBean("greenroomTaskScheduler");
      assertThat(ctx.getBean(GreenroomThreads.class).toString())
          .isEqualTo("executor applicationTaskExecutor, scheduler taskScheduler");
      assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(ctx.getBean(Recorders.class).listenerThreads)
          .allMatch(n -> n.startsWith("app-exec-") || n.startsWith("app-sched-"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class Scheduling {
  }

  /**
   * The application's own pools for Greenroom, marked with the qualifiers: the examples of
   * {@link GreenroomTaskExecutor} and {@link GreenroomTaskScheduler}, line for line.
   */
  @Configuration(proxyBeanMethods = false)
  static class OwnPools {
    @Bean
    @GreenroomTaskExecutor
    ThreadPoolTaskExecutor catalogExecutor(ThreadPoolTaskExecutorBuilder builder) {
      return builder.threadNamePrefix("catalog-").corePoolSize(4).build();
    }

    @Bean
    @GreenroomTaskScheduler
    ThreadPoolTaskScheduler catalogScheduler(ThreadPoolTaskSchedulerBuilder builder) {
      return builder.threadNamePrefix("catalog-ticks-").poolSize(2).build();
    }
  }

  @Test
  void theApplicationsMarkedBeansWinAndOutliveGreenroom() {
    Set<Thread> before = greenroomThreads();
    withSpringTasks().withUserConfiguration(OwnPools.class).run(ctx -> {
      assertThat(ctx).hasNotFailed().doesNotHaveBean("greenroomTaskScheduler");
      assertThat(ctx.getBeansOfType(TaskScheduler.class)).containsOnlyKeys("catalogScheduler");
      assertThat(ctx.getBean(GreenroomThreads.class).toString())
          .isEqualTo("executor @GreenroomTaskExecutor, scheduler @GreenroomTaskScheduler");
      Recorders rec = ctx.getBean(Recorders.class);
      assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(rec.processorThreads).isNotEmpty()
          .allMatch(n -> n.startsWith("catalog-") && !n.startsWith("catalog-ticks-"));
      assertThat(rec.listenerThreads).isNotEmpty().allMatch(n -> n.startsWith("catalog-"));
      Set<Thread> made = greenroomThreads();
      made.removeAll(before);
      assertThat(made).as("threads Greenroom started itself").isEmpty();

      // Greenroom stops (as when the context closes); Spring's pools are still the application's
      ctx.getBean(ScorecardsLifecycle.class).stop();
      ctx.getBean(ScaffolderLifecycle.class).stop();
      ctx.getBean(CatalogEngineLifecycle.class).stop();
      ThreadPoolTaskExecutor executor = ctx.getBean(ThreadPoolTaskExecutor.class);
      ThreadPoolTaskScheduler scheduler = ctx.getBean(ThreadPoolTaskScheduler.class);
      assertThat(executor.getThreadPoolExecutor().isShutdown()).isFalse();
      assertThat(scheduler.getScheduledExecutor().isShutdown()).isFalse();
      assertThat(executor.submit(() -> Thread.currentThread().getName()).get())
          .startsWith("catalog-");
      // and the views Greenroom got refuse to shut them down
      GreenroomThreads threads = ctx.getBean(GreenroomThreads.class);
      assertThatThrownBy(() -> threads.scheduler().shutdownNow())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> threads.executorService().shutdown())
          .isInstanceOf(IllegalStateException.class);
    });
  }

  @Test
  void anExplicitThreadCountGivesProcessingAPoolOfTheEnginesOwn() {
    withSpringTasks().withPropertyValues("greenroom.catalog.threads=1").run(ctx -> {
      assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(ctx.getBean(Recorders.class).processorThreads)
          .containsExactly("greenroom-catalog-worker-1");
    });
  }
}
