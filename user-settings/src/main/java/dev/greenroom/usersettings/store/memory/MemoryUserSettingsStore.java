package dev.greenroom.usersettings.store.memory;

import dev.greenroom.usersettings.BucketKey;
import dev.greenroom.usersettings.UserSettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/** Settings in a map; lost when the process ends. */
public final class MemoryUserSettingsStore implements UserSettingsStore {
  private record Id(String user, String bucket, String key) {}

  private final ConcurrentMap<Id, String> values = new ConcurrentHashMap<>();

  private static Id id(String user, BucketKey w) {
    return new Id(user, w.bucket(), w.key());
  }

  @Override
  public Optional<String> get(String userEntityRef, BucketKey where) {
    return Optional.ofNullable(values.get(id(userEntityRef, where)));
  }

  @Override
  public List<@Nullable String> getAll(String userEntityRef, List<BucketKey> where) {
    List<@Nullable String> out = new ArrayList<>(where.size());
    for (BucketKey w : where) {
      out.add(values.get(id(userEntityRef, w)));
    }
    return out;
  }

  @Override
  public void put(String userEntityRef, BucketKey where, String json) {
    values.put(id(userEntityRef, where), json);
  }

  @Override
  public void remove(String userEntityRef, BucketKey where) {
    values.remove(id(userEntityRef, where));
  }
}
