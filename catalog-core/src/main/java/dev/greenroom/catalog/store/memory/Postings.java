package dev.greenroom.catalog.store.memory;

import dev.greenroom.catalog.model.EntityRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The inverted search index: key, then lower-cased value, to the refs holding that row. Most values
 * (names, uids) belong to one entity, so a posting is a bare {@link EntityRef} until a second ref
 * joins it, which keeps the index small at 100,000 entities. Not thread-safe; the store locks.
 */
final class Postings {

  /** The postings of one key. */
  private static final class KeyPostings {
    final NavigableMap<String, Object> byValue = new TreeMap<>();
    final Set<EntityRef> nullValued = new HashSet<>();
    final Set<EntityRef> any = new HashSet<>();

    boolean isEmpty() {
      return any.isEmpty();
    }
  }

  private final Map<String, KeyPostings> byKey = new HashMap<>();

  /** Adds the rows of one entity, given as key to values (null for a null value). */
  void add(EntityRef ref, Map<String, ? extends List<String>> index) {
    for (Map.Entry<String, ? extends List<String>> e : index.entrySet()) {
      KeyPostings kp = byKey.computeIfAbsent(e.getKey(), k -> new KeyPostings());
      kp.any.add(ref);
      for (String v : e.getValue()) {
        if (v == null) {
          kp.nullValued.add(ref);
        } else {
          kp.byValue.merge(v, ref, Postings::join);
        }
      }
    }
  }

  /** Removes the rows {@link #add} added for the same arguments. */
  void remove(EntityRef ref, Map<String, ? extends List<String>> index) {
    for (Map.Entry<String, ? extends List<String>> e : index.entrySet()) {
      KeyPostings kp = byKey.get(e.getKey());
      if (kp == null) {
        continue;
      }
      kp.any.remove(ref);
      for (String v : e.getValue()) {
        if (v == null) {
          kp.nullValued.remove(ref);
        } else {
          kp.byValue.computeIfPresent(v, (k, old) -> without(old, ref));
        }
      }
      if (kp.isEmpty()) {
        byKey.remove(e.getKey());
      }
    }
  }

  /** Refs with a row {@code (key, value)}; adds them to {@code out}. */
  void addEquals(String key, String value, Collection<EntityRef> out) {
    KeyPostings kp = byKey.get(key);
    if (kp != null) {
      addAll(kp.byValue.get(value), out);
    }
  }

  /** Refs with a row for {@code key} whose value starts with {@code prefix}; adds them to {@code out}. */
  void addPrefixed(String key, String prefix, Collection<EntityRef> out) {
    KeyPostings kp = byKey.get(key);
    if (kp == null) {
      return;
    }
    for (Map.Entry<String, Object> e : kp.byValue.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      addAll(e.getValue(), out);
    }
  }

  /** Refs with any row for {@code key}, null values included (a read-only view). */
  Set<EntityRef> holders(String key) {
    KeyPostings kp = byKey.get(key);
    return kp == null ? Set.of() : java.util.Collections.unmodifiableSet(kp.any);
  }

  /** The values of {@code key} in order, each with its posting (see {@link #addAll}). */
  NavigableMap<String, Object> values(String key) {
    KeyPostings kp = byKey.get(key);
    return kp == null ? java.util.Collections.emptyNavigableMap() : kp.byValue;
  }

  /** Adds the refs of one posting of {@link #values} to {@code out}. */
  static void addAll(@Nullable Object posting, Collection<EntityRef> out) {
    if (posting instanceof EntityRef r) {
      out.add(r);
    } else if (posting != null) {
      @SuppressWarnings("unchecked")
      Set<EntityRef> set = (Set<EntityRef>) posting;
      out.addAll(set);
    }
  }

  private static Object join(Object old, Object added) {
    EntityRef ref = (EntityRef) added;
    if (old instanceof EntityRef r) {
      if (r.equals(ref)) {
        return r;
      }
      Set<EntityRef> set = new HashSet<>(4);
      set.add(r);
      set.add(ref);
      return set;
    }
    @SuppressWarnings("unchecked")
    Set<EntityRef> set = (Set<EntityRef>) old;
    set.add(ref);
    return set;
  }

  private static @Nullable Object without(Object old, EntityRef ref) {
    if (old instanceof EntityRef r) {
      return r.equals(ref) ? null : r;
    }
    @SuppressWarnings("unchecked")
    Set<EntityRef> set = (Set<EntityRef>) old;
    set.remove(ref);
    if (set.size() == 1) {
      return set.iterator().next();
    }
    return set.isEmpty() ? null : set;
  }
}
