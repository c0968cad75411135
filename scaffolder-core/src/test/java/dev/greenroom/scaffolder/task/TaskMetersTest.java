package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task runs and steps timed by template and result; the queues as gauges. */
class TaskMetersTest {
  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Always fails. */
  static final TemplateAction FAILS = new TemplateAction() {
    @Override
    public String id() {
      return "test:fail";
    }

    @Override
    public void execute(ActionContext ctx) {
      throw new IllegalStateException("the remote said no");
    }
  };

  private static Template template(String name, String action) {
    return Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: %s }
        spec:
          type: service
          steps:
            - id: say
              action: debug:log
              input: { message: hi }
            - id: last
              action: %s
              input: { message: bye }
        """.formatted(name, action), null);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(end);
      Thread.sleep(20);
    }
  }

  private Timer timer(String name, String... tags) {
    return meters.find(name).tags(tags).timer();
  }

  @Test
  void finishedTasksAndTheirStepsAreTimedByTemplateAndResult() throws Exception {
    try (Scaffolder s = Scaffolder.builder().defaultActions().action(FAILS).workspaceRoot(dir)
        .taskStore(new MemoryTaskStore()).concurrency(2).meterRegistry(meters).build()) {
      s.tasks().create(new NewTask(TemplateTaskSpec.of(template("hello", "debug:log"),
          Json.object(), TemplateUser.anonymous()), Map.of(), null));
      s.tasks().create(new NewTask(TemplateTaskSpec.of(template("broken", "test:fail"),
          Json.object(), TemplateUser.anonymous()), Map.of(), null));
      assertThat(meters.get(TaskWorkerPool.OPEN_METER).gauge().value()).isEqualTo(2);
      assertThat(meters.get(TaskWorkerPool.RUNNING_METER).gauge().value()).isZero();
      s.start();
      await(() -> timer(TaskWorkerPool.TASKS_METER, "template", "template:default/hello") != null
          && timer(TaskWorkerPool.TASKS_METER, "template", "template:default/broken") != null);

      Timer hello = timer(TaskWorkerPool.TASKS_METER, "template", "template:default/hello");
      assertThat(hello.getId().getTag("result")).isEqualTo("completed");
      assertThat(hello.count()).isEqualTo(1);
      Timer broken = timer(TaskWorkerPool.TASKS_METER, "template", "template:default/broken");
      assertThat(broken.getId().getTag("result")).isEqualTo("failed");
      assertThat(broken.count()).isEqualTo(1);

      assertThat(timer(TemplateTaskHandler.STEPS_METER, "template", "template:default/hello",
          "step", "last", "result", "completed").count()).isEqualTo(1);
      assertThat(timer(TemplateTaskHandler.STEPS_METER, "template", "template:default/broken",
          "step", "say", "result", "completed").count()).isEqualTo(1);
      assertThat(timer(TemplateTaskHandler.STEPS_METER, "template", "template:default/broken",
          "step", "last", "result", "failed").count()).isEqualTo(1);
      assertThat(meters.find(TemplateTaskHandler.STEPS_METER).timers()).hasSize(4);
    }
    // a closed pool leaves no gauges behind
    assertThat(meters.find(TaskWorkerPool.RUNNING_METER).gauge()).isNull();
    assertThat(meters.find(TaskWorkerPool.OPEN_METER).gauge()).isNull();
  }
}
