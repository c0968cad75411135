package dev.greenroom.examples;

import dev.greenroom.scaffolder.task.EventDraft;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskEvent;
import dev.greenroom.scaffolder.task.TaskPage;
import dev.greenroom.scaffolder.task.TaskQuery;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scaffolder.task.TaskTransition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A custom scaffolder {@link TaskStore}: a decorator that keeps every task in another store (the
 * JDBC or the memory one) and reports each change of a task's life to an audit sink: created
 * (by whom), claimed (by which worker, which run), and every status change the store applied —
 * completion, cancel, retry, recovery — with the statuses it came from and whether the guard
 * held. Secrets are never passed to the sink.
 *
 * <pre>{@code
 * TaskStore store = new AuditingTaskStore(JdbcTaskStore.create(dataSource), auditLog::append);
 * TaskBroker broker = TaskBroker.builder(store).ownsStore(true).build();
 * }</pre>
 *
 * <p>Every method delegates; the audit call comes after the delegate's answer, so a refused
 * transition or an empty claim is reported as such and a failing store reports nothing. The
 * delegate's promises (atomic guarded transitions, no task claimed twice, thread safety) hold
 * unchanged; the sink must be thread-safe, as workers of several tasks call it at once.
 */
public final class AuditingTaskStore implements TaskStore {

  /**
   * One audited change.
   *
   * @param at the time the store was given for the change
   * @param taskId the task
   * @param action {@code created}, {@code claimed}, {@code transition} or {@code refused}
   * @param detail who or what: creator, worker and run, {@code from -> to}
   */
  public record AuditEntry(Instant at, String taskId, String action, String detail) {
    /** Validates the parts. */
    public AuditEntry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return at + " " + taskId + " " + action + " " + detail;
    }
  }

  private final TaskStore delegate;
  private final Consumer<AuditEntry> sink;

  /**
   * A store keeping tasks in {@code delegate} and reporting changes to {@code sink}.
   *
   * @param delegate the store that holds the tasks; closed with this one
   * @param sink receives each change, from the calling (worker or request) thread
   */
  public AuditingTaskStore(TaskStore delegate, Consumer<AuditEntry> sink) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public TaskRecord create(NewTask task, Instant now) {
    TaskRecord r = delegate.create(task, now);
    sink.accept(new AuditEntry(now, r.id(), "created",
        "by " + (task.createdBy() == null ? "anonymous" : task.createdBy())));
    return r;
  }

  @Override
  public Optional<TaskRecord> claim(String workerId, Instant now) {
    Optional<TaskRecord> r = delegate.claim(workerId, now);
    r.ifPresent(t -> sink.accept(new AuditEntry(now, t.id(), "claimed",
        "by " + workerId + " (run " + t.runs() + ")")));
    return r;
  }

  @Override
  public boolean transition(String taskId, TaskTransition transition) {
    boolean applied = delegate.transition(taskId, transition);
    String from = String.join("|", new TreeSet<>(transition.from().stream().map(TaskStatus::wire).toList()));
    String by = transition.expectedWorker() == null ? "" : " held by " + transition.expectedWorker();
    sink.accept(new AuditEntry(transition.at(), taskId, applied ? "transition" : "refused",
        from + by + " -> " + transition.to().wire()));
    return applied;
  }

  // everything else is the delegate's, unchanged

  @Override
  public Optional<TaskRecord> get(String taskId) {
    return delegate.get(taskId);
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return delegate.list(query);
  }

  @Override
  public Map<String, String> secrets(String taskId) {
    return delegate.secrets(taskId);
  }

  @Override
  public boolean heartbeat(String taskId, String workerId, Instant now) {
    return delegate.heartbeat(taskId, workerId, now);
  }

  @Override
  public TaskEvent appendEvent(String taskId, EventDraft event, Instant now) {
    return delegate.appendEvent(taskId, event, now);
  }

  @Override
  public List<TaskEvent> events(String taskId, long after) {
    return delegate.events(taskId, after);
  }

  @Override
  public List<TaskRecord> stale(Instant heartbeatBefore, int limit) {
    return delegate.stale(heartbeatBefore, limit);
  }

  @Override
  public void saveStep(String taskId, String stepId, JsonNode state) {
    delegate.saveStep(taskId, stepId, state);
  }

  @Override
  public void saveCheckpoint(String taskId, String key, JsonNode value) {
    delegate.saveCheckpoint(taskId, key, value);
  }

  @Override
  public void clearSteps(String taskId) {
    delegate.clearSteps(taskId);
  }

  @Override
  public void saveWorkspace(String taskId, byte @Nullable [] snapshot) {
    delegate.saveWorkspace(taskId, snapshot);
  }

  @Override
  public Optional<byte[]> workspace(String taskId) {
    return delegate.workspace(taskId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
