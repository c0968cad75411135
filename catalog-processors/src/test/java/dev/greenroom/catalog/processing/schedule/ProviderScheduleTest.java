package dev.greenroom.catalog.processing.schedule;

import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ProviderScheduleTest {
  private static final TaskSchedule HOURLY = TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1));

  @AutoClose
  private final ScheduleFixtures.HostThreads threads = new ScheduleFixtures.HostThreads();
  private final AtomicInteger runs = new AtomicInteger();
  private final Set<String> runThreads = ConcurrentHashMap.newKeySet();

  private static final class Settings extends SchedulingBuilder<Settings> {
    @Override
    protected Settings self() {
      return this;
    }
  }

  private void run() {
    runThreads.add(Thread.currentThread().getName());
    runs.incrementAndGet();
  }

  private ProviderSchedule of(Settings settings, TaskSchedule first, TaskSchedule second) {
    return ProviderSchedule.of(settings, "p:1", this::run, first, second, "x.p.schedule",
        IllegalArgumentException::new);
  }

  @Test
  void withoutASchedulerThereIsNoneAndNothingRuns() throws Exception {
    ProviderSchedule s = of(new Settings(), null, null);
    assertThat(s).isSameAs(ProviderSchedule.none());
    assertThat(s.isScheduled()).isFalse();
    assertThat(s.schedule()).isNull();
    s.start();
    assertThat(s.trigger()).as("the caller runs the refresh itself").isFalse();
    s.close();
    assertThat(runs).hasValue(0);
  }

  @Test
  void startsOnceAfterItsInitialDelayOnTheHostsExecutorAndStopsOnClose() throws Exception {
    Settings settings = new Settings().scheduler(threads.scheduler).executor(command ->
        threads.workers.execute(() -> {
          Thread.currentThread().setName("host-worker");
          command.run();
        }));
    ProviderSchedule s = of(settings, HOURLY.withInitialDelay(Duration.ofMillis(300)), null);
    assertThat(s.schedule()).isEqualTo(HOURLY.withInitialDelay(Duration.ofMillis(300)));
    assertThat(s.trigger()).as("not started: nothing to trigger").isFalse();
    long t0 = System.nanoTime();
    s.start();
    s.start(); // connected again: one schedule
    await(() -> runs.get() == 1);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    Thread.sleep(300);
    assertThat(runs).as("one schedule, not two").hasValue(1);
    assertThat(s.trigger()).isTrue();
    await(() -> runs.get() == 2);
    assertThat(runThreads).containsOnly("host-worker");
    s.close();
    assertThat(s.trigger()).as("started, then closed: nothing runs, the caller need not").isTrue();
    s.start();
    Thread.sleep(200);
    assertThat(runs).hasValue(2);
  }

  @Test
  void closedBeforeStartNeverStarts() throws Exception {
    ProviderSchedule s = of(new Settings().scheduler(threads.scheduler), HOURLY, null);
    s.close();
    s.start();
    assertThat(s.trigger()).isFalse();
    Thread.sleep(200);
    assertThat(runs).hasValue(0);
  }

  @Test
  void theFirstScheduleWinsAndAScheduledProviderWithoutOneNamesTheKey() {
    TaskSchedule code = TaskSchedule.every(Duration.ofMinutes(5), Duration.ofMinutes(1));
    Settings settings = new Settings().scheduler(threads.scheduler);
    assertThat(of(settings, code, HOURLY).schedule()).isEqualTo(code);
    assertThat(of(settings, null, HOURLY).schedule()).isEqualTo(HOURLY);
    assertThatThrownBy(() -> of(settings, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p:1").hasMessageContaining("x.p.schedule is required");
  }
}
