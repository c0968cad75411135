package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.testsupport.PgSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes' worker pools on one PostgreSQL database (two stores, two brokers): every task
 * runs exactly once, each pool within its limit, and one pool takes over a task whose worker died
 * in the other.
 */
class PostgresWorkerPoolTest {
  private PgSchema schema;
  private JdbcTaskStore storeA;
  private JdbcTaskStore storeB;
  private final List<AutoCloseable> pools = new ArrayList<>();

  @BeforeEach
  void open() {
    schema = PgSchema.create("gr_task_test");
    storeA = JdbcTaskStore.postgres(schema.url());
    storeB = JdbcTaskStore.postgres(schema.url());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable p : pools) {
      p.close();
    }
    storeA.close();
    storeB.close();
    schema.close();
  }

  private TaskWorkerPool start(TaskBroker b, TaskHandler h, String worker, int limit) {
    TaskWorkerPool p =
        TaskWorkerPool.builder(b, h)
            .workerId(worker)
            .concurrency(limit)
            .heartbeatInterval(Duration.ofMillis(50))
            .staleAfter(Duration.ofMillis(500))
            .recoveryInterval(Duration.ofMillis(100))
            .pollInterval(Duration.ofMillis(20))
            .shutdownGrace(Duration.ofMillis(100))
            .build()
            .start();
    pools.add(p);
    return p;
  }

  @Test
  void twoProcessesShareTheQueueAndRunEveryTaskOnce() throws Exception {
    TaskBroker a = TaskBroker.builder(storeA).build();
    TaskBroker b = TaskBroker.builder(storeB).build();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, Integer> maxRunning = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> perWorker = new ConcurrentHashMap<>();
    TaskHandler h =
        ctx -> {
          String w = ctx.task().workerId();
          int n = running.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
          maxRunning.merge(w, n, Math::max);
          runs.computeIfAbsent(ctx.task().id(), k -> new AtomicInteger()).incrementAndGet();
          perWorker.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(15);
          running.get(w).decrementAndGet();
          return Json.object();
        };
    int tasks = 60;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      ids.add((i % 2 == 0 ? a : b).create(new NewTask(TaskStoreContract.spec("t" + i), Map.of(), null)).id());
    }
    start(a, h, "pg-a", 3);
    start(b, h, "pg-b", 3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (a.list(new TaskQuery(List.of(), List.of(TaskStatus.COMPLETED), List.of(), 0, 0)).totalTasks() < tasks) {
      assertThat(System.nanoTime()).as("all tasks completed in time").isLessThan(end);
      Thread.sleep(20);
    }
    for (String id : ids) {
      assertThat(runs.get(id).get()).as("runs of " + id).isEqualTo(1);
    }
    assertThat(maxRunning.values()).allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(3));
    assertThat(perWorker.keySet()).containsExactlyInAnyOrder("pg-a", "pg-b");
  }

  @Test
  void aTaskWhoseWorkerDiedInOneProcessIsRecoveredByTheOther() throws Exception {
    TaskBroker a = TaskBroker.builder(storeA).build();
    TaskBroker b = TaskBroker.builder(storeB).build();
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TaskWorkerPool poolA =
        start(a, ctx -> { stuck.countDown(); release.await(30, TimeUnit.SECONDS); return Json.object(); }, "dead", 1);
    var spec = TaskStoreContract.spec("x");
    spec.putObject("EXPERIMENTAL_recovery").put("EXPERIMENTAL_strategy", "startOver");
    TaskRecord t = a.create(new NewTask(spec, Map.of(), null));
    assertThat(stuck.await(20, TimeUnit.SECONDS)).isTrue();
    poolA.close();
    start(b, ctx -> Json.object().put("by", ctx.task().workerId()), "alive", 1);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (b.get(t.id()).orElseThrow().status() != TaskStatus.COMPLETED) {
      assertThat(System.nanoTime()).as("recovered in time").isLessThan(end);
      Thread.sleep(20);
    }
    release.countDown();
    List<TaskEvent> ev = b.events(t.id(), 0);
    assertThat(ev.get(0).type()).isEqualTo(TaskEventType.RECOVERED);
    assertThat(ev.get(ev.size() - 1).body().get("output").get("by").asString()).isEqualTo("alive");
  }
}
