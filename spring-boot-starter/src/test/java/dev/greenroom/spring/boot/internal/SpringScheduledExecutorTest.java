package dev.greenroom.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The JDK view of a Spring scheduler: where work runs, and that it cannot shut Spring's pool. */
class SpringScheduledExecutorTest {
  private final ThreadPoolTaskScheduler spring = new ThreadPoolTaskScheduler();
  private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

  @BeforeEach
  void start() {
    spring.setThreadNamePrefix("sched-");
    spring.initialize();
    executor.setThreadNamePrefix("exec-");
    executor.initialize();
  }

  @AfterEach
  void stop() {
    spring.shutdown();
    executor.shutdown();
  }

  @Test
  void runsCallablesPeriodicAndImmediateWorkOnTheSpringScheduler() throws Exception {
    SpringScheduledExecutor s = new SpringScheduledExecutor(spring);
    ScheduledFuture<String> later =
        s.schedule(() -> Thread.currentThread().getName(), 20, TimeUnit.MILLISECONDS);
    assertThat(later.get(10, TimeUnit.SECONDS)).startsWith("sched-");
    assertThat(later.isDone()).isTrue();

    CompletableFuture<String> now = new CompletableFuture<>();
    s.execute(() -> now.complete(Thread.currentThread().getName()));
    assertThat(now.get(10, TimeUnit.SECONDS)).startsWith("sched-");

    CountDownLatch three = new CountDownLatch(3);
    ScheduledFuture<?> periodic = s.scheduleWithFixedDelay(three::countDown, 0, 5,
        TimeUnit.MILLISECONDS);
    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    periodic.cancel(false);
  }

  @Test
  void aHandOffRunsOneShotsOnTheExecutorWhenDue() throws Exception {
    SpringScheduledExecutor s = new SpringScheduledExecutor(spring, executor);
    ScheduledFuture<String> later =
        s.schedule(() -> Thread.currentThread().getName(), 10, TimeUnit.MILLISECONDS);
    assertThat(later.get(10, TimeUnit.SECONDS)).startsWith("exec-");
  }

  @Test
  void cannotShutDownThePoolSpringOwns() {
    SpringScheduledExecutor s = new SpringScheduledExecutor(spring);
    assertThatThrownBy(s::shutdown).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::shutdownNow).isInstanceOf(IllegalStateException.class);
    assertThat(s.isShutdown()).isFalse();
    assertThat(spring.getScheduledExecutor().isShutdown()).isFalse();
    spring.shutdown();
    assertThat(s.isShutdown()).isTrue();
  }
}
