package dev.greenroom.scaffolder.task;

import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.testsupport.PgSchema;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL, each test in a schema of its own. */
class PostgresTaskStoreTest extends TaskStoreContract {
  private PgSchema schema;

  @Override
  protected TaskStore newStore() {
    schema = PgSchema.create("gr_task_test");
    return JdbcTaskStore.postgres(schema.url());
  }

  @AfterEach
  void dropSchema() {
    store.close();
    if (schema != null) {
      schema.close();
    }
  }
}
