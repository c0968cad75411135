package dev.greenroom.auth.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link KeyStore} in memory: keys live as long as the process, seen by this instance only. */
public final class MemoryKeyStore implements KeyStore {
  private final Map<String, StoredKey> keys = new LinkedHashMap<>();

  @Override
  public synchronized void addKey(StoredKey key) {
    if (keys.putIfAbsent(key.kid(), key) != null) {
      throw new IllegalArgumentException("a signing key with kid " + key.kid() + " exists");
    }
  }

  @Override
  public synchronized List<StoredKey> listKeys() {
    List<StoredKey> out = new ArrayList<>(keys.values());
    out.sort(Comparator.comparing(StoredKey::createdAt));
    return out;
  }

  @Override
  public synchronized void removeKeys(Collection<String> kids) {
    kids.forEach(keys::remove);
  }
}
