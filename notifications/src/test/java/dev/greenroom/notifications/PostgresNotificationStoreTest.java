package dev.greenroom.notifications;

import dev.greenroom.notifications.store.jdbc.JdbcNotificationStore;
import dev.greenroom.testsupport.PgSchema;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL, each test in a schema of its own. */
class PostgresNotificationStoreTest extends NotificationStoreContract {
  private PgSchema schema;

  @Override
  protected NotificationStore newStore() {
    schema = PgSchema.create("gr_notif_test");
    return JdbcNotificationStore.postgres(schema.url());
  }

  @AfterEach
  void dropSchema() {
    store.close();
    if (schema != null) {
      schema.close();
    }
  }
}
