package dev.greenroom.scaffolder.task.memory;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.task.EventDraft;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskEvent;
import dev.greenroom.scaffolder.task.TaskEventType;
import dev.greenroom.scaffolder.task.TaskPage;
import dev.greenroom.scaffolder.task.TaskQuery;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scaffolder.task.TaskTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link TaskStore} in this process's memory: one lock around plain maps. Tasks are lost when the
 * process ends, so recovery only matters between worker pools of one process (as in tests).
 */
public final class MemoryTaskStore implements TaskStore {
  private final Map<String, Row> tasks = new LinkedHashMap<>();
  private final List<TaskEvent> events = new ArrayList<>();
  private long nextEventId = 1;

  private static final class Row {
    final String id;
    final ObjectNode spec;
    final Instant createdAt;
    final @Nullable String createdBy;
    TaskStatus status = TaskStatus.OPEN;
    @Nullable Instant heartbeat;
    @Nullable String worker;
    int runs;
    Map<String, String> secrets;
    final ObjectNode checkpoints = Json.object();
    final ObjectNode steps = Json.object();
    byte @Nullable [] workspace;

    Row(String id, ObjectNode spec, Instant createdAt, @Nullable String createdBy, Map<String, String> secrets) {
      this.id = id;
      this.spec = spec;
      this.createdAt = createdAt;
      this.createdBy = createdBy;
      this.secrets = secrets;
    }

    TaskRecord record() {
      return new TaskRecord(
          id, spec.deepCopy(), status, createdAt, heartbeat, createdBy, worker, runs,
          checkpoints.deepCopy(), steps.deepCopy());
    }
  }

  @Override
  public synchronized TaskRecord create(NewTask task, Instant now) {
    String id = UUID.randomUUID().toString();
    Row r = new Row(id, task.spec().deepCopy(), now, task.createdBy(), task.secrets());
    tasks.put(id, r);
    return r.record();
  }

  @Override
  public synchronized Optional<TaskRecord> get(String taskId) {
    Row r = tasks.get(taskId);
    return r == null ? Optional.empty() : Optional.of(r.record());
  }

