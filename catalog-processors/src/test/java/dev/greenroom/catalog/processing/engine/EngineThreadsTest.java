package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.MemoryProcessingState;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Whose threads the engine runs on: the host's executor and scheduler when given (never shut down
 * by the engine), its own otherwise (shut down on close); and {@code awaitIdle} is not fooled by
 * a tick that starts while it reads the state.
 */
class EngineThreadsTest {

  /** Records the threads processors ran on. */
  static final class ThreadRecorder implements CatalogProcessor {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
      return "thread-recorder";
    }

    @Override
    public Entity postProcess(Entity entity, ProcessorContext context) {
      threads.add(Thread.currentThread());
      return entity;
    }
  }

  static final class Provider implements EntityProvider {
    final AtomicReference<EntityProviderConnection> connection = new AtomicReference<>();

    @Override
    public String name() {
      return "org-chart";
    }

    @Override
    public void connect(EntityProviderConnection c) {
      connection.set(c);
    }

    void add(String... names) {
      List<DeferredEntity> added = new ArrayList<>();
      for (String n : names) {
        added.add(EngineBehaviourTest.provided(n));
      }
      connection.get().applyMutation(EntityMutation.delta(added, List.of()));
    }
  }

  static CatalogEngine.Builder engine(Provider provider) {
    return CatalogEngine.builder()
        .rules(CatalogRules.allowKinds("Group", "Location"))
        .provider(provider)
        .processingInterval(Duration.ofHours(1))
        .pollInterval(Duration.ofHours(1)); // ticks only when something is due now
  }

  static boolean has(CatalogEngine e, String group) {
    return e.catalog().entity(EngineBehaviourTest.ref("group:default/" + group)).isPresent();
  }

  /**
   * The flake of GitlabProvidersOnDatabasesTest (an empty catalog right after {@code awaitIdle},
   * one PostgreSQL build in six): {@code awaitIdle} saw no tick running, then read the state while
   * a tick, woken by a provider's mutation, claimed the new entities; nothing was due and nothing
   * queued for stitching yet, so it answered idle. Here the mutation and the claim happen inside
   * {@code awaitIdle}'s first read of the state, deterministically.
   */
  @Test
  void awaitIdleIsNotFooledByATickThatClaimsWhileItReadsTheState() throws Exception {
    Provider provider = new Provider();
    Thread caller = Thread.currentThread();
    AtomicBoolean armed = new AtomicBoolean();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch stateRead = new CountDownLatch(1);
    ProcessingStateStore real = new MemoryProcessingState();
    ProcessingStateStore state = (ProcessingStateStore) Proxy.newProxyInstance(
        ProcessingStateStore.class.getClassLoader(), new Class<?>[] {ProcessingStateStore.class},
        (proxy, m, args) -> {
          boolean byCaller = Thread.currentThread() == caller;
          if (m.getName().equals("oldestDue") && byCaller && armed.getAndSet(false)) {
            provider.add("team-a"); // wakes a tick on the engine's scheduler
            assertThat(claimed.await(10, TimeUnit.SECONDS)).as("the tick claimed").isTrue();
          }
          if (m.getName().equals("complete")) {
            // the batch stays in flight until awaitIdle's read is over
            assertThat(stateRead.await(10, TimeUnit.SECONDS)).isTrue();
          }
          Object r;
          try {
            r = m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (m.getName().equals("claim") && !((List<?>) r).isEmpty()) {
            claimed.countDown();
          }
          if (m.getName().equals("stitchQueueSize") && byCaller && claimed.getCount() == 0) {
            stateRead.countDown();
          }
          return r;
        });
    try (CatalogEngine e = engine(provider).state(state).build()) {
      e.start();
      assertThat(e.awaitIdle(Duration.ofSeconds(10))).isTrue();
      armed.set(true);
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      assertThat(armed).as("the hook ran").isFalse();
      assertThat(has(e, "team-a")).as("team-a is stitched when awaitIdle says idle").isTrue();
    }
  }

  @Test
  void deletingAnEntityDoesNotWaitForTheTickUnderWay() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CatalogProcessor slow = new CatalogProcessor() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public Entity postProcess(Entity entity, ProcessorContext context) throws Exception {
        if (entity.ref().name().equals("team-b")) {
          entered.countDown();
          release.await(30, TimeUnit.SECONDS);
        }
        return entity;
      }
    };
    Provider provider = new Provider();
    try (CatalogEngine e = engine(provider).processor(slow).build()) {
      e.start();
      provider.add("team-a");
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      provider.add("team-b");
      assertThat(entered.await(20, TimeUnit.SECONDS)).as("a tick is processing team-b").isTrue();
      // on another thread, so that a delete that waited for the tick fails the test, not hangs it
      java.util.concurrent.CompletableFuture<Boolean> deleted = java.util.concurrent.CompletableFuture
          .supplyAsync(() -> e.deleteEntity(EngineBehaviourTest.ref("group:default/team-a")));
      assertThat(deleted.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(has(e, "team-a")).as("gone when deleteEntity returns").isFalse();
      release.countDown();
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      assertThat(has(e, "team-b")).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void theHostsExecutorAndSchedulerRunTheWorkAndAreNotShutDownOnClose() {
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "host-worker"));
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "host-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    Set<String> eventThreads = ConcurrentHashMap.newKeySet();
    ThreadRecorder recorder = new ThreadRecorder();
    Provider provider = new Provider();
    try {
      try (CatalogEngine e = engine(provider).executor(executor).scheduler(scheduler)
          .processor(recorder).listener(ev -> eventThreads.add(Thread.currentThread().getName()))
          .build()) {
        e.start();
        provider.add("team-a", "team-b");
        assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(has(e, "team-a") && has(e, "team-b")).isTrue();
      }
      assertThat(recorder.threads).extracting(Thread::getName).containsOnly("host-worker");
      // stitching (which publishes the events) runs on the scheduler
      assertThat(eventThreads).containsOnly("host-scheduler");
      assertThat(executor.isShutdown()).isFalse();
      assertThat(scheduler.isShutdown()).isFalse();
      assertThat(scheduler.getQueue()).as("the engine's poll schedule is cancelled").isEmpty();
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  @Test
  void oneSingleThreadForBothIsEnoughBecauseNoTaskWaitsForAnother() {
    ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1);
    Provider provider = new Provider();
    try (CatalogEngine e = engine(provider).executor(one).scheduler(one).build()) {
      e.start();
      provider.add("team-a", "team-b", "team-c");
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      assertThat(has(e, "team-a") && has(e, "team-b") && has(e, "team-c")).isTrue();
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void workTheHostsExecutorRefusesRunsOnTheTicksThread() {
    AtomicBoolean refused = new AtomicBoolean();
    Executor refusing = r -> {
      refused.set(true);
      throw new RejectedExecutionException("full");
    };
    ThreadRecorder recorder = new ThreadRecorder();
    Provider provider = new Provider();
    try (CatalogEngine e = engine(provider).executor(refusing).processor(recorder).build()) {
      e.start();
      provider.add("team-a");
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      assertThat(has(e, "team-a")).isTrue();
    }
    assertThat(refused).isTrue();
    assertThat(recorder.threads).extracting(Thread::getName)
        .containsOnly("greenroom-catalog-scheduler");
  }

  @Test
  void theEnginesOwnThreadsEndOnClose() throws Exception {
    ThreadRecorder recorder = new ThreadRecorder();
    Set<Thread> eventThreads = ConcurrentHashMap.newKeySet();
    Provider provider = new Provider();
    try (CatalogEngine e = engine(provider).processor(recorder)
        .listener(ev -> eventThreads.add(Thread.currentThread())).build()) {
      e.start();
      provider.add("team-a");
      assertThat(e.awaitIdle(Duration.ofSeconds(20))).isTrue();
      assertThat(has(e, "team-a")).isTrue();
    }
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    used.addAll(recorder.threads);
    used.addAll(eventThreads);
    assertThat(used).extracting(Thread::getName)
        .allMatch(n -> n.startsWith("greenroom-catalog-worker-")
            || n.equals("greenroom-catalog-scheduler"))
        .anyMatch(n -> n.equals("greenroom-catalog-scheduler"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (used.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(used).noneMatch(Thread::isAlive);
  }
}
