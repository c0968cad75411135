package dev.greenroom.usersettings;

import dev.greenroom.usersettings.store.memory.MemoryUserSettingsStore;

class MemoryUserSettingsStoreTest extends UserSettingsStoreContract {
  @Override
  protected UserSettingsStore newStore() {
    return new MemoryUserSettingsStore();
  }
}
