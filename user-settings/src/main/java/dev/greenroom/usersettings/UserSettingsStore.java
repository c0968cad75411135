package dev.greenroom.usersettings;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where settings are kept: one JSON text per (user, bucket, key). {@link UserSettings} validates
 * what it passes in (lengths, value size); a store only keeps it. Implementations are thread-safe.
 * Built in: {@code JdbcUserSettingsStore} (H2 or PostgreSQL, usually the catalog's database) and
 * {@code MemoryUserSettingsStore}.
 */
public interface UserSettingsStore {
  /** The JSON text stored for this user's key, if any. */
  Optional<String> get(String userEntityRef, BucketKey where);

  /**
   * The JSON texts stored for these keys of one user, in the order asked, {@code null} where
   * nothing is stored.
   */
  List<@Nullable String> getAll(String userEntityRef, List<BucketKey> where);

  /** Stores (or replaces) the JSON text of this user's key. */
  void put(String userEntityRef, BucketKey where, String json);

  /** Removes this user's key; nothing happens when there is none. */
  void remove(String userEntityRef, BucketKey where);
}
