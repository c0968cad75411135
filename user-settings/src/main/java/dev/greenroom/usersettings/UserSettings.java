package dev.greenroom.usersettings;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.usersettings.store.memory.MemoryUserSettingsStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's user-settings backend: each user's settings are JSON values under a bucket and a
 * key ({@code default.starredEntities} / {@code entityRefs}, {@code userSettings} / {@code theme},
 * ...), read and written only by that user. What Backstage's {@code @backstage/plugin-user-settings}
 * frontend stores there is opaque to the backend; it is kept as given.
 *
 * <p>Limits (Backstage keeps buckets and keys in 255-character columns and reads bodies of up to
 * 100 kB): a bucket or key of 1 to {@value #MAX_NAME_LENGTH} characters, a value of at most
 * {@value #MAX_VALUE_BYTES} bytes of JSON, at most {@value #MAX_MULTIGET} keys in one {@link
 * #getAll}. Breaking one throws {@link IllegalArgumentException} naming the part and the limit.
 *
 * <pre>{@code
 * UserSettings settings = UserSettings.builder()
 *     .store(JdbcUserSettingsStore.create(dataSource))
 *     .listener((user, key, deleted) -> signals.publish(...))
 *     .build();
 * }</pre>
 */
public final class UserSettings {
  /** The longest bucket or key name. */
  public static final int MAX_NAME_LENGTH = 255;
  /** The largest value, as JSON text in UTF-8. */
  public static final int MAX_VALUE_BYTES = 100 * 1024;
  /** The most keys one {@link #getAll} reads. */
  public static final int MAX_MULTIGET = 1000;

  private final UserSettingsStore store;
  private final SettingsListener listener;

  private UserSettings(Builder b) {
    this.store = b.store;
    this.listener = b.listener;
  }

  /** A builder: in-memory store and no listener unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value of this user's key, if stored. */
  public Optional<JsonNode> get(String userEntityRef, BucketKey where) {
    check(userEntityRef, where);
    return store.get(userEntityRef, where).map(UserSettings::parseStored);
  }

  /**
   * The values of these keys of one user, in the order asked, {@code null} where nothing is
   * stored (Backstage's {@code multiget}).
   */
  public List<@Nullable JsonNode> getAll(String userEntityRef, List<BucketKey> where) {
    Objects.requireNonNull(where, "where");
    if (where.size() > MAX_MULTIGET) {
      throw new IllegalArgumentException("At most " + MAX_MULTIGET + " keys may be read at once, got "
          + where.size());
    }
    for (BucketKey w : where) {
      check(userEntityRef, w);
    }
    if (where.isEmpty()) {
      return List.of();
    }
    List<@Nullable String> texts = store.getAll(userEntityRef, where);
    if (texts.size() != where.size()) {
      throw new UserSettingsException("The user settings store answered " + texts.size()
          + " values for " + where.size() + " keys");
    }
    List<@Nullable JsonNode> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(t == null ? null : parseStored(t));
    }
    return out;
  }

  /** Stores the value of this user's key and tells the listener. */
  public void set(String userEntityRef, BucketKey where, JsonNode value) {
    check(userEntityRef, where);
    Objects.requireNonNull(value, "value");
    if (value.isMissingNode()) {
      throw new IllegalArgumentException("Missing required field \"value\"");
    }
    String json = Json.write(value);
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("The value of '" + where.key() + "' in bucket '"
          + where.bucket() + "' is " + size + " bytes of JSON; at most " + MAX_VALUE_BYTES
          + " are kept");
    }
    store.put(userEntityRef, where, json);
    listener.changed(userEntityRef, where.key(), false);
  }

  /** Removes this user's key (nothing to remove is fine) and tells the listener. */
  public void delete(String userEntityRef, BucketKey where) {
    check(userEntityRef, where);
    store.remove(userEntityRef, where);
    listener.changed(userEntityRef, where.key(), true);
  }

  private static void check(String userEntityRef, BucketKey where) {
    Objects.requireNonNull(userEntityRef, "userEntityRef");
    Objects.requireNonNull(where, "where");
    name("bucket", where.bucket());
    name("key", where.key());
  }

  private static void name(String what, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("The " + what + " must not be empty");
    }
    if (value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("The " + what + " is " + value.length()
          + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
    }
  }

  private static JsonNode parseStored(String text) {
    try {
      return Json.parse(text);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new UserSettingsException("A stored user setting is not JSON: " + e.getMessage(), e);
    }
  }

  /** Configures {@link UserSettings}. */
  public static final class Builder {
    private UserSettingsStore store = new MemoryUserSettingsStore();
    private SettingsListener listener = SettingsListener.NONE;

    private Builder() {}

    /** Where settings are kept; default in memory (lost at restart). */
    public Builder store(UserSettingsStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Told about every write and removal; default nobody. */
    public Builder listener(SettingsListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The backend. */
    public UserSettings build() {
      return new UserSettings(this);
    }
  }
}
