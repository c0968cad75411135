package dev.greenroom.catalog.processing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScheduledEntityProviderTest {
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final java.util.concurrent.ExecutorService workers = Executors.newCachedThreadPool();
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
  private static final EntityProviderConnection CONNECTION = new EntityProviderConnection() {
    @Override
    public void applyMutation(EntityMutation mutation) {}

    @Override
    public void refresh(Collection<String> keys) {}
  };

  @AfterEach
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    workers.shutdownNow();
    assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

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
