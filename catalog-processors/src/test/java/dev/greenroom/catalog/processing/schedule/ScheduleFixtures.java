package dev.greenroom.catalog.processing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the schedule tests share: the host's threads, a connection that drops all, a wait. */
final class ScheduleFixtures {
  /** A connection that applies nothing. */
  static final EntityProviderConnection CONNECTION = new EntityProviderConnection() {
    @Override
    public void applyMutation(EntityMutation mutation) {}

    @Override
    public void refresh(Collection<String> keys) {}
  };

  private ScheduleFixtures() {}

  /** The host's scheduler (two threads) and workers, shut down and awaited by {@link #close()}. */
  static final class HostThreads implements AutoCloseable {
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final ExecutorService workers = Executors.newCachedThreadPool();

    @Override
    public void close() throws InterruptedException {
      workers.shutdownNow();
      scheduler.shutdownNow();
      assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Waits up to ten seconds for {@code condition}, failing the test after. */
  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
