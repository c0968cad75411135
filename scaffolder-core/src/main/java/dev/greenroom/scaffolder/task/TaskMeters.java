package dev.greenroom.scaffolder.task;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The scaffolder's Micrometer meters, after Backstage's {@code scaffolder_task_duration} and
 * {@code scaffolder_step_duration} (tags {@code template}, {@code step}, {@code result}); every one
 * is listed in {@code docs/metrics.md}. The template tag is the template's entity ref, as
 * Backstage labels it: one value per template in the catalog.
 */
final class TaskMeters {
  private static final Logger LOG = LoggerFactory.getLogger(TaskMeters.class);

  /** How old the store counts behind the open/waiting gauges may be before a scrape reads again. */
  static final Duration GAUGE_MAX_AGE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final List<Meter> gauges = new ArrayList<>();

  TaskMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The template tag of a task: {@code spec.templateInfo.entityRef}, or {@code unknown}. */
  static String template(TaskRecord task) {
    JsonNode ref = task.spec().path("templateInfo").get("entityRef");
    return ref != null && ref.isString() && !ref.asString().isEmpty() ? ref.asString() : "unknown";
  }

  /** One run of a task by a worker, from claim to its end. */
  void taskRun(TaskRecord task, String result, long nanos) {
    Timer.builder(TaskWorkerPool.TASKS_METER)
        .description("task runs by a worker, from claim to end, by template and result")
        .tag("template", template(task))
        .tag("result", result)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One step of a task's run. */
  void step(String template, String stepId, String result, long nanos) {
    Timer.builder(TemplateTaskHandler.STEPS_METER)
        .description("steps of task runs, by template, step and result")
        .tag("template", template)
        .tag("step", stepId)
        .tag("result", result)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The pool's gauges: running tasks, and the store's open and waiting tasks. */
  synchronized void bindGauges(Map<String, ?> running, TaskStore store) {
    gauges.add(Gauge.builder(TaskWorkerPool.RUNNING_METER, running, Map::size)
        .description("tasks this worker pool runs now").strongReference(true).register(registry));
    StoreCounts counts = new StoreCounts(store);
    gauges.add(Gauge.builder(TaskWorkerPool.OPEN_METER, counts, c -> c.read().open)
        .description("tasks waiting for a worker (status open)").strongReference(true)
        .register(registry));
    gauges.add(Gauge.builder(TaskWorkerPool.WAITING_METER, counts, c -> c.read().waiting)
        .description("tasks waiting for a decision (status waiting)").strongReference(true)
        .register(registry));
  }

  /** Removes the gauges (the pool is closed). */
  synchronized void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }

  /** Counts of open and waiting tasks, read together at most once per {@link #GAUGE_MAX_AGE}. */
  private static final class StoreCounts {
    private final TaskStore store;
    private boolean read;
    private long readAt;
    private double open = Double.NaN;
    private double waiting = Double.NaN;

    StoreCounts(TaskStore store) {
      this.store = store;
    }

    synchronized StoreCounts read() {
      long now = System.nanoTime();
      if (read && now - readAt < GAUGE_MAX_AGE.toNanos()) {
        return this;
      }
      read = true;
      readAt = now;
      try {
        open = count(TaskStatus.OPEN);
        waiting = count(TaskStatus.WAITING);
      } catch (RuntimeException e) {
        LOG.debug("counting open and waiting tasks failed: {}", e.toString());
      }
      return this;
    }

    private double count(TaskStatus status) {
      return store.list(new TaskQuery(List.of(), List.of(status), List.of(), 1, 0)).totalTasks();
    }
  }
}
