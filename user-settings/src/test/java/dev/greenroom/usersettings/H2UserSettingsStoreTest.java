package dev.greenroom.usersettings;

import dev.greenroom.usersettings.store.jdbc.JdbcUserSettingsStore;
import java.util.UUID;

class H2UserSettingsStoreTest extends UserSettingsStoreContract {
  @Override
  protected UserSettingsStore newStore() {
    return JdbcUserSettingsStore.h2InMemory("usettings-" + UUID.randomUUID());
  }
}
