package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What every {@link TaskStore} does; run on memory, H2 and PostgreSQL. */
abstract class TaskStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  TaskStore store;

  protected abstract TaskStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static ObjectNode spec(String name) {
    ObjectNode s = Json.object();
    s.put("apiVersion", "scaffolder.backstage.io/v1beta3");
    s.putObject("parameters").put("name", name);
    s.putArray("steps").addObject().put("id", "fetch").put("action", "fetch:plain");
    return s;
  }

  static ObjectNode body(String message) {
    ObjectNode b = Json.object();
    b.put("message", message);
    return b;
  }

  static EventDraft log(String message) {
    return new EventDraft(TaskEventType.LOG, body(message));
  }

  TaskRecord create(String name, String user, Instant at) {
    return store.create(new NewTask(spec(name), Map.of("token", "s3cr3t-" + name), user), at);
  }

  @Test
  void createdTaskIsOpenWithSpecAndCreatorAndSecretsApart() {
    TaskRecord t = create("a", "user:default/jane", T0);
    assertThat(t.status()).isEqualTo(TaskStatus.OPEN);
    assertThat(t.runs()).isZero();
    assertThat(t.workerId()).isNull();
    assertThat(t.lastHeartbeatAt()).isNull();

    TaskRecord read = store.get(t.id()).orElseThrow();
    assertThat(read.spec()).isEqualTo(spec("a"));
    assertThat(read.createdBy()).isEqualTo("user:default/jane");
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(Json.write(read.toJson())).doesNotContain("s3cr3t");
    assertThat(store.secrets(t.id())).containsExactly(Map.entry("token", "s3cr3t-a"));
  }

  @Test
  void unknownTaskReadsEmpty() {
    assertThat(store.get("00000000-0000-0000-0000-000000000000")).isEmpty();
    assertThat(store.secrets("nope")).isEmpty();
    assertThat(store.events("nope", 0)).isEmpty();
    assertThatThrownBy(() -> store.appendEvent("nope", log("x"), T0))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(store.transition("nope", TaskTransition.cancel(List.of(), T0))).isFalse();
  }

  @Test
  void taskWithoutCreatorOrSecrets() {
    TaskRecord t = store.create(new NewTask(spec("x"), Map.of(), null), T0);
    assertThat(store.get(t.id()).orElseThrow().createdBy()).isNull();
    assertThat(store.secrets(t.id())).isEmpty();
  }

  @Test
  void listFiltersOrdersAndPages() {
    TaskRecord a = create("a", "user:default/jane", T0);
    TaskRecord b = create("b", "user:default/joe", T0.plusSeconds(1));
    TaskRecord c = create("c", "user:default/jane", T0.plusSeconds(2));
    store.claim("w", T0.plusSeconds(5)); // claims a

    assertThat(ids(store.list(TaskQuery.all()).tasks())).containsExactly(c.id(), b.id(), a.id());
    assertThat(store.list(TaskQuery.all()).totalTasks()).isEqualTo(3);

    TaskPage jane = store.list(new TaskQuery(List.of("user:default/jane"), List.of(), List.of(), 0, 0));
    assertThat(ids(jane.tasks())).containsExactly(c.id(), a.id());

    TaskPage open =
        store.list(new TaskQuery(List.of(), List.of(TaskStatus.OPEN), List.of(), 0, 0));
    assertThat(ids(open.tasks())).containsExactly(c.id(), b.id());

    TaskPage both =
        store.list(
            new TaskQuery(
                List.of("user:default/jane", "user:default/joe"),
                List.of(TaskStatus.OPEN, TaskStatus.PROCESSING),
                List.of(new TaskQuery.Order(TaskQuery.Field.CREATED_AT, true)),
                2,
                1));
    assertThat(ids(both.tasks())).containsExactly(b.id(), c.id());
    assertThat(both.totalTasks()).isEqualTo(3);

    TaskPage byHeartbeat =
        store.list(
            new TaskQuery(
                List.of(), List.of(),
                List.of(new TaskQuery.Order(TaskQuery.Field.LAST_HEARTBEAT_AT, true)), 1, 0));
    assertThat(ids(byHeartbeat.tasks())).containsExactly(a.id()); // nulls last
  }

  static List<String> ids(List<TaskRecord> tasks) {
    List<String> out = new ArrayList<>();
    tasks.forEach(t -> out.add(t.id()));
    return out;
  }

  @Test
  void claimTakesOldestOpenTaskOnce() {
    TaskRecord newer = create("newer", "u", T0.plusSeconds(10));
    TaskRecord older = create("older", "u", T0);
    Instant now = T0.plusSeconds(20);

    TaskRecord first = store.claim("w1", now).orElseThrow();
    assertThat(first.id()).isEqualTo(older.id());
    assertThat(first.status()).isEqualTo(TaskStatus.PROCESSING);
    assertThat(first.workerId()).isEqualTo("w1");
    assertThat(first.runs()).isEqualTo(1);
    assertThat(first.lastHeartbeatAt()).isEqualTo(now);

    assertThat(store.claim("w2", now).orElseThrow().id()).isEqualTo(newer.id());
    assertThat(store.claim("w3", now)).isEmpty();
  }

  @Test
  void concurrentClaimsNeverShareATask() throws Exception {
    int tasks = 40;
    for (int i = 0; i < tasks; i++) {
      create("t" + i, "u", T0.plusMillis(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      fs.add(
          pool.submit(
              () -> {
                go.await();
                Optional<TaskRecord> t;
                while ((t = store.claim(worker, T0.plusSeconds(60))).isPresent()) {
                  if (!claimed.add(t.get().id())) {
                    synchronized (duplicates) {
                      duplicates.add(t.get().id());
                    }
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(duplicates).isEmpty();
    assertThat(claimed).hasSize(tasks);
  }

  @Test
  void heartbeatOnlyForTheHolderWhileProcessing() {
    TaskRecord t = create("a", "u", T0);
    assertThat(store.heartbeat(t.id(), "w1", T0)).isFalse(); // still open
    store.claim("w1", T0);
    assertThat(store.heartbeat(t.id(), "w1", T0.plusSeconds(3))).isTrue();
    assertThat(store.get(t.id()).orElseThrow().lastHeartbeatAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(store.heartbeat(t.id(), "w2", T0.plusSeconds(4))).isFalse();
    store.transition(t.id(), TaskTransition.cancel(List.of(), T0.plusSeconds(5)));
    assertThat(store.heartbeat(t.id(), "w1", T0.plusSeconds(6))).isFalse();
  }

  @Test
  void completionByTheHolderClearsSecretsAndAppendsEvents() {
    TaskRecord t = create("a", "u", T0);
    store.claim("w1", T0);
    EventDraft done = new EventDraft(TaskEventType.COMPLETION, body("Run completed with status: completed"));
    assertThat(store.transition(t.id(), TaskTransition.complete("w2", TaskStatus.COMPLETED, List.of(done), T0)))
        .isFalse();
    assertThat(store.transition(t.id(), TaskTransition.complete("w1", TaskStatus.COMPLETED, List.of(done), T0)))
        .isTrue();
    TaskRecord read = store.get(t.id()).orElseThrow();
    assertThat(read.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(read.workerId()).isNull();
    assertThat(store.secrets(t.id())).isEmpty();
    assertThat(store.events(t.id(), 0)).extracting(TaskEvent::type).containsExactly(TaskEventType.COMPLETION);
    // a second completion is refused
    assertThat(store.transition(t.id(), TaskTransition.complete("w1", TaskStatus.FAILED, List.of(done), T0)))
        .isFalse();
  }

  @Test
  void completionAfterCancelIsIgnored() {
    TaskRecord t = create("a", "u", T0);
    store.claim("w1", T0);
    assertThat(store.transition(t.id(), TaskTransition.cancel(List.of(new EventDraft(TaskEventType.CANCELLED, body("c"))), T0)))
        .isTrue();
    assertThat(store.secrets(t.id())).isEmpty();
    assertThat(
            store.transition(
                t.id(),
                TaskTransition.complete(
                    "w1", TaskStatus.COMPLETED,
                    List.of(new EventDraft(TaskEventType.COMPLETION, body("late"))), T0)))
        .isFalse();
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(store.events(t.id(), 0)).extracting(TaskEvent::type).containsExactly(TaskEventType.CANCELLED);
  }

  @Test
  void eventsHaveIncreasingIdsAndAfterCursor() {
    TaskRecord t = create("a", "u", T0);
    TaskRecord other = create("b", "u", T0);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.appendEvent(t.id(), log("line " + i), T0.plusSeconds(i)).id());
      store.appendEvent(other.id(), log("other " + i), T0);
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    List<TaskEvent> all = store.events(t.id(), 0);
    assertThat(all).extracting(e -> e.body().get("message").asString())
        .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
    assertThat(all.get(1).createdAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(all.get(0).taskId()).isEqualTo(t.id());
    assertThat(store.events(t.id(), ids.get(2))).extracting(TaskEvent::id).containsExactly(ids.get(3), ids.get(4));
    assertThat(store.events(t.id(), ids.get(4))).isEmpty();
  }

  @Test
  void retryReopensKeepsStateDropsCompletionAndTrimsTheLog() {
    TaskRecord t = create("a", "u", T0);
    store.claim("w1", T0);
    store.appendEvent(t.id(), log("first run"), T0);
    store.saveStep(t.id(), "fetch", Json.parse("{\"status\":\"completed\",\"output\":{\"x\":1}}"));
    store.saveCheckpoint(t.id(), "v1.task.checkpoint.fetch.k", Json.parse("{\"status\":\"success\",\"value\":7}"));
    store.transition(
        t.id(),
        TaskTransition.complete(
            "w1", TaskStatus.FAILED, List.of(new EventDraft(TaskEventType.COMPLETION, body("failed"))), T0));
    // only failed or cancelled tasks can be retried
    TaskRecord open = create("b", "u", T0.plusSeconds(1));
    assertThat(store.transition(open.id(), TaskTransition.retry(null, List.of(), T0))).isFalse();

    assertThat(
            store.transition(
                t.id(),
                TaskTransition.retry(
                    Map.of("token", "new-secret"),
                    List.of(new EventDraft(TaskEventType.RECOVERED, body("retried"))),
                    T0.plusSeconds(1))))
        .isTrue();
    TaskRecord read = store.get(t.id()).orElseThrow();
    assertThat(read.status()).isEqualTo(TaskStatus.OPEN);
    assertThat(read.steps().get("fetch").get("output").get("x").asInt()).isEqualTo(1);
    assertThat(read.checkpoints().get("v1.task.checkpoint.fetch.k").get("value").asInt()).isEqualTo(7);
    assertThat(store.secrets(t.id())).containsExactly(Map.entry("token", "new-secret"));
    // the log starts at the recovered event: the earlier run's lines are trimmed
    List<TaskEvent> events = store.events(t.id(), 0);
    assertThat(events).extracting(TaskEvent::type).containsExactly(TaskEventType.RECOVERED);
    store.appendEvent(t.id(), log("second run"), T0.plusSeconds(2));
    assertThat(store.events(t.id(), 0)).extracting(e -> e.body().get("message").asString())
        .containsExactly("retried", "second run");
    assertThat(store.claim("w2", T0.plusSeconds(3)).orElseThrow().runs()).isEqualTo(2);
  }

  @Test
  void staleTasksAndGuardedRecovery() {
    TaskRecord t = create("a", "u", T0);
    TaskRecord fresh = create("b", "u", T0.plusSeconds(1));
    store.claim("dead", T0);
    store.claim("alive", T0);
    store.heartbeat(fresh.id(), "alive", T0.plusSeconds(100));
    Instant cutoff = T0.plusSeconds(60);

    assertThat(ids(store.stale(cutoff, 10))).containsExactly(t.id());
    // wrong worker or a heartbeat newer than the cutoff: no change
    assertThat(store.transition(t.id(), TaskTransition.recover("other", cutoff, TaskStatus.OPEN, List.of(), cutoff)))
        .isFalse();
    assertThat(store.transition(fresh.id(), TaskTransition.recover("alive", cutoff, TaskStatus.OPEN, List.of(), cutoff)))
        .isFalse();
    assertThat(
            store.transition(
                t.id(),
                TaskTransition.recover(
                    "dead", cutoff, TaskStatus.OPEN,
                    List.of(new EventDraft(TaskEventType.RECOVERED, body("recovered"))), cutoff)))
        .isTrue();
    TaskRecord read = store.get(t.id()).orElseThrow();
    assertThat(read.status()).isEqualTo(TaskStatus.OPEN);
    assertThat(read.workerId()).isNull();
    assertThat(store.secrets(t.id())).isNotEmpty(); // kept for the next run
    // the dead worker can no longer heartbeat or complete
    assertThat(store.heartbeat(t.id(), "dead", cutoff)).isFalse();
    assertThat(store.stale(cutoff, 10)).isEmpty();

    // failing as stale removes the secrets
    store.claim("dead2", T0);
    assertThat(
            store.transition(
                t.id(),
                TaskTransition.recover("dead2", cutoff, TaskStatus.FAILED, List.of(), cutoff)))
        .isTrue();
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
    assertThat(store.secrets(t.id())).isEmpty();
  }

  @Test
  void stepStatesCheckpointsAndWorkspace() {
    TaskRecord t = create("a", "u", T0);
    store.saveStep(t.id(), "s1", Json.parse("{\"status\":\"completed\",\"output\":{\"a\":1}}"));
    store.saveStep(t.id(), "s1", Json.parse("{\"status\":\"completed\",\"output\":{\"a\":2}}"));
    store.saveStep(t.id(), "s2", Json.parse("{\"status\":\"completed\",\"output\":{}}"));
    store.saveCheckpoint(t.id(), "k", Json.parse("{\"status\":\"success\",\"value\":\"v\"}"));
    store.saveStep("missing-task", "s1", Json.object()); // ignored
    TaskRecord read = store.get(t.id()).orElseThrow();
    assertThat(read.step("s1").get("output").get("a").asInt()).isEqualTo(2);
    assertThat(read.steps().size()).isEqualTo(2);
    assertThat(read.checkpoints().get("k").get("value").asString()).isEqualTo("v");
    assertThat(read.state().get("steps").size()).isEqualTo(2);

    store.clearSteps(t.id());
    read = store.get(t.id()).orElseThrow();
    assertThat(read.steps().isEmpty()).isTrue();
    assertThat(read.checkpoints().size()).isEqualTo(1);

    assertThat(store.workspace(t.id())).isEmpty();
    store.saveWorkspace(t.id(), new byte[] {1, 2, 3});
    store.saveWorkspace(t.id(), new byte[] {4, 5});
    assertThat(store.workspace(t.id()).orElseThrow()).containsExactly(4, 5);
    store.saveWorkspace(t.id(), null);
    assertThat(store.workspace(t.id())).isEmpty();

    // completing a task drops its workspace snapshot
    store.saveWorkspace(t.id(), new byte[] {9});
    store.claim("w", T0);
    store.transition(t.id(), TaskTransition.complete("w", TaskStatus.COMPLETED, List.of(), T0));
    assertThat(store.workspace(t.id())).isEmpty();
  }

  @Test
  void cancelFromOpenAndNotFromTerminal() {
    TaskRecord t = create("a", "u", T0);
    assertThat(store.transition(t.id(), TaskTransition.cancel(List.of(), T0))).isTrue();
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(store.transition(t.id(), TaskTransition.cancel(List.of(), T0))).isFalse();
    assertThat(store.claim("w", T0)).isEmpty();
    Set<TaskStatus> seen = new HashSet<>();
    store.list(TaskQuery.all()).tasks().forEach(r -> seen.add(r.status()));
    assertThat(seen).containsExactly(TaskStatus.CANCELLED);
  }
}
