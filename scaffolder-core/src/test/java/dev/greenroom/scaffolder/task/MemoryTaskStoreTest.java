package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.task.memory.MemoryTaskStore;

class MemoryTaskStoreTest extends TaskStoreContract {
  @Override
  protected TaskStore newStore() {
    return new MemoryTaskStore();
  }
}