  @Override
  public synchronized TaskPage list(TaskQuery q) {
    List<Row> rows = new ArrayList<>();
    for (Row r : tasks.values()) {
      if ((q.createdBy().isEmpty() || (r.createdBy != null && q.createdBy().contains(r.createdBy)))
          && (q.statuses().isEmpty() || q.statuses().contains(r.status))) {
        rows.add(r);
      }
    }
    List<TaskQuery.Order> order =
        q.order().isEmpty()
            ? List.of(new TaskQuery.Order(TaskQuery.Field.CREATED_AT, false))
            : q.order();
    Comparator<Row> cmp = null;
    for (TaskQuery.Order o : order) {
      // nulls sort as the largest value, as PostgreSQL does (the JDBC store says so explicitly)
      Comparator<Row> c =
          Comparator.comparing(
              (Row r) -> key(r, o.field()),
              Comparator.nullsLast(Comparator.<Comparable<Object>>naturalOrder()));
      if (!o.ascending()) {
        c = c.reversed();
      }
      cmp = cmp == null ? c : cmp.thenComparing(c);
    }
    rows.sort(cmp.thenComparing(r -> r.id));
    int from = Math.min(q.offset(), rows.size());
    int to = q.limit() <= 0 ? rows.size() : Math.min(rows.size(), from + q.limit());
    List<TaskRecord> page = new ArrayList<>();
    for (Row r : rows.subList(from, to)) {
      page.add(r.record());
    }
    return new TaskPage(page, rows.size());
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Comparable<Object> key(Row r, TaskQuery.Field f) {
    Comparable<?> k;
    switch (f) {
      case CREATED_AT:
        k = r.createdAt;
        break;
      case LAST_HEARTBEAT_AT:
        k = r.heartbeat;
        break;
      case CREATED_BY:
        k = r.createdBy;
        break;
      case STATUS:
        k = r.status.wire();
        break;
      default:
        k = r.id;
    }
    return (Comparable<Object>) k;
  }

  @Override
  public synchronized Map<String, String> secrets(String taskId) {
    Row r = tasks.get(taskId);
    return r == null ? Map.of() : r.secrets;
  }

  @Override
  public synchronized Optional<TaskRecord> claim(String workerId, Instant now) {
    Row oldest = null;
    for (Row r : tasks.values()) {
      if (r.status == TaskStatus.OPEN
          && (oldest == null || r.createdAt.isBefore(oldest.createdAt))) {
        oldest = r;
      }
    }
    if (oldest == null) {
      return Optional.empty();
    }
    oldest.status = TaskStatus.PROCESSING;
    oldest.worker = workerId;
    oldest.heartbeat = now;
    oldest.runs++;
    return Optional.of(oldest.record());
  }

  @Override
  public synchronized boolean heartbeat(String taskId, String workerId, Instant now) {
    Row r = tasks.get(taskId);
    if (r == null || r.status != TaskStatus.PROCESSING || !workerId.equals(r.worker)) {
      return false;
    }
    r.heartbeat = now;
    return true;
  }

  @Override
  public synchronized boolean transition(String taskId, TaskTransition t) {
    Row r = tasks.get(taskId);
    if (r == null
        || !t.from().contains(r.status)
        || (t.expectedWorker() != null && !t.expectedWorker().equals(r.worker))
        || (t.heartbeatBefore() != null
            && (r.heartbeat == null || !r.heartbeat.isBefore(t.heartbeatBefore())))) {
      return false;
    }
    r.status = t.to();
    if (t.to() != TaskStatus.PROCESSING) {
      r.worker = null;
    }
    if (t.clearSecrets()) {
      r.secrets = Map.of();
    }
    if (t.newSecrets() != null) {
      r.secrets = t.newSecrets();
    }
    if (t.to() == TaskStatus.COMPLETED) {
      r.workspace = null;
    }
    if (!t.deleteEvents().isEmpty()) {
      events.removeIf(e -> e.taskId().equals(taskId) && t.deleteEvents().contains(e.type()));
    }
    for (EventDraft d : t.events()) {
      append(taskId, d, t.at());
    }
    t.checkpoints().forEach((k, v) -> r.checkpoints.set(k, v.deepCopy()));
    return true;
  }

  @Override
  public synchronized TaskEvent appendEvent(String taskId, EventDraft event, Instant now) {
    if (!tasks.containsKey(taskId)) {
      throw new NoSuchElementException("no task " + taskId);
    }
    return append(taskId, event, now);
  }

  private TaskEvent append(String taskId, EventDraft d, Instant now) {
    TaskEvent e = new TaskEvent(nextEventId++, taskId, d.type(), d.body().deepCopy(), now);
    events.add(e);
    return e;
  }

  @Override
  public synchronized List<TaskEvent> events(String taskId, long after) {
    long floor = 0;
    for (TaskEvent e : events) {
      if (e.taskId().equals(taskId) && e.type() == TaskEventType.RECOVERED) {
        floor = e.id();
      }
    }
    List<TaskEvent> out = new ArrayList<>();
    for (TaskEvent e : events) {
      if (e.taskId().equals(taskId) && e.id() > after && e.id() >= floor) {
        out.add(new TaskEvent(e.id(), e.taskId(), e.type(), e.body().deepCopy(), e.createdAt()));
      }
    }
    return out;
  }

  @Override
  public synchronized List<TaskRecord> stale(Instant heartbeatBefore, int limit) {
    List<Row> rows = new ArrayList<>();
    for (Row r : tasks.values()) {
      if (r.status == TaskStatus.PROCESSING
          && r.heartbeat != null
          && r.heartbeat.isBefore(heartbeatBefore)) {
        rows.add(r);
      }
    }
    rows.sort(Comparator.comparing((Row r) -> r.heartbeat).thenComparing(r -> r.id));
    List<TaskRecord> out = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
      out.add(r.record());
    }
    return out;
  }

  @Override
  public synchronized void saveStep(String taskId, String stepId, JsonNode state) {
    Row r = tasks.get(taskId);
    if (r != null) {
      r.steps.set(stepId, state.deepCopy());
    }
  }

  @Override
  public synchronized void saveCheckpoint(String taskId, String key, JsonNode value) {
    Row r = tasks.get(taskId);
    if (r != null) {
      r.checkpoints.set(key, value.deepCopy());
    }
  }

  @Override
  public synchronized void clearSteps(String taskId) {
    Row r = tasks.get(taskId);
    if (r != null) {
      r.steps.removeAll();
    }
  }

  @Override
  public synchronized void saveWorkspace(String taskId, byte @Nullable [] snapshot) {
    Row r = tasks.get(taskId);
    if (r != null) {
      r.workspace = snapshot == null ? null : snapshot.clone();
    }
  }

  @Override
  public synchronized Optional<byte[]> workspace(String taskId) {
    Row r = tasks.get(taskId);
    return r == null || r.workspace == null ? Optional.empty() : Optional.of(r.workspace.clone());
  }

  @Override
  public void close() {}
}
