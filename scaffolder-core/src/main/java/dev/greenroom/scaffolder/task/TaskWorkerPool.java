package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.RunSuspendedException;
import dev.greenroom.scaffolder.run.SecretMasker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs open tasks (Backstage's {@code TaskWorker}): claims them from the store up to a concurrency
 * limit, runs each with the {@link TaskHandler} on the executor, heartbeats them, and recovers
 * tasks whose worker died.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Claiming</b> happens in one "pump" at a time (a try-lock; a pump requested meanwhile
 *       runs again right after): when {@link #start()} is called, when the broker dispatches (a
 *       task was created or retried in this process), when a run ends, and every poll interval
 *       (tasks created by other processes).
 *   <li><b>Heartbeats</b>: one scheduled job updates every running task of this pool each
 *       heartbeat interval. A heartbeat the store refuses means the task was cancelled or taken
 *       over; the run's signal fires, and its later writes and outcome are ignored.
 *   <li><b>Recovery</b>: at start and every recovery interval, tasks in {@code processing} whose
 *       heartbeat is older than the stale timeout (from any worker, in any process) are re-opened
 *       with a {@code recovered} event (strategy {@code startOver}) or failed with Backstage's
 *       "marked as stale" completion (strategy {@code none}, or the task already ran {@code
 *       maxRuns} times). The change is guarded by the dead worker's id and the stale heartbeat, so
 *       two pools recovering at once, or a worker that comes back, cannot both win.
 *   <li><b>Closing</b> stops claiming, fires the running tasks' signals ({@code SHUTDOWN}) and
 *       waits a grace period; tasks that did not end stay {@code processing} and are recovered by
 *       another pool once their heartbeat is stale.
 * </ul>
 *
 * <pre>{@code
 * try (TaskWorkerPool pool = TaskWorkerPool.builder(broker, handler).concurrency(10).build().start()) {
 *   ...
 * }
 * }</pre>
 */
public final class TaskWorkerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWorkerPool.class);
  private static final int RECOVERY_BATCH = 100;

  /**
   * Timer of task runs, from claim to end; tags {@code template} (the template's entity ref) and
   * {@code result}: {@code completed}, {@code failed}, {@code cancelled} (by a caller), {@code
   * stopped} (the pool closed, or the task was taken over), {@code waiting} (suspended for a
   * decision).
   */
  public static final String TASKS_METER = "greenroom.scaffolder.tasks";
  /** Gauge of the tasks this pool runs now. */
  public static final String RUNNING_METER = "greenroom.scaffolder.tasks.running";
  /** Gauge of the tasks in the store waiting for a worker (status open). */
  public static final String OPEN_METER = "greenroom.scaffolder.tasks.open";
  /** Gauge of the tasks in the store waiting for a decision (status waiting). */
  public static final String WAITING_METER = "greenroom.scaffolder.tasks.waiting";

  private final TaskBroker broker;
  private final TaskStore store;
  private final TaskHandler handler;
  private final int concurrency;
  private final String workerId;
  private final Clock clock;
  private final Duration heartbeatInterval;
  private final Duration staleAfter;
  private final Duration recoveryInterval;
  private final Duration pollInterval;
  private final Duration shutdownGrace;
  private final RecoveryStrategy defaultRecovery;
  private final int maxRuns;
  private final int maxLogEvents;
  private final int maxMessageChars;
  private final ExecutorService executor;
  private final boolean ownExecutor;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;
  private final TaskMeters meters;

  private final Map<String, CancellationSignal> running = new ConcurrentHashMap<>();
  private final ReentrantLock pumpLock = new ReentrantLock();
  private final AtomicBoolean pumpAgain = new AtomicBoolean();
  private final Runnable dispatchListener = this::requestPump;
  private final List<ScheduledFuture<?>> jobs = new ArrayList<>();
  private volatile boolean started;
  private volatile boolean closed;

  private TaskWorkerPool(Builder b) {
    this.broker = b.broker;
    this.store = b.broker.store();
    this.handler = b.handler;
    this.concurrency = b.concurrency;
    this.workerId = b.workerId != null ? b.workerId : "worker-" + UUID.randomUUID();
    this.clock = b.clock != null ? b.clock : b.broker.clock();
    this.heartbeatInterval = b.heartbeatInterval;
    this.staleAfter = b.staleAfter;
    this.recoveryInterval = b.recoveryInterval;
    this.pollInterval = b.pollInterval;
    this.shutdownGrace = b.shutdownGrace;
    this.defaultRecovery = b.defaultRecovery;
    this.maxRuns = b.maxRuns;
    this.maxLogEvents = b.maxLogEvents;
    this.maxMessageChars = b.maxMessageChars;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = false;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "greenroom-task-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.ownExecutor = true;
    }
    this.meters = new TaskMeters(b.meters);
    meters.bindGauges(running, store);
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.ownScheduler = false;
    } else {
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "greenroom-task-scheduler");
                t.setDaemon(true);
                return t;
              });
      this.ownScheduler = true;
    }
  }

  /** A builder for a pool that runs tasks of {@code broker} with {@code handler}. */
  public static Builder builder(TaskBroker broker, TaskHandler handler) {
    return new Builder(broker, handler);
  }

  /** This pool's worker id, as stored on the tasks it holds. */
  public String workerId() {
    return workerId;
  }

  /** The ids of the tasks running now. */
  public List<String> runningTasks() {
    return List.copyOf(running.keySet());
  }

  /** Starts heartbeats, recovery and claiming; returns this pool. */
  public synchronized TaskWorkerPool start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    started = true;
    jobs.add(
        scheduler.scheduleWithFixedDelay(
            guard("heartbeat", this::heartbeatAll),
            heartbeatInterval.toMillis(),
            heartbeatInterval.toMillis(),
            TimeUnit.MILLISECONDS));
    jobs.add(
        scheduler.scheduleWithFixedDelay(
            guard("recovery", this::recoverStale), 0, recoveryInterval.toMillis(), TimeUnit.MILLISECONDS));
    if (concurrency > 0) {
      jobs.add(
          scheduler.scheduleWithFixedDelay(
              guard("claim", this::pump), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS));
      broker.addDispatchListener(dispatchListener);
    }
    return this;
  }

  private Runnable guard(String what, Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("task worker {}: {} failed: {}", workerId, what, e.toString());
      }
    };
  }

  private void requestPump() {
    if (closed || !started) {
      return;
    }
    try {
      scheduler.execute(guard("claim", this::pump));
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Claims open tasks while there is capacity. */
  void pump() {
    if (concurrency <= 0) {
      return;
    }
    if (!pumpLock.tryLock()) {
      pumpAgain.set(true);
      return;
    }
    try {
      do {
        pumpAgain.set(false);
        while (!closed && running.size() < concurrency) {
          Optional<TaskRecord> claimed = store.claim(workerId, clock.instant());
          if (claimed.isEmpty()) {
            break;
          }
          launch(claimed.get());
        }
      } while (pumpAgain.get() && !closed);
    } finally {
      pumpLock.unlock();
    }
  }

  private void launch(TaskRecord task) {
    CancellationSignal signal = new CancellationSignal();
    running.put(task.id(), signal);
    broker.register(task.id(), signal);
    try {
      executor.execute(() -> runTask(task, signal));
    } catch (RejectedExecutionException e) {
      running.remove(task.id());
      broker.unregister(task.id(), signal);
      LOG.warn("task worker {}: executor refused task {}; it will be recovered", workerId, task.id());
    }
  }

  private void runTask(TaskRecord task, CancellationSignal signal) {
    String id = task.id();
    long start = System.nanoTime();
    String result = "stopped";
    try {
      Map<String, String> secrets = store.secrets(id);
      SecretMasker masker = SecretMasker.of(secrets);
      TaskContext ctx = new TaskContext(broker, task, secrets, signal, maxLogEvents, maxMessageChars);
      JsonNode output;
      try {
        output = handler.run(ctx);
      } catch (RunSuspendedException e) {
        result = "waiting";
        if (!signal.isCancelled()
            && !broker.suspend(task, workerId, e.stepId(), masker.mask(e.getMessage()),
                e.details())) {
          LOG.info("task {}: the wait was ignored (no longer held by {})", id, workerId);
        }
        return;
      } catch (Exception | LinkageError | AssertionError e) {
        if (signal.isCancelled()) {
          LOG.info("task {} stopped ({}): {}", id, signal.reason(), masker.mask(String.valueOf(e.getMessage())));
          result = stopped(signal);
          return;
        }
        result = "failed";
        LOG.info("task {} failed: {}", id, masker.mask(String.valueOf(e.getMessage())));
        ObjectNode body = Json.object();
        body.put("message", "Run completed with status: failed");
        ObjectNode error = body.putObject("error");
        error.put("name", errorName(e));
        error.put("message", masker.mask(e.getMessage() == null ? e.toString() : e.getMessage()));
        finish(id, TaskStatus.FAILED, body);
        return;
      }
      if (signal.isCancelled()) {
        result = stopped(signal);
        return;
      }
      result = "completed";
      ObjectNode body = Json.object();
      body.put("message", "Run completed with status: completed");
      body.set("output", masker.mask(output == null ? Json.object() : output));
      finish(id, TaskStatus.COMPLETED, body);
    } catch (RuntimeException e) {
      LOG.error("task worker {}: task {} could not be finished; it will be recovered", workerId, id, e);
    } finally {
      meters.taskRun(task, result, System.nanoTime() - start);
      running.remove(id);
      broker.unregister(id, signal);
      requestPump();
    }
  }

  private static String stopped(CancellationSignal signal) {
    return signal.reason() == CancellationSignal.Reason.CANCELLED ? "cancelled" : "stopped";
  }

  private static String errorName(Throwable e) {
    String n = e.getClass().getSimpleName();
    return n.isEmpty() ? "Error" : n;
  }

  private void finish(String id, TaskStatus status, ObjectNode body) {
    boolean done =
        store.transition(
            id,
            TaskTransition.complete(
                workerId, status, List.of(new EventDraft(TaskEventType.COMPLETION, body)), clock.instant()));
    if (!done) {
      LOG.info("task {}: the {} outcome was ignored (no longer held by {})", id, status.wire(), workerId);
    }
    broker.changed();
  }

  private void heartbeatAll() {
    Instant now = clock.instant();
    for (Map.Entry<String, CancellationSignal> e : running.entrySet()) {
      if (e.getValue().isCancelled()) {
        continue;
      }
      try {
        if (!store.heartbeat(e.getKey(), workerId, now)) {
          TaskStatus s = store.get(e.getKey()).map(TaskRecord::status).orElse(null);
          if (s == TaskStatus.CANCELLED) {
            e.getValue().cancel(CancellationSignal.Reason.CANCELLED, "Task " + e.getKey() + " has been cancelled");
          } else {
            e.getValue()
                .cancel(
                    CancellationSignal.Reason.LOST,
                    "Task " + e.getKey() + " is no longer held by worker " + workerId);
          }
        }
      } catch (RuntimeException ex) {
        LOG.warn("task worker {}: heartbeat of task {} failed: {}", workerId, e.getKey(), ex.toString());
      }
    }
  }

  /**
   * Recovers or fails the tasks whose heartbeat is older than the stale timeout, and fails the
   * waiting tasks whose decision did not come in time.
   */
  void recoverStale() {
    broker.expireWaiting(RECOVERY_BATCH);
    Instant now = clock.instant();
    Instant cutoff = now.minus(staleAfter);
    for (TaskRecord t : store.stale(cutoff, RECOVERY_BATCH)) {
      if (running.containsKey(t.id()) || t.workerId() == null) {
        continue;
      }
      JsonNode rec = t.spec().path("EXPERIMENTAL_recovery").path("EXPERIMENTAL_strategy");
      RecoveryStrategy strategy =
          RecoveryStrategy.of(rec.isString() ? rec.asString() : null, defaultRecovery);
      String since = "its worker " + t.workerId() + " last sent a heartbeat at " + t.lastHeartbeatAt();
      boolean done;
      if (strategy == RecoveryStrategy.START_OVER && t.runs() < maxRuns) {
        ObjectNode body = Json.object();
        body.put("message", "The task was recovered: " + since);
        body.put("recoverStrategy", RecoveryStrategy.START_OVER.wire);
        done =
            store.transition(
                t.id(),
                TaskTransition.recover(
                    t.workerId(), cutoff, TaskStatus.OPEN,
                    List.of(new EventDraft(TaskEventType.RECOVERED, body)), now));
        if (done) {
          LOG.warn("task {} recovered (startOver, run {}): {}", t.id(), t.runs(), since);
          broker.dispatch();
        }
      } else {
        String why =
            strategy == RecoveryStrategy.START_OVER
                ? "This task was marked as stale as it exceeded its timeout (it was started "
                    + t.runs() + " times)"
                : "This task was marked as stale as it exceeded its timeout";
        List<EventDraft> events = new ArrayList<>();
        for (String step : TaskBroker.runningSteps(store.events(t.id(), 0))) {
          ObjectNode log = Json.object();
          log.put("message", why);
          log.put("stepId", step);
          log.put("status", TaskStatus.FAILED.wire());
          events.add(new EventDraft(TaskEventType.LOG, log));
        }
        ObjectNode body = Json.object();
        body.put("message", why);
        ObjectNode error = body.putObject("error");
        error.put("name", "TaskStaleError");
        error.put("message", why + ": " + since);
        events.add(new EventDraft(TaskEventType.COMPLETION, body));
        done =
            store.transition(
                t.id(), TaskTransition.recover(t.workerId(), cutoff, TaskStatus.FAILED, events, now));
        if (done) {
          LOG.warn("task {} failed as stale: {}", t.id(), since);
        }
      }
      if (done) {
        broker.changed();
      }
    }
  }

  /**
   * Stops claiming, fires the signals of the running tasks and waits up to the grace period for
   * them to end; shuts down the executor and scheduler if the pool made them.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      jobs.forEach(j -> j.cancel(false));
      jobs.clear();
    }
    broker.removeDispatchListener(dispatchListener);
    running.values().forEach(s -> s.cancel(CancellationSignal.Reason.SHUTDOWN, "The task worker is shutting down"));
    long deadline = System.nanoTime() + shutdownGrace.toNanos();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!running.isEmpty()) {
      LOG.warn(
          "task worker {} closed with {} task(s) still running; they will be recovered", workerId, running.size());
    }
    if (ownScheduler) {
      scheduler.shutdownNow();
      awaitTermination(scheduler);
    }
    if (ownExecutor) {
      executor.shutdownNow();
    }
    meters.close();
  }

  private static void awaitTermination(ExecutorService s) {
    try {
      s.awaitTermination(5, TimeUnit.SECONDS); // a claim or recovery in flight finishes first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link TaskWorkerPool}. */
  public static final class Builder {
    private final TaskBroker broker;
    private final TaskHandler handler;
    private int concurrency = 10;
    private @Nullable String workerId;
    private @Nullable Clock clock;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration staleAfter = Duration.ofSeconds(30);
    private Duration recoveryInterval = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private RecoveryStrategy defaultRecovery = RecoveryStrategy.NONE;
    private int maxRuns = 3;
    private int maxLogEvents = 10_000;
    private int maxMessageChars = 32 * 1024;
    private @Nullable ExecutorService executor;
    private @Nullable ScheduledExecutorService scheduler;
    private MeterRegistry meters = new CompositeMeterRegistry();

    private Builder(TaskBroker broker, TaskHandler handler) {
      this.broker = Objects.requireNonNull(broker, "broker");
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * At most this many tasks at once ({@code scaffolder.concurrentTasksLimit}, default 10); 0
     * runs no tasks (an API-only instance), but still recovers dead workers' tasks.
     */
    public Builder concurrency(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("concurrency must not be negative: " + limit);
      }
      this.concurrency = limit;
      return this;
    }

    /** The id stored on claimed tasks; default {@code worker-<uuid>}. */
    public Builder workerId(String id) {
      this.workerId = Objects.requireNonNull(id);
      return this;
    }

    /** The clock for heartbeats and staleness; default the broker's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How often running tasks heartbeat; default 1 s (Backstage's). */
    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = positive(d, "heartbeat interval");
      return this;
    }

    /**
     * A task whose heartbeat is older than this is recovered or failed; default 30 s ({@code
     * scaffolder.EXPERIMENTAL_recoverTasksTimeout}). Must be well above the heartbeat interval.
     */
    public Builder staleAfter(Duration d) {
      this.staleAfter = positive(d, "stale timeout");
      return this;
    }

    /** How often to look for stale tasks; default 10 s (and once at start). */
    public Builder recoveryInterval(Duration d) {
      this.recoveryInterval = positive(d, "recovery interval");
      return this;
    }

    /** How often to look for open tasks made by other processes; default 1 s. */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "poll interval");
      return this;
    }

    /** How long {@link #close()} waits for running tasks to stop; default 5 s. */
    public Builder shutdownGrace(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("shutdown grace must not be negative");
      }
      this.shutdownGrace = d;
      return this;
    }

    /**
     * The recovery strategy of tasks whose spec names none; default {@link RecoveryStrategy#NONE}
     * (fail), as Backstage.
     */
    public Builder defaultRecovery(RecoveryStrategy strategy) {
      this.defaultRecovery = Objects.requireNonNull(strategy);
      return this;
    }

    /** A task that was started this many times fails instead of starting over; default 3. */
    public Builder maxRuns(int runs) {
      if (runs < 1) {
        throw new IllegalArgumentException("maxRuns must be at least 1");
      }
      this.maxRuns = runs;
      return this;
    }

    /** The most log events one run writes (then one line saying the log was cut); default 10,000. */
    public Builder maxLogEvents(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("maxLogEvents must be at least 1");
      }
      this.maxLogEvents = events;
      return this;
    }

    /** The longest event message kept; longer ones are cut; default 32 Ki characters. */
    public Builder maxMessageChars(int chars) {
      if (chars < 16) {
        throw new IllegalArgumentException("maxMessageChars must be at least 16");
      }
      this.maxMessageChars = chars;
      return this;
    }

    /**
     * The executor that runs tasks (a thread per running task); default a cached pool of daemon
     * threads owned by the pool. A host's executor is not shut down by {@link #close()}.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor);
      return this;
    }

    /**
     * The scheduler for heartbeats, recovery and claiming; default a single daemon thread owned by
     * the pool. A host's scheduler is not shut down by {@link #close()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler);
      return this;
    }

    /**
     * Where the pool's meters go ({@value TaskWorkerPool#TASKS_METER} and the running, open and
     * waiting gauges); default an empty {@link CompositeMeterRegistry}, which records nothing.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /** The pool, not yet started. */
    public TaskWorkerPool build() {
      if (staleAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "stale timeout " + staleAfter + " must be at least twice the heartbeat interval " + heartbeatInterval);
      }
      return new TaskWorkerPool(this);
    }
  }
}
