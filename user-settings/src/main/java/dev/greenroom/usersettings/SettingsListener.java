package dev.greenroom.usersettings;

/**
 * Told after a user's setting was written or removed, as Backstage's user-settings backend
 * publishes {@code {type: "key-changed" | "key-deleted", key}} on the signals channel {@code
 * user-settings} to that user, so that the user's other browser tabs reload the key. Called on the
 * request's thread; it should not block.
 */
@FunctionalInterface
public interface SettingsListener {
  /** Nobody listens. */
  SettingsListener NONE = (user, key, deleted) -> {};

  /**
   * A setting changed.
   *
   * @param userEntityRef whose setting
   * @param key the key (its bucket is not part of Backstage's message)
   * @param deleted true when it was removed, false when it was written
   */
  void changed(String userEntityRef, String key, boolean deleted);
}
