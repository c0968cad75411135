package dev.greenroom.usersettings;

import dev.greenroom.testsupport.PgSchema;
import dev.greenroom.usersettings.store.jdbc.JdbcUserSettingsStore;
import org.junit.jupiter.api.AfterEach;

class PostgresUserSettingsStoreTest extends UserSettingsStoreContract {
  private PgSchema schema;

  @Override
  protected UserSettingsStore newStore() {
    schema = PgSchema.create("gr_usettings_test");
    return JdbcUserSettingsStore.postgres(schema.url());
  }

  /** The store's pool first, then its schema. */
  @Override
  @AfterEach
  void closeStore() throws Exception {
    super.closeStore();
    if (schema != null) {
      schema.close();
    }
  }
}
