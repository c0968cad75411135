package dev.greenroom.notifications;

import dev.greenroom.notifications.store.jdbc.JdbcNotificationStore;
import java.util.UUID;

class H2NotificationStoreTest extends NotificationStoreContract {
  @Override
  protected NotificationStore newStore() {
    return JdbcNotificationStore.h2InMemory("notifications-" + UUID.randomUUID());
  }
}
