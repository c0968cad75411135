package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Worker pools on an H2 task store: limits, cancel, recovery of dead workers, retry. */
class TaskWorkerPoolTest {
  private JdbcTaskStore store;
  private TaskBroker broker;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void open() {
    store = JdbcTaskStore.h2InMemory("pool-" + UUID.randomUUID());
    broker = TaskBroker.builder(store).pollInterval(Duration.ofMillis(50)).build();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    store.close();
  }

  private TaskWorkerPool.Builder pool(TaskBroker b, TaskHandler handler) {
    return TaskWorkerPool.builder(b, handler)
        .heartbeatInterval(Duration.ofMillis(50))
        .staleAfter(Duration.ofMillis(400))
        .recoveryInterval(Duration.ofMillis(100))
        .pollInterval(Duration.ofMillis(100))
        .shutdownGrace(Duration.ofMillis(200));
  }

  private TaskWorkerPool started(TaskWorkerPool p) {
    closeables.add(p);
    return p.start();
  }

  static ObjectNode stepsSpec(String... stepIds) {
    ObjectNode spec = Json.object();
    spec.put("apiVersion", "scaffolder.backstage.io/v1beta3");
    var steps = spec.putArray("steps");
    for (String id : stepIds) {
      steps.addObject().put("id", id).put("name", "Step " + id).put("action", "test:" + id);
    }
    return spec;
  }

  static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  TaskStatus status(String id) {
    return broker.get(id).orElseThrow().status();
  }

  List<TaskEvent> events(String id) {
    return broker.events(id, 0);
  }

  static String allText(List<TaskEvent> events) {
    StringBuilder b = new StringBuilder();
    events.forEach(e -> b.append(Json.write(e.toJson())).append('\n'));
    return b.toString();
  }

  /**
   * Runs the spec's steps in order the way the template runner does: a step completed in an
   * earlier run is skipped, others log "Beginning step", run, save their output and log "Finished
   * step".
   */
  static final class StepsHandler implements TaskHandler {
    interface Step {
      JsonNode run(TaskContext ctx) throws Exception;
    }

    final Map<String, Step> steps = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    StepsHandler step(String id, Step s) {
      steps.put(id, s);
      return this;
    }

    int runs(String id) {
      AtomicInteger n = runs.get(id);
      return n == null ? 0 : n.get();
    }

    @Override
    public JsonNode run(TaskContext ctx) throws Exception {
      ObjectNode out = Json.object();
      for (JsonNode s : ctx.task().spec().get("steps")) {
        String id = s.get("id").asString();
        JsonNode prior = ctx.task().step(id);
        if (prior != null) {
          ctx.log("Skipping step " + id + ": completed in a previous run", id, "completed");
          out.set(id, prior.get("output"));
          continue;
        }
        ctx.signal().throwIfCancelled();
        ctx.log("Beginning step " + id, id, "processing");
        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        JsonNode o;
        try {
          o = steps.get(id).run(ctx);
        } catch (Exception e) {
          ctx.log(e.getMessage(), id, "failed");
          throw e;
        }
        ObjectNode state = Json.object();
        state.put("status", "completed");
        state.set("output", o);
        ctx.saveStep(id, state);
        ctx.log("Finished step " + id, id, "completed");
        out.set(id, o);
      }
      return out;
    }
  }

  static JsonNode ok(String v) {
    ObjectNode o = Json.object();
    o.put("v", v);
    return o;
  }

  @Test
  void runsTasksToCompletionWithOutputInTheCompletionEvent() throws Exception {
    StepsHandler h = new StepsHandler().step("a", ctx -> ok("A")).step("b", ctx -> ok("B"));
    started(pool(broker, h).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec("a", "b"), Map.of(), "user:default/jane"));
    await(() -> status(t.id()) == TaskStatus.COMPLETED, "completed");

