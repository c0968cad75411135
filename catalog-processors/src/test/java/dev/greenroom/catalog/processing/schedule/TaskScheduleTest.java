package dev.greenroom.catalog.processing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TaskScheduleTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static JsonNode json(String s) {
    return JSON.readTree(s);
  }

  @Test
  void readsBackstageDurationsAndCron() {
    TaskSchedule s = TaskSchedule.fromConfig("catalog.providers.github.schedule", json(
        "{\"frequency\":{\"minutes\":30},\"timeout\":\"PT3M\",\"initialDelay\":{\"seconds\":15}}"));
    assertThat(s.frequency()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(s.initialDelay()).isEqualTo(Duration.ofSeconds(15));

    TaskSchedule cron = TaskSchedule.fromConfig("s",
        json("{\"frequency\":{\"cron\":\"*/5 * * * *\"},\"timeout\":60000}"));
    assertThat(cron.cron()).isEqualTo("*/5 * * * *");
    assertThat(cron.timeout()).isEqualTo(Duration.ofMinutes(1));
    ZonedDateTime at = ZonedDateTime.of(2026, 12, 7, 10, 2, 0, 0, ZoneOffset.UTC);
    assertThat(cron.nextRunAfter(at)).contains(at.withMinute(5));

    TaskSchedule manual = TaskSchedule.fromConfig("s",
        json("{\"frequency\":{\"trigger\":\"manual\"},\"timeout\":{\"minutes\":1}}"));
    assertThat(manual.isManual()).isTrue();
    assertThat(manual.nextRunAfter(at)).isEmpty();
  }

  @Test
  void badScheduleNamesTheField() {
    assertThatThrownBy(() -> TaskSchedule.fromConfig("catalog.providers.github.schedule",
        json("{\"frequency\":{\"minuts\":30},\"timeout\":\"PT3M\"}")))
        .hasMessageContaining("catalog.providers.github.schedule.frequency.minuts");
    assertThatThrownBy(() -> TaskSchedule.fromConfig("p.schedule",
        json("{\"frequency\":{\"minutes\":30}}")))
        .hasMessageContaining("p.schedule.timeout is required");
    assertThatThrownBy(() -> TaskSchedule.fromConfig("p.schedule",
        json("{\"frequency\":\"soon\",\"timeout\":\"PT1M\"}")))
        .hasMessageContaining("p.schedule.frequency 'soon' is not a duration");
    assertThatThrownBy(() -> TaskSchedule.fromConfig("p.schedule",
        json("{\"frequency\":{\"cron\":\"* *\"},\"timeout\":\"PT1M\"}")))
        .hasMessageContaining("p.schedule.frequency.cron");
    assertThatThrownBy(() -> TaskSchedule.fromConfig("p.schedule",
        json("{\"frequency\":\"PT0S\",\"timeout\":\"PT1M\"}")))
        .hasMessageContaining("p.schedule.frequency must be a positive duration");
  }

  @Test
  void runsRepeatedlyWithoutOverlap() throws Exception {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    ScheduledTask task = ScheduledTask.builder("t", () -> {
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      Thread.sleep(30);
      active.decrementAndGet();
      three.countDown();
    }).schedule(TaskSchedule.every(Duration.ofMillis(10), Duration.ofSeconds(5)))
        .scheduler(scheduler).executor(Executors.newCachedThreadPool()).start();
    task.trigger();
    task.trigger();
    assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
    task.close();
    assertThat(maxActive.get()).isEqualTo(1);
  }

  @Test
  void aRunPastItsTimeoutIsInterruptedAndTheNextRunStillComes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    ScheduledTask task = ScheduledTask.builder("slow", () -> {
      if (calls.incrementAndGet() == 1) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw e;
        }
      } else {
        second.countDown();
      }
    }).schedule(TaskSchedule.every(Duration.ofMillis(50), Duration.ofMillis(100)))
        .scheduler(scheduler).executor(Executors.newCachedThreadPool()).start();
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    task.close();
  }

  @Test
  void manualRunsOnlyWhenTriggeredAndAFailureDoesNotStopIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ScheduledTask task = ScheduledTask.builder("manual", () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("host down");
    }).schedule(TaskSchedule.manual(Duration.ofSeconds(1))).scheduler(scheduler).start();
    Thread.sleep(100);
    assertThat(calls.get()).isZero();
    task.trigger();
    waitFor(() -> task.completedRuns() == 1);
    task.trigger();
    waitFor(() -> task.completedRuns() == 2);
    assertThat(calls.get()).isEqualTo(2);
    task.close();
    task.trigger();
    Thread.sleep(100);
    assertThat(calls.get()).isEqualTo(2);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met in 5 s");
      }
      Thread.sleep(10);
    }
  }
}
