package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The front of the task system (Backstage's {@code StorageTaskBroker}): creates, reads, lists,
 * cancels and retries tasks, and serves their event logs, including a long-poll wait. Worker pools
 * in this process register with it, so that a new task wakes them at once and a cancel reaches the
 * running action at once; pools in other processes notice through the store (their claim poll, and
 * a heartbeat that fails once the task is cancelled).
 *
 * <pre>{@code
 * TaskBroker broker = TaskBroker.builder(JdbcTaskStore.create(dataSource)).clock(clock).build();
 * TaskRecord task = broker.create(new NewTask(spec, secrets, "user:default/jane"));
 * List<TaskEvent> events = broker.awaitEvents(task.id(), 0, Duration.ofSeconds(30));
 * }</pre>
 */
public final class TaskBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskBroker.class);

  /** The result of {@link #cancel} and {@link #retry}. */
  public enum Outcome {
    /** The change was made. */
    DONE,
    /** There is no such task. */
    NOT_FOUND,
    /** The caller may not make this change (an approval by someone not among the approvers). */
    FORBIDDEN,
    /** The task's status does not allow the change (for example: cancelling a completed task). */
    CONFLICT
  }

  private final TaskStore store;
  private final Clock clock;
  private final Duration pollInterval;
  private final boolean ownsStore;
  private final Object changed = new Object();
  private long version;
  private final List<Runnable> dispatchListeners = new CopyOnWriteArrayList<>();
  private final Map<String, CancellationSignal> running = new ConcurrentHashMap<>();
  private final List<WaitingListener> waitingListeners;

  /**
   * The checkpoint under which a waiting task keeps what it waits for: {@code {stepId, message,
   * since, details}}.
   */
  public static final String WAITING_CHECKPOINT = "v1.task.waiting";

  /** A decision on a waiting task, by a caller with the entity refs that identify them. */
  public record Decision(boolean approved, String by, Set<String> byRefs, @Nullable String comment) {
    public Decision {
      Objects.requireNonNull(by, "by");
      byRefs = Set.copyOf(byRefs);
    }
  }

  private TaskBroker(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.pollInterval = b.pollInterval;
    this.ownsStore = b.ownsStore;
    this.waitingListeners = List.copyOf(b.waitingListeners);
  }

  /** A builder over a store. */
  public static Builder builder(TaskStore store) {
    return new Builder(store);
  }

  /** The store. */
  public TaskStore store() {
    return store;
  }

  /** The clock that stamps tasks and events. */
  public Clock clock() {
    return clock;
  }

  /** Stores a new open task and wakes this process's worker pools. */
  public TaskRecord create(NewTask task) {
    TaskRecord t = store.create(task, clock.instant());
    dispatch();
    return t;
  }

  /** The task, without its secrets. */
  public Optional<TaskRecord> get(String taskId) {
    return store.get(taskId);
  }

  /** A page of tasks. */
  public TaskPage list(TaskQuery query) {
    return store.list(query);
  }

  /**
   * Cancels an open or running task: status {@code cancelled}, secrets removed, a {@code
   * cancelled} event ({@code "Step <id> has been cancelled."} naming the running step) and a {@code
   * completion} event; a run in this process is signalled at once, one elsewhere at its next
   * heartbeat. Cancelling a cancelled task is {@link Outcome#DONE} again.
   */
  public Outcome cancel(String taskId) {
    Optional<TaskRecord> t = store.get(taskId);
    if (t.isEmpty()) {
      return Outcome.NOT_FOUND;
    }
    if (t.get().status() == TaskStatus.CANCELLED) {
      return Outcome.DONE;
    }
    List<String> steps = runningSteps(store.events(taskId, 0));
    String stepId = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    ObjectNode cancelled = Json.object();
    cancelled.put(
        "message", stepId == null ? "The task has been cancelled." : "Step " + stepId + " has been cancelled.");
    if (stepId != null) {
      cancelled.put("stepId", stepId);
    }
    cancelled.put("status", TaskStatus.CANCELLED.wire());
    ObjectNode completion = Json.object();
    completion.put("message", "Run completed with status: cancelled");
    completion.put("status", TaskStatus.CANCELLED.wire());
    boolean done =
        store.transition(
            taskId,
            TaskTransition.cancel(
                List.of(
                    new EventDraft(TaskEventType.CANCELLED, cancelled),
                    new EventDraft(TaskEventType.COMPLETION, completion)),
                clock.instant()));
    if (!done) {
      TaskStatus now = store.get(taskId).map(TaskRecord::status).orElse(null);
      return now == TaskStatus.CANCELLED ? Outcome.DONE : Outcome.CONFLICT;
    }
    CancellationSignal s = running.get(taskId);
    if (s != null) {
      s.cancel(CancellationSignal.Reason.CANCELLED, "Task " + taskId + " has been cancelled");
    }
    changed();
    return Outcome.DONE;
  }

  /**
   * Retries a failed or cancelled task from the step that did not complete: the task goes back to
   * {@code open}, its completion and cancelled events are dropped and a {@code recovered} event is
   * written; step states and checkpoints of the earlier runs are kept, so completed steps are not
   * run again.
   *
   * @param secrets new secrets for the run (the earlier ones were removed when the task ended), or
   *     null for none
   */
  public Outcome retry(String taskId, @Nullable Map<String, String> secrets) {
    Optional<TaskRecord> t = store.get(taskId);
    if (t.isEmpty()) {
      return Outcome.NOT_FOUND;
    }
    ObjectNode body = Json.object();
    body.put("message", "The task was retried; completed steps are kept");
    body.put("recoverStrategy", RecoveryStrategy.START_OVER.wire);
    boolean done =
        store.transition(
            taskId,
            TaskTransition.retry(
                secrets == null ? Map.of() : secrets,
                List.of(new EventDraft(TaskEventType.RECOVERED, body)),
                clock.instant()));
    if (!done) {
      return Outcome.CONFLICT;
    }
    changed();
    dispatch();
    return Outcome.DONE;
  }

  /** What a waiting task waits for ({@link #WAITING_CHECKPOINT}), or empty when it does not wait. */
  public static Optional<ObjectNode> waitingFor(TaskRecord task) {
    if (task.status() != TaskStatus.WAITING) {
      return Optional.empty();
    }
    JsonNode w = task.checkpoints().get(WAITING_CHECKPOINT);
    return w instanceof ObjectNode o ? Optional.of(o.deepCopy()) : Optional.empty();
  }

  /**
   * Parks a run that suspended: {@code processing} held by {@code workerId} becomes {@code
   * waiting}, with what it waits for saved and a log event; the waiting listeners are told.
   *
   * @return false when the task was no longer held by the worker (cancelled meanwhile)
   */
  boolean suspend(TaskRecord task, String workerId, String stepId, String message,
      ObjectNode details) {
    Instant now = clock.instant();
    ObjectNode waiting = Json.object();
    waiting.put("stepId", stepId);
    waiting.put("message", message);
    waiting.put("since", now.toString());
    waiting.set("details", details);
    ObjectNode log = Json.object();
    log.put("message", message);
    log.put("stepId", stepId);
    log.put("status", TaskStatus.WAITING.wire());
    boolean done = store.transition(task.id(),
        TaskTransition.suspend(workerId, List.of(new EventDraft(TaskEventType.LOG, log)), now)
            .withCheckpoints(Map.of(WAITING_CHECKPOINT, waiting)));
    if (done) {
      for (WaitingListener l : waitingListeners) {
        try {
          l.waiting(task, waiting.deepCopy());
        } catch (RuntimeException e) {
          LOG.warn("a waiting listener failed on task {}: {}", task.id(), e.toString());
        }
      }
      changed();
    }
    return done;
  }

  /**
   * Decides a waiting task: approved, it goes back to {@code open} and its waiting step finds the
   * decision when it runs again; rejected, it fails with the reason. The decision is saved with
   * the status change, in one step, so two deciders cannot both win.
   *
   * @return {@link Outcome#FORBIDDEN} when the step names approvers and the caller is none of them
   *     (by their user ref or one of {@code byRefs}, such as their groups); {@link
   *     Outcome#CONFLICT} when the task does not wait
   */
  public Outcome decide(String taskId, Decision decision) {
    Optional<TaskRecord> t = store.get(taskId);
    if (t.isEmpty()) {
      return Outcome.NOT_FOUND;
    }
    Optional<ObjectNode> waiting = waitingFor(t.get());
    if (waiting.isEmpty()) {
      return Outcome.CONFLICT;
    }
    JsonNode approvers = waiting.get().path("details").path("approvers");
    if (approvers.isArray() && !approvers.isEmpty()) {
      boolean allowed = false;
      for (JsonNode a : approvers) {
        String ref = a.asString("").toLowerCase(java.util.Locale.ROOT);
        if (ref.equals(decision.by().toLowerCase(java.util.Locale.ROOT))
            || decision.byRefs().stream().anyMatch(r -> r.equalsIgnoreCase(ref))) {
          allowed = true;
          break;
        }
      }
      if (!allowed) {
        return Outcome.FORBIDDEN;
      }
    }
    Instant now = clock.instant();
    String stepId = waiting.get().path("stepId").asString("");
    ObjectNode value = Json.object();
    value.put("approved", decision.approved());
    value.put("by", decision.by());
    value.put("at", now.toString());
    if (decision.comment() != null) {
      value.put("comment", decision.comment());
    }
    ObjectNode stored = Json.object();
    stored.put("status", "success");
    stored.set("value", value);
    String what = (decision.approved() ? "Approved by " : "Rejected by ") + decision.by()
        + (decision.comment() == null || decision.comment().isBlank() ? ""
            : ": " + decision.comment());
    ObjectNode log = Json.object();
    log.put("message", what);
    log.put("stepId", stepId);
    TaskTransition change;
    if (decision.approved()) {
      change = TaskTransition.resume(List.of(new EventDraft(TaskEventType.LOG, log)), now);
    } else {
      change = TaskTransition.failWaiting(List.of(new EventDraft(TaskEventType.LOG, log),
          failure("ApprovalRejected", what)), now);
    }
    boolean done = store.transition(taskId, change.withCheckpoints(
        Map.of("v1.task.checkpoint." + stepId + ".decision", stored)));
    if (!done) {
      return Outcome.CONFLICT;
    }
    changed();
    if (decision.approved()) {
      dispatch();
    }
    return Outcome.DONE;
  }

  /**
   * Fails the waiting tasks whose deadline ({@code details.deadline}) has passed, at most {@code
   * limit} of them; task worker pools call it on their recovery schedule.
   *
   * @return how many tasks were failed
   */
  public int expireWaiting(int limit) {
    Instant now = clock.instant();
    int failed = 0;
    TaskQuery waitingTasks = new TaskQuery(List.of(), List.of(TaskStatus.WAITING),
        List.of(new TaskQuery.Order(TaskQuery.Field.CREATED_AT, true)), limit, 0);
    for (TaskRecord t : store.list(waitingTasks).tasks()) {
      Optional<ObjectNode> w = waitingFor(t);
      String deadline = w.map(o -> o.path("details").path("deadline").asString("")).orElse("");
      if (deadline.isEmpty()) {
        continue;
      }
      Instant at;
      try {
        at = Instant.parse(deadline);
      } catch (java.time.format.DateTimeParseException e) {
        continue;
      }
      if (at.isAfter(now)) {
        continue;
      }
      String what = "No decision came before " + deadline + ": the wait of step "
          + w.get().path("stepId").asString("") + " timed out";
      ObjectNode log = Json.object();
      log.put("message", what);
      if (store.transition(t.id(), TaskTransition.failWaiting(
          List.of(new EventDraft(TaskEventType.LOG, log), failure("ApprovalTimedOut", what)),
          now))) {
        failed++;
      }
    }
    if (failed > 0) {
      changed();
    }
    return failed;
  }

  private static EventDraft failure(String name, String message) {
    ObjectNode body = Json.object();
    body.put("message", "Run completed with status: failed");
    body.put("status", TaskStatus.FAILED.wire());
    ObjectNode error = body.putObject("error");
    error.put("name", name);
    error.put("message", message);
    return new EventDraft(TaskEventType.COMPLETION, body);
  }

  /** The task's events after the {@code after} event id (see {@link TaskStore#events}). */
  public List<TaskEvent> events(String taskId, long after) {
    return store.events(taskId, after);
  }

  /**
   * Waits until the task has events after {@code after} and returns them, or returns an empty
   * list after {@code timeout} (Backstage's long poll answers {@code []} after 30 s). Writes in this
   * process wake the wait at once; the store is read again at least every poll interval, so that
   * events written by other processes arrive too.
   */
  public List<TaskEvent> awaitEvents(String taskId, long after, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (changed) {
        seen = version;
      }
      List<TaskEvent> events = store.events(taskId, after);
      if (!events.isEmpty()) {
        return events;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      long waitNanos = Math.min(left, pollInterval.toNanos());
      synchronized (changed) {
        if (version == seen) {
          long ms = Math.max(1, waitNanos / 1_000_000);
          changed.wait(ms);
        }
      }
    }
  }

  /**
   * The ids of the steps whose last log event says {@code processing}, in the order they started:
   * the steps running when the log ends.
   */
  public static List<String> runningSteps(List<TaskEvent> events) {
    Map<String, String> last = new LinkedHashMap<>();
    for (TaskEvent e : events) {
      if (e.type() != TaskEventType.LOG) {
        continue;
      }
      JsonNode step = e.body().get("stepId");
      JsonNode status = e.body().get("status");
      if (step != null && step.isString() && status != null && status.isString()) {
        last.remove(step.asString());
        last.put(step.asString(), status.asString());
      }
    }
    List<String> out = new ArrayList<>();
    last.forEach(
        (step, status) -> {
          if (TaskStatus.PROCESSING.wire().equals(status)) {
            out.add(step);
          }
        });
    return out;
  }

  // ---- for worker pools ------------------------------------------------------------------------

  /** Wakes waiters on events: called after every write of this process. */
  void changed() {
    synchronized (changed) {
      version++;
      changed.notifyAll();
    }
  }

  /** Asks this process's worker pools to look for open tasks. */
  void dispatch() {
    for (Runnable r : dispatchListeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("a task dispatch listener failed", e);
      }
    }
  }

  void addDispatchListener(Runnable r) {
    dispatchListeners.add(r);
  }

  void removeDispatchListener(Runnable r) {
    dispatchListeners.remove(r);
  }

  void register(String taskId, CancellationSignal signal) {
    running.put(taskId, signal);
  }

  void unregister(String taskId, CancellationSignal signal) {
    running.remove(taskId, signal);
  }

  /** Closes the store when the builder was told the broker owns it. */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  /** Configures a {@link TaskBroker}. */
  public static final class Builder {
    private final TaskStore store;
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = Duration.ofSeconds(1);
    private boolean ownsStore;
    private final List<WaitingListener> waitingListeners = new ArrayList<>();

    private Builder(TaskStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The clock for task and event times; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * How often a waiting {@link #awaitEvents} reads the store again for events written by other
     * processes; default 1 s, as Backstage's event observation polls.
     */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("poll interval must be positive");
      }
      this.pollInterval = interval;
      return this;
    }

    /** Whether {@link TaskBroker#close()} closes the store; default false. */
    public Builder ownsStore(boolean owns) {
      this.ownsStore = owns;
      return this;
    }

    /** Adds a listener told when a task starts waiting for a decision (to notify approvers). */
    public Builder waitingListener(WaitingListener listener) {
      this.waitingListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The broker. */
    public TaskBroker build() {
      return new TaskBroker(this);
    }
  }
}
