package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import java.util.UUID;

class H2TaskStoreTest extends TaskStoreContract {
  @Override
  protected TaskStore newStore() {
    return JdbcTaskStore.h2InMemory("tasks-" + UUID.randomUUID());
  }
}
