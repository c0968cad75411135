package dev.greenroom.notifications;

import dev.greenroom.notifications.store.memory.MemoryNotificationStore;

class MemoryNotificationStoreTest extends NotificationStoreContract {
  @Override
  protected NotificationStore newStore() {
    return new MemoryNotificationStore();
  }
}
