package dev.greenroom.catalog.processing.schedule;

import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.CONNECTION;
import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ScheduledEntityProviderTest {
  @AutoClose
  private final ScheduleFixtures.HostThreads threads = new ScheduleFixtures.HostThreads();
  private final ScheduledExecutorService scheduler = threads.scheduler;
  private final ExecutorService workers = threads.workers;
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger runs = new AtomicInteger();
  private final EntityProvider provider = new EntityProvider() {
    @Override
    public String name() {
      return "test-provider";
    }

    @Override
    public void connect(EntityProviderConnection connection) {
      connects.incrementAndGet();
    }

    @Override
    public String toString() {
      return "TestProvider";
    }
  };
  @Test
  void connectingConnectsTheProviderThenStartsTheSchedule() throws Exception {
    ScheduledEntityProvider p = ScheduledEntityProvider.of(provider, runs::incrementAndGet,
        TaskSchedule.every(Duration.ofMinutes(10), Duration.ofMinutes(1)), scheduler, null);
    assertThat(p.name()).isEqualTo("test-provider");
    assertThat(p.provider()).isSameAs(provider);
    assertThat(p.trigger()).as("not connected: no schedule yet").isFalse();
    Thread.sleep(200);
    assertThat(runs).as("built, not started: nothing runs before the engine connects it").hasValue(0);
    p.connect(CONNECTION);
    assertThat(connects).hasValue(1);
    await(() -> runs.get() == 1); // the first run at once (no initial delay)
    assertThat(p.trigger()).isTrue();
    await(() -> runs.get() == 2);
    p.close();
    assertThat(p.trigger()).isFalse();
  }

  @Test
  void connectingAgainKeepsOneScheduleAndAfterCloseStartsNone() throws Exception {
    ScheduledEntityProvider p = ScheduledEntityProvider.of(provider, runs::incrementAndGet,
        TaskSchedule.every(Duration.ofMinutes(10), Duration.ofMinutes(1))
            .withInitialDelay(Duration.ofMillis(300)),
        scheduler, workers);
    p.connect(CONNECTION);
    p.connect(CONNECTION);
    assertThat(connects).hasValue(2);
    await(() -> runs.get() == 1);
    Thread.sleep(500);
    assertThat(runs).as("one schedule, not two").hasValue(1);
    p.close();
    p.connect(CONNECTION);
    assertThat(connects).hasValue(3);
    assertThat(p.trigger()).as("closed: the connect started no schedule").isFalse();
    assertThat(p.toString()).startsWith("TestProvider on ");
  }
}
