package dev.greenroom.catalog.processing.state.internal;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.state.Conflict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's location-key rule, decided here once and executed by both processing state stores
 * (the memory store on its maps, the JDBC store on rows it preloaded and writes in batches).
 *
 * <p>Writing an unprocessed entity with ref R and key K: no row for R → insert; the row's key is
 * null or equals K → update (or nothing, when hash and key are the same); otherwise a conflict: the
 * row is untouched and the newcomer dropped. A parent's children and a provider's entities are
 * written <em>in the order they were emitted</em>, each against the rows the earlier ones left, as
 * Backstage's {@code addUnprocessedEntities} does: when one run reads the same ref from two files,
 * the first file keeps it and the second is a conflict (never a silent last-one-wins), while the
 * same ref twice under one key is an update.
 */
public final class LocationKeyRule {

  /** What the rule decided for one write. */
  public enum Decision {
    /** No row yet: insert one with the newcomer's data and key. */
    INSERT,
    /** The row's key allows it and something differs: replace data and key, due now. */
    UPDATE,
    /** Same hash and key as the row: nothing to write. */
    UNCHANGED,
    /** The row is held under another key: keep it, drop the newcomer. */
    CONFLICT
  }

  /** What a stored row holds that the rule reads. */
  public interface Held {
    /** SHA-1 of the stored unprocessed entity's stable JSON ({@link StateSupport#hash}). */
    String unprocessedHash();

    /** The stored location key, or null. */
    @Nullable String locationKey();
  }

  /** The store's side of a write: look a row up, insert it, update it. */
  public interface Rows {
    /** The row for {@code ref} as the earlier writes of this operation left it, or null. */
    @Nullable Held held(EntityRef ref);

    /** Inserts a row for {@code d} (the next {@link #held} of its ref must see it). */
    void insert(DeferredEntity d, String hash);

    /** Replaces the row's unprocessed entity, hash and key with {@code d}'s; due now. */
    void update(DeferredEntity d, String hash);
  }

  private LocationKeyRule() {}

  /** The decision for writing {@code hash} under {@code key} over {@code row}. */
  public static Decision decide(@Nullable Held row, String hash, @Nullable String key) {
    if (row == null) {
      return Decision.INSERT;
    }
    String held = row.locationKey();
    if (held != null && !held.equals(key)) {
      return Decision.CONFLICT;
    }
    if (hash.equals(row.unprocessedHash()) && Objects.equals(held, key)) {
      return Decision.UNCHANGED;
    }
    return Decision.UPDATE;
  }

  /**
   * Writes {@code d} by the rule.
   *
   * @return the conflict, or null when the entity was inserted, updated or already equal (the
   *     caller then references it from its source or parent)
   */
  public static @Nullable Conflict write(DeferredEntity d, Rows rows) {
    EntityRef ref = d.entity().ref();
    String hash = StateSupport.hash(d.entity());
    Held row = rows.held(ref);
    switch (decide(row, hash, d.locationKey())) {
      case INSERT -> rows.insert(d, hash);
      case UPDATE -> rows.update(d, hash);
      case UNCHANGED -> {}
      case CONFLICT -> {
        return new Conflict(ref, Objects.requireNonNull(row).locationKey(), d.locationKey(), d.entity());
      }
    }
    return null;
  }

  /**
   * Writes {@code emitted} in order by the rule; {@code accepted} receives each ref that was
   * written or already equal (possibly more than once), the returned list the conflicts.
   */
  public static List<Conflict> writeAll(
      List<DeferredEntity> emitted, Rows rows, Consumer<EntityRef> accepted) {
    List<Conflict> conflicts = new ArrayList<>();
    for (DeferredEntity d : emitted) {
      Conflict c = write(d, rows);
      if (c == null) {
        accepted.accept(d.entity().ref());
      } else {
        conflicts.add(c);
      }
    }
    return conflicts;
  }
}
