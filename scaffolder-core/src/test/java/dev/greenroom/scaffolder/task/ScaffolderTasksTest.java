package dev.greenroom.scaffolder.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One entry point: a scaffolder built with a task store owns its broker and worker pool. */
class ScaffolderTasksTest {
  @TempDir Path dir;

  private static Template hello() {
    return Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: hello }
        spec:
          type: service
          steps:
            - id: log
              action: debug:log
              input: { message: "hi ${{ parameters.name }}" }
          output:
            text: [{ title: said, content: "hi ${{ parameters.name }}" }]
        """, null);
  }

  @Test
  void aScaffolderWithAStoreRunsTasksUntilClosed() throws Exception {
    MemoryTaskStore store = new MemoryTaskStore();
    TaskRecord t;
    try (Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(dir)
        .taskStore(store).concurrency(2).build()) {
      assertThat(s.hasTasks()).isTrue();
      t = s.tasks().create(new NewTask(TemplateTaskSpec.of(hello(),
          Json.object().put("name", "ann"), TemplateUser.anonymous()), Map.of(), null));
      Thread.sleep(200);
      assertThat(s.tasks().get(t.id()).orElseThrow().status())
          .as("nothing runs before start()").isEqualTo(TaskStatus.OPEN);
      s.start().start(); // idempotent
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (s.tasks().get(t.id()).orElseThrow().status() != TaskStatus.COMPLETED) {
        assertThat(System.nanoTime()).as("task completes").isLessThan(end);
        Thread.sleep(20);
      }
    }
    // the store is the host's: still open after the scaffolder closed
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void withoutAStoreThereAreNoTasks() {
    Scaffolder s = Scaffolder.builder().workspaceRoot(dir).build();
    assertThat(s.hasTasks()).isFalse();
    assertThatThrownBy(s::tasks).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taskStore");
    s.start();
    s.close();
    assertThatThrownBy(() -> Scaffolder.builder().concurrency(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