    List<TaskEvent> ev = events(t.id());
    assertThat(ev).extracting(e -> e.body().path("message").asString())
        .containsExactly(
            "Beginning step a", "Finished step a", "Beginning step b", "Finished step b",
            "Run completed with status: completed");
    TaskEvent done = ev.get(ev.size() - 1);
    assertThat(done.type()).isEqualTo(TaskEventType.COMPLETION);
    assertThat(done.body().get("output").get("b").get("v").asString()).isEqualTo("B");
    assertThat(ev.get(0).body().get("stepId").asString()).isEqualTo("a");
    assertThat(ev.get(0).body().get("status").asString()).isEqualTo("processing");
  }

  @Test
  void neverRunsMoreTasksThanTheConcurrencyLimit() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler h =
        ctx -> {
          int n = now.incrementAndGet();
          max.accumulateAndGet(n, Math::max);
          try {
            release.await(20, TimeUnit.SECONDS);
          } finally {
            now.decrementAndGet();
          }
          return Json.object();
        };
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(broker.create(new NewTask(stepsSpec(), Map.of(), null)).id());
    }
    TaskWorkerPool p = started(pool(broker, h).concurrency(2).build());
    await(() -> now.get() == 2, "two running");
    Thread.sleep(300); // several claim polls later, still two
    assertThat(p.runningTasks()).hasSize(2);
    assertThat(broker.list(new TaskQuery(List.of(), List.of(TaskStatus.PROCESSING), List.of(), 0, 0)).totalTasks())
        .isEqualTo(2);
    release.countDown();
    await(() -> ids.stream().allMatch(id -> status(id) == TaskStatus.COMPLETED), "all completed");
    assertThat(max.get()).isEqualTo(2);
  }

  @Test
  void concurrencyZeroRunsNothing() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    started(pool(broker, ctx -> {
      calls.incrementAndGet();
      return Json.object();
    }).concurrency(0).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec(), Map.of(), null));
    Thread.sleep(300); // three poll intervals
    assertThat(calls.get()).isZero();
    assertThat(status(t.id())).isEqualTo(TaskStatus.OPEN);
    // the task was runnable all along: a pool with a worker takes it
    started(pool(broker, ctx -> Json.object()).concurrency(1).build());
    await(() -> status(t.id()) == TaskStatus.COMPLETED, "completed by the second pool");
    assertThat(calls.get()).isZero();
  }

  @Test
  void cancelReachesTheRunningActionAndEndsTheTask() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch sawCancel = new CountDownLatch(1);
    StepsHandler h =
        new StepsHandler()
            .step(
                "wait",
                ctx -> {
                  ctx.signal().onCancel(sawCancel::countDown);
                  running.countDown();
                  while (!ctx.signal().isCancelled()) {
                    Thread.sleep(5); // a long action polling its signal, as debug:wait does
                  }
                  ctx.signal().throwIfCancelled();
                  return ok("never");
                })
            .step("after", ctx -> ok("never"));
    started(pool(broker, h).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec("wait", "after"), Map.of(), null));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

    assertThat(broker.cancel(t.id())).isEqualTo(TaskBroker.Outcome.DONE);
    assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
    await(() -> broker.store().get(t.id()).orElseThrow().workerId() == null, "released");
    Thread.sleep(100);
    assertThat(status(t.id())).isEqualTo(TaskStatus.CANCELLED);
    assertThat(h.runs("after")).isZero();
    List<TaskEvent> ev = events(t.id());
    TaskEvent cancelled =
        ev.stream().filter(e -> e.type() == TaskEventType.CANCELLED).findFirst().orElseThrow();
    assertThat(cancelled.body().get("message").asString()).isEqualTo("Step wait has been cancelled.");
    assertThat(cancelled.body().get("stepId").asString()).isEqualTo("wait");
    assertThat(ev).filteredOn(e -> e.type() == TaskEventType.COMPLETION).hasSize(1);
    assertThat(broker.cancel(t.id())).isEqualTo(TaskBroker.Outcome.DONE);
    assertThat(broker.cancel("no-such-task")).isEqualTo(TaskBroker.Outcome.NOT_FOUND);
  }

  @Test
  void cancelFromAnotherProcessReachesTheActionThroughTheHeartbeat() throws Exception {
    // two brokers on one database: the pool's process and an API-only process
    TaskBroker api = TaskBroker.builder(store).build();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch sawCancel = new CountDownLatch(1);
    TaskHandler h =
        ctx -> {
          ctx.signal().onCancel(sawCancel::countDown);
          running.countDown();
          while (!ctx.signal().isCancelled()) {
            Thread.sleep(5);
          }
          throw new TaskCancelledException("stopped");
        };
    started(pool(broker, h).build());
    TaskRecord t = api.create(new NewTask(stepsSpec(), Map.of(), null));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(api.cancel(t.id())).isEqualTo(TaskBroker.Outcome.DONE);
    assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(status(t.id())).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void secretsAreMaskedInEventsAndErrorsAndRemovedWhenTheTaskEnds() throws Exception {
    String secret = "hunter2-token-XYZ";
    StepsHandler h =
        new StepsHandler()
            .step(
                "leak",
                ctx -> {
                  ctx.log("using token " + ctx.secrets().get("token"), "leak", null);
                  ctx.saveStep("earlier", Json.object().put("status", "completed").put("output", "auth " + ctx.secrets().get("token")));
                  ctx.saveCheckpoint("k", Json.object().put("value", ctx.secrets().get("token")));
                  throw new IllegalStateException("push with " + ctx.secrets().get("token") + " refused");
                });
    started(pool(broker, h).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec("leak"), Map.of("token", secret), null));
    assertThat(store.secrets(t.id())).containsEntry("token", secret);
    await(() -> status(t.id()) == TaskStatus.FAILED, "failed");

    String text = allText(events(t.id()));
    assertThat(text).doesNotContain(secret).contains("using token ***").contains("push with *** refused");
    TaskEvent done = events(t.id()).get(events(t.id()).size() - 1);
    assertThat(done.body().get("message").asString()).isEqualTo("Run completed with status: failed");
    assertThat(done.body().get("error").get("name").asString()).isEqualTo("IllegalStateException");
    TaskRecord read = broker.get(t.id()).orElseThrow();
    assertThat(Json.write(read.toJson())).doesNotContain(secret);
    assertThat(read.step("earlier").get("output").asString()).isEqualTo("auth ***");
    assertThat(store.secrets(t.id())).isEmpty();
  }

  @Test
  void retryRunsFromTheFailedStepKeepingCompletedOutputs() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    StepsHandler h =
        new StepsHandler()
            .step("fetch", ctx -> ok("fetched"))
            .step(
                "publish",
                ctx -> {
                  if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("remote rejected the push");
                  }
                  ctx.saveCheckpoint("v1.task.checkpoint.publish.repo", Json.parse("{\"status\":\"success\",\"value\":\"r\"}"));
                  return ok("published with " + ctx.secrets().getOrDefault("token", "none"));
                })
            .step("register", ctx -> ok("registered"));
    started(pool(broker, h).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec("fetch", "publish", "register"), Map.of("token", "t1"), null));
    await(() -> status(t.id()) == TaskStatus.FAILED, "failed");
    assertThat(h.runs("fetch")).isEqualTo(1);
    assertThat(h.runs("register")).isZero();
    assertThat(broker.retry("no-such-task", null)).isEqualTo(TaskBroker.Outcome.NOT_FOUND);

    assertThat(broker.retry(t.id(), Map.of("token", "t2"))).isEqualTo(TaskBroker.Outcome.DONE);
    await(() -> status(t.id()) == TaskStatus.COMPLETED, "completed after retry");
    assertThat(h.runs("fetch")).isEqualTo(1); // not run again
    assertThat(h.runs("publish")).isEqualTo(2);
    assertThat(h.runs("register")).isEqualTo(1);

    List<TaskEvent> ev = events(t.id());
    assertThat(ev.get(0).type()).isEqualTo(TaskEventType.RECOVERED);
    assertThat(ev).extracting(e -> e.body().path("message").asString())
        .contains("Skipping step fetch: completed in a previous run")
        .doesNotContain("remote rejected the push");
    TaskEvent done = ev.get(ev.size() - 1);
    assertThat(done.body().get("output").get("fetch").get("v").asString()).isEqualTo("fetched");
    assertThat(done.body().get("output").get("publish").get("v").asString()).isEqualTo("published with ***");
    assertThat(broker.get(t.id()).orElseThrow().runs()).isEqualTo(2);
    // a completed task cannot be retried
    assertThat(broker.retry(t.id(), null)).isEqualTo(TaskBroker.Outcome.CONFLICT);
  }

  @Test
  void aTaskWhoseWorkerDiedIsStartedOverByAnotherPool() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger firstStepRuns = new AtomicInteger();
    // worker A hangs inside the second step and ignores every signal: a dead worker
    StepsHandler hangs =
        new StepsHandler()
            .step("one", ctx -> { firstStepRuns.incrementAndGet(); return ok("1"); })
            .step("two", ctx -> { stuck.countDown(); release.await(30, TimeUnit.SECONDS); return ok("late"); });
    TaskWorkerPool a = started(pool(broker, hangs).workerId("worker-a").build());
    ObjectNode spec = stepsSpec("one", "two");
    spec.putObject("EXPERIMENTAL_recovery").put("EXPERIMENTAL_strategy", "startOver");
    TaskRecord t = broker.create(new NewTask(spec, Map.of("token", "keep-me"), null));
    assertThat(stuck.await(20, TimeUnit.SECONDS)).isTrue();
    a.close(); // stops heartbeating; the handler thread stays stuck

    StepsHandler healthy =
        new StepsHandler()
            .step("one", ctx -> { firstStepRuns.incrementAndGet(); return ok("1"); })
            .step("two", ctx -> ok("2 with " + ctx.secrets().get("token")));
    TaskBroker other = TaskBroker.builder(store).pollInterval(Duration.ofMillis(50)).build();
    started(pool(other, healthy).workerId("worker-b").build());
    await(() -> status(t.id()) == TaskStatus.COMPLETED, "completed by worker B");

    List<TaskEvent> ev = events(t.id());
    assertThat(ev.get(0).type()).isEqualTo(TaskEventType.RECOVERED);
    assertThat(ev.get(0).body().get("recoverStrategy").asString()).isEqualTo("startOver");
    assertThat(ev.get(0).body().get("message").asString()).contains("worker-a");
    assertThat(healthy.runs("one")).isZero(); // its output was saved by worker A
    assertThat(firstStepRuns.get()).isEqualTo(1);
    assertThat(ev.get(ev.size() - 1).body().get("output").get("two").get("v").asString()).isEqualTo("2 with ***");

    // the dead worker wakes up: its outcome is ignored
    release.countDown();
    Thread.sleep(200);
    TaskRecord after = broker.get(t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
    // worker B had the secret ("***" replaces exactly the secret's value) and stored it masked
    assertThat(after.step("two").get("output").get("v").asString()).isEqualTo("2 with ***");
    assertThat(broker.events(t.id(), 0)).filteredOn(e -> e.type() == TaskEventType.COMPLETION).hasSize(1);
  }

  @Test
  void aTaskWhoseWorkerDiedFailsAsStaleWithoutARecoveryStrategy() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StepsHandler hangs =
        new StepsHandler().step("hang", ctx -> { stuck.countDown(); release.await(30, TimeUnit.SECONDS); return ok("x"); });
    TaskWorkerPool a = started(pool(broker, hangs).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec("hang"), Map.of("token", "gone"), null));
    assertThat(stuck.await(20, TimeUnit.SECONDS)).isTrue();
    a.close();
    started(pool(broker, ctx -> Json.object()).build());
    await(() -> status(t.id()) == TaskStatus.FAILED, "failed as stale");
    release.countDown();
    List<TaskEvent> ev = events(t.id());
    TaskEvent stepFailed = ev.get(ev.size() - 2);
    assertThat(stepFailed.body().get("stepId").asString()).isEqualTo("hang");
    assertThat(stepFailed.body().get("status").asString()).isEqualTo("failed");
    TaskEvent done = ev.get(ev.size() - 1);
    assertThat(done.type()).isEqualTo(TaskEventType.COMPLETION);
    assertThat(done.body().get("message").asString())
        .isEqualTo("This task was marked as stale as it exceeded its timeout");
    assertThat(store.secrets(t.id())).isEmpty();
  }

  @Test
  void aTaskThatKeepsKillingItsWorkerFailsAfterMaxRuns() throws Exception {
    // every run hangs; with maxRuns 2 the second stale run fails the task instead of a third start
    AtomicInteger started = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler hangs = ctx -> { started.incrementAndGet(); release.await(30, TimeUnit.SECONDS); return Json.object(); };
    ObjectNode spec = stepsSpec();
    spec.putObject("EXPERIMENTAL_recovery").put("EXPERIMENTAL_strategy", "startOver");
    TaskRecord t = broker.create(new NewTask(spec, Map.of(), null));
    for (int i = 0; i < 2; i++) {
      int want = i + 1;
      TaskWorkerPool p = started(pool(broker, hangs).maxRuns(2).shutdownGrace(Duration.ZERO).build());
      await(() -> started.get() == want, "run " + want);
      p.close();
    }
    started(pool(broker, ctx -> Json.object()).maxRuns(2).build());
    await(() -> status(t.id()) == TaskStatus.FAILED, "failed after two runs");
    release.countDown();
    assertThat(broker.get(t.id()).orElseThrow().runs()).isEqualTo(2);
    assertThat(events(t.id()).get(events(t.id()).size() - 1).body().get("message").asString())
        .contains("it was started 2 times");
  }

  @Test
  void longPollWaitsForTheNextEvent() throws Exception {
    TaskRecord t = broker.create(new NewTask(stepsSpec(), Map.of(), null));
    long t0 = System.nanoTime();
    assertThat(broker.awaitEvents(t.id(), 0, Duration.ofMillis(150))).isEmpty();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));

    CountDownLatch go = new CountDownLatch(1);
    started(pool(broker, ctx -> { go.await(20, TimeUnit.SECONDS); ctx.log("hello"); return Json.object(); }).build());
    Thread waker = new Thread(() -> { try { Thread.sleep(100); } catch (InterruptedException e) { return; } go.countDown(); });
    waker.start();
    List<TaskEvent> first = broker.awaitEvents(t.id(), 0, Duration.ofSeconds(20));
    assertThat(first).isNotEmpty();
    assertThat(first.get(0).body().get("message").asString()).isEqualTo("hello");
    List<TaskEvent> next = broker.awaitEvents(t.id(), first.get(0).id(), Duration.ofSeconds(20));
    assertThat(next.get(next.size() - 1).type()).isEqualTo(TaskEventType.COMPLETION);
  }

  @Test
  void aRunawayLogIsCutAndLongMessagesAreShortened() throws Exception {
    TaskHandler chatty =
        ctx -> {
          ctx.log("x".repeat(100));
          for (int i = 0; i < 50; i++) {
            ctx.log("line " + i);
          }
          return Json.object();
        };
    started(pool(broker, chatty).maxLogEvents(10).maxMessageChars(20).build());
    TaskRecord t = broker.create(new NewTask(stepsSpec(), Map.of(), null));
    await(() -> status(t.id()) == TaskStatus.COMPLETED, "completed");
    List<TaskEvent> ev = events(t.id());
    assertThat(ev).hasSize(12); // 10 lines, the "cut" line, the completion
    assertThat(ev.get(0).body().get("message").asString()).isEqualTo("x".repeat(20) + "... (80 more characters cut)");
    assertThat(ev.get(10).body().get("message").asString()).contains("exceeded 10 lines");
    assertThat(ev.get(11).type()).isEqualTo(TaskEventType.COMPLETION);
  }
}
