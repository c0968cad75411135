package dev.greenroom.cli;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.HttpApi;
import dev.greenroom.notifications.signals.SignalService;
import dev.greenroom.usersettings.UserSettings;
import dev.greenroom.usersettings.http.UserSettingsApiPlugin;
import dev.greenroom.usersettings.store.jdbc.JdbcUserSettingsStore;
import java.util.List;
import javax.sql.DataSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user-settings backend {@code serve} mounts at {@code /api/user-settings}, as create-app's
 * backend adds {@code @backstage/plugin-user-settings-backend}: settings in the {@code
 * gr_user_settings} table of the catalog's database; each change is pushed to the user's browsers
 * on the signals channel {@code user-settings}, as Backstage does.
 */
final class UserSettingsSetup {
  /** Backstage's signals channel for settings changes. */
  static final String CHANNEL = "user-settings";

  private UserSettingsSetup() {}

  /** Mounts the routes on {@code server}; the caller closes the store that this returns. */
  static JdbcUserSettingsStore mount(DataSource dataSource, SignalService signals, HttpApi.Builder server) {
    JdbcUserSettingsStore store = JdbcUserSettingsStore.create(dataSource);
    UserSettings settings = UserSettings.builder()
        .store(store)
        .listener((user, key, deleted) -> {
          ObjectNode message = Json.object();
          message.put("type", deleted ? "key-deleted" : "key-changed");
          message.put("key", key);
          signals.publishToUsers(List.of(user), CHANNEL, message);
        })
        .build();
    server.plugin(new UserSettingsApiPlugin(settings));
    return store;
  }
}
